// Where signing keys live on disk: the user's config directory, never the workspace. Private
// keys are PKCS#8 PEM with mode 0600 (refused if others can read them, as ssh does); public
// keys are SPKI PEM beside them.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { writeAtomic } from '../store/atomic-write.js';
import { privateKeyPem, publicKeyFromPem, publicKeyPem, signingKeyFromPem, type PublicKey, type SigningKey } from './keys.js';

/** The environment variables key lookup honours (a subset of process.env). */
export interface KeyEnvironment {
    /** Overrides the whole phg config directory (tests point it at a temp dir). */
    readonly PHG_CONFIG_DIR?: string;
    /** A private key file to sign with instead of the default one. */
    readonly PHG_SIGNING_KEY?: string;
    readonly XDG_CONFIG_HOME?: string;
    readonly HOME?: string;
}

/** A key pair found in a keys directory. */
export interface LocalKey {
    readonly name: string;
    readonly privateKeyFile: string;
    readonly publicKeyFile: string;
    readonly publicKey: PublicKey;
}

/** A failure a user can fix: a message and the file concerned. */
export interface KeyFileProblem {
    readonly ok: false;
    readonly message: string;
    readonly file: string;
}

/** The phg config directory: $PHG_CONFIG_DIR, else $XDG_CONFIG_HOME/phg, else ~/.config/phg. */
export function phgConfigDirectory(env: KeyEnvironment): string {
    if (env.PHG_CONFIG_DIR) return resolve(env.PHG_CONFIG_DIR);
    if (env.XDG_CONFIG_HOME) return resolve(env.XDG_CONFIG_HOME, 'phg');
    return resolve(env.HOME ?? homedir(), '.config', 'phg');
}

/** The directory holding the user's key pairs. */
export function keysDirectory(env: KeyEnvironment): string {
    return join(phgConfigDirectory(env), 'keys');
}

/** The private key file `phg certify` and training sign with when no key is named. */
export function defaultSigningKeyFile(env: KeyEnvironment): string {
    return env.PHG_SIGNING_KEY ? resolve(env.PHG_SIGNING_KEY) : join(keysDirectory(env), 'default.key');
}

/** Whether `path` is `directory` or inside it. */
export function isInside(path: string, directory: string): boolean {
    const rel = relative(resolve(directory), resolve(path));
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes `NAME.key` (mode 0600) and `NAME.pub` into `directory`, refusing to overwrite a key:
 * losing a private key silently would orphan every signature it made.
 */
export function writeKeyPair(directory: string, name: string, key: SigningKey): { readonly ok: true; readonly key: LocalKey } | KeyFileProblem {
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) {
        return { ok: false, message: `a key name uses letters, digits, '.', '_' and '-' only (got '${name}')`, file: directory };
    }
    const privateKeyFile = join(directory, `${name}.key`);
    const publicKeyFile = join(directory, `${name}.pub`);
    for (const file of [privateKeyFile, publicKeyFile]) {
        if (existsSync(file)) return { ok: false, message: `${file} already exists; choose another --name or remove it first`, file };
    }
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeAtomic(privateKeyFile, privateKeyPem(key), { mode: 0o600 });
    writeAtomic(publicKeyFile, publicKeyPem(key.publicKey), { mode: 0o644 });
    return { ok: true, key: { name, privateKeyFile, publicKeyFile, publicKey: key.publicKey } };
}

/** Reads a private key file, refusing one that other users could read. */
export function readSigningKeyFile(file: string): { readonly ok: true; readonly key: SigningKey } | KeyFileProblem {
    let mode: number;
    let pem: string;
    try {
        mode = statSync(file).mode;
        pem = readFileSync(file, 'utf8');
    } catch {
        return { ok: false, message: `no private key at ${file}; create one with 'phg keys generate' or pass --key`, file };
    }
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
        return { ok: false, message: `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); run 'chmod 600 ${file}'`, file };
    }
    const parsed = signingKeyFromPem(pem);
    return parsed.ok ? parsed : { ok: false, message: `${file}: ${parsed.message}`, file };
}

/** Reads a public key file (SPKI PEM). */
export function readPublicKeyFile(file: string): { readonly ok: true; readonly key: PublicKey } | KeyFileProblem {
    let pem: string;
    try {
        pem = readFileSync(file, 'utf8');
    } catch {
        return { ok: false, message: `cannot read ${file}`, file };
    }
    const parsed = publicKeyFromPem(pem);
    return parsed.ok ? parsed : { ok: false, message: `${file}: ${parsed.message}`, file };
}

/** The key pairs in a keys directory (each `NAME.pub` with its `NAME.key`), sorted by name. */
export function listLocalKeys(directory: string): readonly LocalKey[] {
    let names: string[];
    try {
        names = readdirSync(directory);
    } catch {
        return [];
    }
    const keys: LocalKey[] = [];
    for (const entry of names.filter((file) => file.endsWith('.pub')).sort()) {
        const name = entry.slice(0, -'.pub'.length);
        const publicKey = readPublicKeyFile(join(directory, entry));
        if (!publicKey.ok) continue;
        keys.push({ name, publicKeyFile: join(directory, entry), privateKeyFile: join(directory, `${name}.key`), publicKey: publicKey.key });
    }
    return keys;
}
