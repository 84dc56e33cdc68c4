import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSigningKeyFile, keysDirectory, listLocalKeys, phgConfigDirectory, readSigningKeyFile, writeKeyPair } from '../../../engine/signing/key-files.js';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore, findTrustedKey, parseTrustStore, readTrustStore, serializeTrustStore, writeTrustStore } from '../../../engine/signing/trust-store.js';

describe('the config directory', () => {
    it('is $PHG_CONFIG_DIR, else $XDG_CONFIG_HOME/phg, else ~/.config/phg', () => {
        expect(phgConfigDirectory({ PHG_CONFIG_DIR: '/tmp/a', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/tmp/a');
        expect(phgConfigDirectory({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/phg');
        expect(phgConfigDirectory({ HOME: '/h' })).toBe('/h/.config/phg');
        expect(keysDirectory({ PHG_CONFIG_DIR: '/tmp/a' })).toBe('/tmp/a/keys');
        expect(defaultSigningKeyFile({ PHG_CONFIG_DIR: '/tmp/a' })).toBe('/tmp/a/keys/default.key');
        expect(defaultSigningKeyFile({ PHG_CONFIG_DIR: '/tmp/a', PHG_SIGNING_KEY: '/k/mine.key' })).toBe('/k/mine.key');
    });
});

describe('key files', () => {
    it('writes the private key with mode 0600 and reads it back', () => {
        const directory = join(mkdtempSync(join(tmpdir(), 'phg-keys-')), 'keys');
        const key = generateSigningKey();
        const written = writeKeyPair(directory, 'default', key);
        if (!written.ok) throw new Error(written.message);
        expect(statSync(written.key.privateKeyFile).mode & 0o777).toBe(0o600);
        const read = readSigningKeyFile(written.key.privateKeyFile);
        expect(read.ok && read.key.publicKey.fingerprint).toBe(key.publicKey.fingerprint);
        expect(listLocalKeys(directory).map((entry) => [entry.name, entry.publicKey.fingerprint])).toEqual([['default', key.publicKey.fingerprint]]);
    });

    it('never overwrites an existing key', () => {
        const directory = mkdtempSync(join(tmpdir(), 'phg-keys-'));
        expect(writeKeyPair(directory, 'k', generateSigningKey()).ok).toBe(true);
        const again = writeKeyPair(directory, 'k', generateSigningKey());
        expect(again.ok).toBe(false);
        expect(!again.ok && again.message).toContain('already exists');
    });

    it('refuses a private key that other users can read, as ssh does', () => {
        const directory = mkdtempSync(join(tmpdir(), 'phg-keys-'));
        const written = writeKeyPair(directory, 'k', generateSigningKey());
        if (!written.ok) throw new Error(written.message);
        chmodSync(written.key.privateKeyFile, 0o644);
        const read = readSigningKeyFile(written.key.privateKeyFile);
        expect(read.ok).toBe(false);
        expect(!read.ok && read.message).toContain('chmod 600');
    });

    it('says how to create a key when there is none', () => {
        const read = readSigningKeyFile('/nonexistent/default.key');
        expect(!read.ok && read.message).toContain('phg keys generate');
    });
});

describe('phg.trust.json', () => {
    it('round-trips keys with their names and fingerprints', () => {
        const key = generateSigningKey();
        const { store, added } = addTrustedKey(emptyTrustStore, key.publicKey, 'ci', '2025-01-01T00:00:00.000Z');
        expect(added).toBe(true);
        expect(addTrustedKey(store, key.publicKey, 'again', 'x').added).toBe(false);
        const text = serializeTrustStore(store);
        expect(JSON.parse(text)).toEqual({ keys: [{ name: 'ci', fingerprint: key.publicKey.fingerprint, publicKey: key.publicKey.rawBase64, addedAt: '2025-01-01T00:00:00.000Z' }] });
        const parsed = parseTrustStore(text);
        expect(parsed.ok && findTrustedKey(parsed.store, key.publicKey.fingerprint)?.name).toBe('ci');
    });

    it('refuses an entry whose fingerprint is not its key\'s, naming the entry', () => {
        const key = generateSigningKey();
        const other = generateSigningKey();
        const text = JSON.stringify({ keys: [{ name: 'a', fingerprint: other.publicKey.fingerprint, publicKey: key.publicKey.rawBase64 }, { name: 'b', publicKey: 'short' }] });
        const parsed = parseTrustStore(text);
        expect(parsed.ok).toBe(false);
        expect(!parsed.ok && parsed.problems.map((problem) => problem.pointer)).toEqual(['/keys/0/fingerprint', '/keys/1/publicKey']);
    });

    it('treats a missing file as trusting nothing and writes a new one', () => {
        const file = join(mkdtempSync(join(tmpdir(), 'phg-trust-')), 'phg.trust.json');
        const missing = readTrustStore(file);
        expect(missing.ok && missing.exists).toBe(false);
        expect(missing.ok && missing.store.keys.length).toBe(0);
        writeTrustStore(file, addTrustedKey(emptyTrustStore, generateSigningKey().publicKey, 'me', 'now').store);
        const read = readTrustStore(file);
        expect(read.ok && read.store.keys.length).toBe(1);
        writeFileSync(file, '{ not json');
        expect(readTrustStore(file).ok).toBe(false);
        expect(readFileSync(file, 'utf8')).toBe('{ not json');
    });
});
