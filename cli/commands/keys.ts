// `phg keys generate|trust|list`: Ed25519 signing keys (private keys in the user's config dir,
// never the workspace) and the workspace's trust store, phg.trust.json.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { relative, resolve } from 'node:path';
import { isInside, keysDirectory, listLocalKeys, readPublicKeyFile, writeKeyPair, type KeyEnvironment } from '../../engine/signing/key-files.js';
import { generateSigningKey, shortFingerprint, type PublicKey } from '../../engine/signing/keys.js';
import { addTrustedKey, readTrustStore, writeTrustStore } from '../../engine/signing/trust-store.js';
import { parseCommandArguments } from '../cert/cli-arguments.js';
import { findWorkspaceRoot, trustStorePath } from '../cert/workspace-paths.js';
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';

const usage = `usage: phg keys generate [--out DIR] [--name NAME] [--json]
       phg keys trust PUBLIC_KEY_FILE|FINGERPRINT [--name LABEL]
       phg keys list [--json]

generate  creates an Ed25519 key pair: NAME.key (mode 0600) and NAME.pub in DIR
          (default: $PHG_CONFIG_DIR/keys, else $XDG_CONFIG_HOME/phg/keys, else
          ~/.config/phg/keys). NAME defaults to 'default', the key phg certify and
          training sign with. DIR may not be inside the workspace.
trust     adds a public key to this workspace's phg.trust.json: a .pub file, or the
          fingerprint (or a unique prefix of it) of one of your local keys.
list      shows the keys this workspace trusts and your local keys.

exit status: 0 done, 1 refused (e.g. a key exists), 2 usage or I/O error
`;

/** The `phg keys` command. */
export const keysCommand: CliCommand = {
    name: 'keys',
    summary: 'generate signing keys and manage the keys a workspace trusts',
    usage,
    run: runKeys
};

async function runKeys(args: readonly string[], io: CliIO): Promise<number> {
    const [action, ...rest] = args;
    switch (action) {
        case 'generate': return generate(rest, io);
        case 'trust': return trust(rest, io);
        case 'list': return list(rest, io);
        default:
            io.stderr(`phg keys: ${action === undefined ? 'missing' : `unknown`} action${action === undefined ? '' : ` '${action}'`}\n${usage}`);
            return ExitCode.usage;
    }
}

function environment(): KeyEnvironment {
    return process.env;
}

