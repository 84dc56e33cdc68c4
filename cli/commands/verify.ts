// `phg verify [PATH...]`: checks certificates and signed versions — signature, trust, structure
// against the current source, weights digest, chain to the root, increasing version numbers —
// and prints each check. Exit 0 only if every check of every artifact passes.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { certificateExtension } from '../../engine/attest/certificate.js';
import { listVersionNumbers } from '../../engine/attest/version-files.js';
import { readTrustStore, type TrustStore } from '../../engine/signing/trust-store.js';
import { CertificateCode } from '../../engine/verify/certificate-codes.js';
import { checksFor, reportPassed, type VerificationReport } from '../../engine/verify/verification-report.js';
import { verifyCertificate } from '../../engine/verify/verify-certificate.js';
import { verifyVersion } from '../../engine/verify/verify-version.js';
import { listCertificateFiles } from '../cert/certificate-search.js';
import { parseCommandArguments } from '../cert/cli-arguments.js';
import { currentModelFromSource } from '../cert/source-model.js';
import { formatReport } from '../cert/verification-output.js';
import { findWorkspaceRoot, trustStorePath, versionsPath } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';

const usage = `usage: phg verify [PATH...] [--json]

Verifies certificates (*.phgcert) and signed versions (.phg/versions/N) against
the workspace's phg.trust.json and prints every check:
  signer trusted, signature        PHG5003, PHG5002
  structure matches source          PHG5001 (names what changed)
  weights digest                    PHG5005
  chain to the root, certificate    PHG5004
  version number increases          PHG5006
PATH is a .phgcert file, a version directory, or a versions directory. Without
PATH: every .phgcert under the workspace root (not in hidden folders or
node_modules) and every version in .phg/versions.

options:
  --json   print an array of reports {subject, checks: [{id, title, status, code, message, file}]}

exit status: 0 every check passed, 1 a check failed, 2 usage or I/O error
`;

/** The `phg verify` command. */
export const verifyCommand: CliCommand = {
    name: 'verify',
    summary: 'verify certificates and signed versions, printing each check',
    usage,
    run: runVerify
};

async function runVerify(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArguments<{ json?: boolean }>(args, { json: { type: 'boolean' } });
    if (!parsed.ok) {
        io.stderr(`phg verify: ${parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const root = findWorkspaceRoot(io.cwd);
    const trustFile = trustStorePath(root);
    const trust = readTrustStore(trustFile);
    if (!trust.ok) {
        const check = checksFor(trustFile);
        const report: VerificationReport = { subject: trustFile, checks: trust.problems.map((problem) => check.failed('trust-store', 'trust store', CertificateCode.trustStoreInvalid, `${problem.pointer || '/'}: ${problem.message}`)) };
        return print(io, [report], parsed.values.json === true);
    }
    const targets = parsed.positionals.length > 0 ? parsed.positionals.map((path) => resolve(io.cwd, path)) : defaultTargets(root);
    if (targets.length === 0) {
        io.stderr(`phg verify: nothing to verify in ${root} (no *.phgcert, no .phg/versions)\n`);
        return ExitCode.usage;
    }
    const reports: VerificationReport[] = [];
    for (const target of targets) {
        const verified = await verifyTarget(target, trust.store, root);
        if (!verified.ok) {
            io.stderr(`phg verify: ${verified.message}\n`);
            return ExitCode.usage;
        }
        reports.push(...verified.reports);
    }
    return print(io, reports, parsed.values.json === true);
}

function print(io: CliIO, reports: readonly VerificationReport[], json: boolean): number {
    if (json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
    else io.stdout(reports.map((report) => formatReport(report, io.cwd)).join(''));
    const passed = reports.every(reportPassed);
    if (!json) io.stdout(passed ? `all ${reports.length} verified\n` : `${reports.filter((report) => !reportPassed(report)).length} of ${reports.length} failed verification\n`);
    return passed ? ExitCode.ok : ExitCode.failed;
}

function defaultTargets(root: string): string[] {
    const certificates = listCertificateFiles(root);
    const versions = versionsPath(root);
    return listVersionNumbers(versions).length > 0 ? [...certificates, versions] : certificates;
}

async function verifyTarget(target: string, trust: TrustStore, root: string): Promise<{ readonly ok: true; readonly reports: VerificationReport[] } | { readonly ok: false; readonly message: string }> {
    let isDirectory: boolean;
    try {
        isDirectory = statSync(target).isDirectory();
    } catch {
        return { ok: false, message: `cannot read ${target}` };
    }
    if (!isDirectory) {
        if (!target.endsWith(certificateExtension)) return { ok: false, message: `${target} is neither a ${certificateExtension} file nor a version directory` };
        return { ok: true, reports: [await verifyCertificateFile(target, trust, root)] };
    }
    if (/^[1-9][0-9]*$/.test(basename(target))) {
        return { ok: true, reports: [await verifyVersionDirectory(resolve(target, '..'), Number(basename(target)), trust, root)] };
    }
    const versions = listVersionNumbers(target);
    if (versions.length === 0) return { ok: false, message: `${target} holds no versions (directories named 1, 2, ...)` };
    const reports: VerificationReport[] = [];
    for (const version of versions) reports.push(await verifyVersionDirectory(target, version, trust, root));
    return { ok: true, reports };
}

async function verifyCertificateFile(file: string, trust: TrustStore, root: string): Promise<VerificationReport> {
    const bytes = readFileSync(file);
    const first = verifyCertificate(file, bytes, trust, undefined);
    if (!first.predicate) return first.report;
    const current = await currentModelFromSource(resolve(root, first.predicate.source.path), first.predicate.model);
    if (!current.ok) return withSourceProblem(first.report, current.message);
    return verifyCertificate(file, bytes, trust, current.model).report;
}

async function verifyVersionDirectory(versionsDirectory: string, version: number, trust: TrustStore, root: string): Promise<VerificationReport> {
    const first = verifyVersion({ versionsDirectory, version, trust });
    const source = first.certificate?.source.path;
    if (!first.record || !source) return first.report;
    const current = await currentModelFromSource(resolve(root, source), first.record.model);
    if (!current.ok) return withSourceProblem(first.report, current.message);
    return verifyVersion({ versionsDirectory, version, trust, current: current.model }).report;
}

function withSourceProblem(report: VerificationReport, message: string): VerificationReport {
    const check = checksFor(report.subject);
    const checks = report.checks.filter((entry) => entry.id !== 'structure');
    return { ...report, checks: [...checks, check.failed('structure', 'structure matches source', CertificateCode.fileUnreadable, message)] };
}
