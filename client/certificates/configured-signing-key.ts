// Which signing key a `phg` command started from the editor signs with, and how it gets it:
// `phg.signing.keyStorage` = `file` lets the CLI find its key file itself; `secretStorage` passes
// the key kept in VS Code's secret storage as `--key -` with the PEM on the child's stdin, so the
// private key never touches the disk. Certify Model and training both ask here.
import type { KeyStorage } from '../config.js';

/** Reads the PEM private key in secret storage (undefined when there is none). */
export interface SecretKeySource {
    read(): Promise<{ readonly privateKeyPem: string } | undefined>;
}

/** The arguments and stdin that hand a command its signing key. */
export type SigningKeyHandOver =
    /** The CLI signs with its key file (`$PHG_SIGNING_KEY`, else default.key): nothing to pass. */
    | { readonly kind: 'key-file'; readonly args: readonly string[]; readonly input?: undefined }
    /** The key in secret storage, on stdin. */
    | { readonly kind: 'secret-storage'; readonly args: readonly string[]; readonly input: string }
    /** Secret storage is configured but holds no key yet. */
    | { readonly kind: 'missing'; readonly args: readonly string[]; readonly input?: undefined };

/** How a command gets the key `storage` names. */
export async function signingKeyHandOver(storage: KeyStorage, secret: SecretKeySource): Promise<SigningKeyHandOver> {
    if (storage === 'file') return { kind: 'key-file', args: [] };
    const key = await secret.read();
    return key === undefined ? { kind: 'missing', args: [] } : { kind: 'secret-storage', args: ['--key', '-'], input: key.privateKeyPem };
}