function generate(args: readonly string[], io: CliIO): number {
    const parsed = parseCommandArguments<{ out?: string; name?: string; json?: boolean }>(args, { out: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } });
    if (!parsed.ok || parsed.positionals.length > 0) {
        io.stderr(`phg keys generate: ${parsed.ok ? `unexpected argument '${parsed.positionals[0] ?? ''}'` : parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const directory = parsed.values.out ? resolve(io.cwd, parsed.values.out) : keysDirectory(environment());
    const workspace = findWorkspaceRoot(io.cwd);
    if (isInside(directory, workspace) && resolve(workspace) !== resolve(homedir())) {
        io.stderr(`phg keys generate: refusing to write a private key inside the workspace (${workspace}); keys belong outside any repository. Use the default (${keysDirectory(environment())}) or --out DIR elsewhere.\n`);
        return ExitCode.failed;
    }
    const written = writeKeyPair(directory, parsed.values.name ?? 'default', generateSigningKey());
    if (!written.ok) {
        io.stderr(`phg keys generate: ${written.message}\n`);
        return ExitCode.failed;
    }
    const key = written.key;
    if (parsed.values.json) {
        io.stdout(`${JSON.stringify({ name: key.name, fingerprint: key.publicKey.fingerprint, privateKeyFile: key.privateKeyFile, publicKeyFile: key.publicKeyFile })}\n`);
        return ExitCode.ok;
    }
    io.stdout([
        `Generated Ed25519 key '${key.name}'`,
        `  fingerprint  ${key.publicKey.fingerprint}`,
        `  private key  ${key.privateKeyFile} (mode 0600; keep it secret, never commit it)`,
        `  public key   ${key.publicKeyFile}`,
        '',
        'To trust it in a workspace (adds it to phg.trust.json there):',
        `  phg keys trust ${key.publicKeyFile}`,
        `  (or: phg keys trust ${shortFingerprint(key.publicKey.fingerprint, 12)})`,
        ''
    ].join('\n'));
    return ExitCode.ok;
}

function trust(args: readonly string[], io: CliIO): number {
    const parsed = parseCommandArguments<{ name?: string }>(args, { name: { type: 'string' } });
    if (!parsed.ok || parsed.positionals.length !== 1) {
        io.stderr(`phg keys trust: ${parsed.ok ? 'give one public key file or fingerprint' : parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const target = parsed.positionals[0] as string;
    const found = resolvePublicKey(target, io.cwd);
    if (!found.ok) {
        io.stderr(`phg keys trust: ${found.message}\n`);
        return ExitCode.usage;
    }
    const file = trustStorePath(findWorkspaceRoot(io.cwd));
    const current = readTrustStore(file);
    if (!current.ok) {
        io.stderr(`phg keys trust: ${file} is malformed: ${current.problems.map((problem) => `${problem.pointer || '/'}: ${problem.message}`).join('; ')}\n`);
        return ExitCode.failed;
    }
    const { store, added } = addTrustedKey(current.store, found.key, parsed.values.name ?? found.name, new Date().toISOString());
    if (!added) {
        io.stdout(`key ${shortFingerprint(found.key.fingerprint, 12)} is already trusted in ${relative(io.cwd, file) || file}\n`);
        return ExitCode.ok;
    }
    writeTrustStore(file, store);
    io.stdout(`trusted key ${shortFingerprint(found.key.fingerprint, 12)} ('${parsed.values.name ?? found.name}') in ${relative(io.cwd, file) || file}\n`);
    return ExitCode.ok;
}

function list(args: readonly string[], io: CliIO): number {
    const parsed = parseCommandArguments<{ json?: boolean }>(args, { json: { type: 'boolean' } });
    if (!parsed.ok || parsed.positionals.length > 0) {
        io.stderr(`phg keys list: ${parsed.ok ? 'takes no arguments' : parsed.message}\n${usage}`);
        return ExitCode.usage;
    }
    const file = trustStorePath(findWorkspaceRoot(io.cwd));
    const trusted = readTrustStore(file);
    const local = listLocalKeys(keysDirectory(environment()));
    const trustedKeys = trusted.ok ? trusted.store.keys : [];
    const isTrusted = (fingerprint: string): boolean => trustedKeys.some((entry) => entry.publicKey.fingerprint === fingerprint);
    if (parsed.values.json) {
        io.stdout(`${JSON.stringify({
            trustStore: file,
            trusted: trustedKeys.map((entry) => ({ name: entry.name, fingerprint: entry.publicKey.fingerprint, addedAt: entry.addedAt })),
            local: local.map((entry) => ({ name: entry.name, fingerprint: entry.publicKey.fingerprint, privateKeyFile: existsSync(entry.privateKeyFile) ? entry.privateKeyFile : null, trusted: isTrusted(entry.publicKey.fingerprint) }))
        })}\n`);
        return trusted.ok ? ExitCode.ok : ExitCode.failed;
    }
    const lines = [`trusted in ${file}${trusted.ok && !trusted.exists ? ' (no such file yet)' : ''}:`];
    if (!trusted.ok) lines.push(...trusted.problems.map((problem) => `  malformed at ${problem.pointer || '/'}: ${problem.message}`));
    else if (trustedKeys.length === 0) lines.push('  (none)');
    for (const entry of trustedKeys) lines.push(`  ${entry.publicKey.fingerprint}  ${entry.name}`);
    lines.push(`local keys in ${keysDirectory(environment())}:`);
    if (local.length === 0) lines.push("  (none; create one with 'phg keys generate')");
    for (const entry of local) lines.push(`  ${entry.publicKey.fingerprint}  ${entry.name}${existsSync(entry.privateKeyFile) ? '' : ' (public only)'}${isTrusted(entry.publicKey.fingerprint) ? ' · trusted here' : ''}`);
    io.stdout(`${lines.join('\n')}\n`);
    return trusted.ok ? ExitCode.ok : ExitCode.failed;
}

/** A .pub file, or a (prefix of a) fingerprint of a local key. */
function resolvePublicKey(target: string, cwd: string): { readonly ok: true; readonly key: PublicKey; readonly name: string } | { readonly ok: false; readonly message: string } {
    const path = resolve(cwd, target);
    if (existsSync(path)) {
        const read = readPublicKeyFile(path);
        return read.ok ? { ok: true, key: read.key, name: target.replace(/^.*[\\/]/, '').replace(/\.pub$/, '') } : { ok: false, message: read.message };
    }
    const prefix = target.toLowerCase().replace(/^sha256:/, '');
    if (!/^[0-9a-f]{8,64}$/.test(prefix)) return { ok: false, message: `'${target}' is neither a file nor a fingerprint (8 to 64 hex digits)` };
    const matches = listLocalKeys(keysDirectory(environment())).filter((entry) => entry.publicKey.fingerprint.startsWith(prefix));
    if (matches.length === 0) return { ok: false, message: `no local key has a fingerprint starting with ${prefix}; to trust someone else's key, pass their .pub file` };
    if (matches.length > 1) return { ok: false, message: `${prefix} matches ${matches.length} local keys; give more digits` };
    const match = matches[0] as (typeof matches)[number];
    return { ok: true, key: match.publicKey, name: match.name };
}
