// Signing stored versions from the command line and after training: oldest unsigned first (each
// record pins its parent's signed bytes), pinning the workspace's certificate of each version's
// structure when there is one.
import { listVersionNumbers } from '../../engine/attest/version-files.js';
import { signStoredVersion, storedRecordState } from '../../engine/attest/stored-version.js';
import { defaultSigningKeyFile, readSigningKeyFile, type KeyEnvironment } from '../../engine/signing/key-files.js';
import type { SigningKey } from '../../engine/signing/keys.js';
import { readFileIfPresent } from '../../engine/attest/version-files.js';
import { signingKeyFromPem } from '../../engine/signing/keys.js';
import { join, resolve } from 'node:path';
import type { CliIO } from '../io.js';
import { findCertificateFor } from './certificate-search.js';
import { versionsPath } from './workspace-paths.js';

/** What happened to one version. */
export interface VersionSigningResult {
    readonly version: number;
    readonly outcome: 'signed' | 'already-signed' | 'failed';
    readonly message: string;
    /** Whether a certificate was pinned (without one the version cannot be served). */
    readonly certified: boolean;
}

/**
 * Signs `versions` (default: every unsigned one), ascending. A version whose older siblings are
 * unsigned gets them signed first, since its parent link must pin signed bytes.
 */
export function signVersions(workspaceRoot: string, key: SigningKey, versions?: readonly number[]): VersionSigningResult[] {
    const directory = versionsPath(workspaceRoot);
    const all = listVersionNumbers(directory);
    const newest = versions && versions.length > 0 ? Math.max(...versions) : all.at(-1) ?? 0;
    const results: VersionSigningResult[] = [];
    for (const version of all.filter((number) => number <= newest)) {
        const state = storedRecordState(directory, version);
        if (state === 'signed') {
            if (versions?.includes(version)) results.push({ version, outcome: 'already-signed', message: `version ${version} is already signed`, certified: true });
            continue;
        }
        if (state !== 'plain') {
            results.push({ version, outcome: 'failed', message: `version ${version}'s record is ${state}`, certified: false });
            break;
        }
        const record = plainModelAndStructure(directory, version);
        const certificate = record ? findCertificateFor(workspaceRoot, record.model, record.structureHash) : undefined;
        const signed = signStoredVersion(directory, version, key, certificate ? { bytes: certificate.bytes, predicate: certificate.predicate } : undefined);
        if (!signed.ok) {
            results.push({ version, outcome: 'failed', message: signed.message, certified: false });
            break;
        }
        results.push({
            version, outcome: 'signed', certified: certificate !== undefined,
            message: certificate ? `signed version ${version}, pinning ${certificate.file}` : `signed version ${version} without a certificate (no certificate of ${record?.model ?? 'its model'} with this structure; run phg certify, then phg sign-version, to make it servable)`
        });
    }
    return results;
}

/** The outcome of signing right after training. */
export type TrainingSignature =
    | { readonly status: 'signed'; readonly results: readonly VersionSigningResult[] }
    | { readonly status: 'no-key'; readonly keyFile: string }
    | { readonly status: 'failed'; readonly message: string };

/** A signing key, or why the one asked for cannot be used. */
export type SigningKeyReading = { readonly ok: true; readonly key: SigningKey } | { readonly ok: false; readonly message: string };

/**
 * The key a `--key` option names: '-' reads a PEM private key from stdin (how the editor passes the
 * key in its secret storage, which must never be written to disk); a path reads that key file;
 * no option reads the default key file ($PHG_SIGNING_KEY, else the config dir's default.key).
 */
export async function readSigningKeyOption(option: string | undefined, io: CliIO, env: KeyEnvironment): Promise<SigningKeyReading> {
    if (option === '-') {
        const lines: string[] = [];
        for await (const line of io.stdin()) lines.push(line);
        const parsed = signingKeyFromPem(lines.join('\n'));
        return parsed.ok ? parsed : { ok: false, message: `the key on stdin: ${parsed.message}` };
    }
    return readSigningKeyFile(option ? resolve(io.cwd, option) : defaultSigningKeyFile(env));
}

/**
 * The hook training calls after saving a version: signs it (and any unsigned older version) with
 * the key given (`--key`), else with the user's default key file when there is one; leaves it
 * unsigned, and says so, when there is none.
 */
export function signVersionAfterTraining(workspaceRoot: string, version: number, env: KeyEnvironment, given?: SigningKey): TrainingSignature {
    if (given !== undefined) return signedOutcome(signVersions(workspaceRoot, given, [version]));
    const keyFile = defaultSigningKeyFile(env);
    if (!readFileIfPresent(keyFile)) return { status: 'no-key', keyFile };
    const key = readSigningKeyFile(keyFile);
    if (!key.ok) return { status: 'failed', message: key.message };
    return signedOutcome(signVersions(workspaceRoot, key.key, [version]));
}

function signedOutcome(results: readonly VersionSigningResult[]): TrainingSignature {
    const failure = results.find((result) => result.outcome === 'failed');
    return failure ? { status: 'failed', message: failure.message } : { status: 'signed', results };
}

function plainModelAndStructure(directory: string, version: number): { readonly model: string; readonly structureHash: string } | undefined {
    const bytes = readFileIfPresent(join(directory, String(version), 'record.json'));
    if (!bytes) return undefined;
    try {
        const value = JSON.parse(bytes.toString('utf8')) as { model?: unknown; structureHash?: unknown };
        if (typeof value.model !== 'string' || typeof value.structureHash !== 'string') return undefined;
        return { model: value.model, structureHash: value.structureHash.replace(/^sha256:/, '') };
    } catch {
        return undefined;
    }
}
