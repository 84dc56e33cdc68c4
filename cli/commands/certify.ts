// `phg certify FILE [--model M] [--key KEY]`: runs every check of the model, lowers it, and signs a
// certificate of its structure: `<Model>.phgcert` beside the source.
import { dirname, join, relative, resolve } from 'node:path';
import { signCertificate } from '../../engine/attest/certificate.js';
import { certificatePredicateFor } from '../../engine/attest/certificate-from-ir.js';
import { writeAtomic } from '../../engine/store/atomic-write.js';
import { shortFingerprint } from '../../engine/signing/keys.js';
import { parseCommandArguments } from '../cert/cli-arguments.js';
import { loadSourceModel } from '../cert/source-model.js';
import { shown } from '../cert/verification-output.js';
import { readSigningKeyOption } from '../cert/version-signing.js';
import { findWorkspaceRoot } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';
import { certifyingToolVersion } from '../cert/tool-version.js';

const usage = `usage: phg certify FILE [--model M] [--key PRIVATE_KEY_FILE|-] [--format F] [--out FILE] [--json]

Checks the model (dimensions, shapes, grades, ranges), lowers it as phg train
does, and writes a signed certificate of its structure: an in-toto statement in
a DSSE envelope, Ed25519-signed. Refuses a model with errors.

options:
  --model M     the model (default: the file's only model)
  --key FILE    the private key (default: $PHG_SIGNING_KEY, else the config dir's
                default.key); '-' reads a PEM key from stdin (the editor's secret storage)
  --format F    certify the structure in format F (as phg train --format F would train it)
  --out FILE    where to write (default: <Model>.phgcert beside FILE)
  --json        print {file, model, structureHash, signer} as JSON

exit status: 0 certified, 1 the model has errors, 2 usage, key or I/O error
`;

/** The `phg certify` command. */
export const certifyCommand: CliCommand = {
    name: 'certify',
    summary: 'check a model and write its signed certificate (.phgcert)',
    usage,
    run: runCertify
};

async function runCertify(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArguments<{ model?: string; key?: string; format?: string; out?: string; json?: boolean }>(args, {
        model: { type: 'string' }, key: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }
    });
    if (!parsed.ok || parsed.positionals.length !== 1) {
        io.stderr(`phg certify: ${parsed.ok ? 'give one .phg file' : parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const file = resolve(io.cwd, parsed.positionals[0] as string);
    const key = await readSigningKeyOption(parsed.values.key, io, process.env);
    if (!key.ok) {
        io.stderr(`phg certify: ${key.message}\n`);
        return ExitCode.usage;
    }
    const loaded = await loadSourceModel(file, { ...(parsed.values.model ? { model: parsed.values.model } : {}), ...(parsed.values.format ? { format: parsed.values.format } : {}) });
    if (!loaded.ok) {
        io.stderr(`phg certify: ${loaded.message}\n`);
        return loaded.modelErrors ? ExitCode.failed : ExitCode.usage;
    }
    const source = loaded.source;
    if (source.errors.length > 0) {
        io.stderr(`phg certify: ${source.model} is not certified: ${source.errors.length} error${source.errors.length === 1 ? '' : 's'}\n`);
        for (const error of source.errors) io.stderr(`  ${error.file}:${error.range.start.line + 1}:${error.range.start.character + 1} ${error.code ?? ''} ${error.message}\n`);
        return ExitCode.failed;
    }
    const root = findWorkspaceRoot(dirname(file));
    const predicate = certificatePredicateFor({
        graph: source.graph,
        sourcePath: relative(root, file).split('\\').join('/'),
        sourceBytes: source.sourceBytes,
        checks: source.checks,
        memoryPlan: null,
        toolVersion: certifyingToolVersion,
        issuedAt: new Date().toISOString()
    });
    const out = parsed.values.out ? resolve(io.cwd, parsed.values.out) : join(dirname(file), `${source.model}.phgcert`);
    writeAtomic(out, signCertificate(predicate, key.key));
    const signer = key.key.publicKey.fingerprint;
    if (parsed.values.json) {
        io.stdout(`${JSON.stringify({ file: out, model: source.model, structureHash: predicate.structureHash, signer, checks: predicate.checks })}\n`);
        return ExitCode.ok;
    }
    io.stdout([
        `certified ${source.model} → ${shown(out, io.cwd)}`,
        `  structure  sha256:${predicate.structureHash}`,
        ...predicate.checks.map((check) => `  ✓ ${check.name}${check.problems > 0 ? ` (${check.problems} warning${check.problems === 1 ? '' : 's'})` : ''}`),
        `  interface  ${predicate.interface.inputs.map((input) => `${input.name}[${input.shape.join('×')}]`).join(', ')} → ${predicate.interface.outputs.map((output) => `${output.name}[${output.shape.join('×')}]`).join(', ')}`,
        `  signed by  key ${shortFingerprint(signer, 12)}`,
        ''
    ].join('\n'));
    return ExitCode.ok;
}

