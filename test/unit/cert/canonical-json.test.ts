import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalFileBytes, canonicalJson, parseCanonicalFile, type JsonValue } from '../../../engine/signing/canonical-json.js';

const vectors = join(__dirname, '../../fixtures/cert/rfc8785');

describe('canonical JSON (RFC 8785)', () => {
    const names = readdirSync(vectors).filter((file) => file.endsWith('.input.json')).map((file) => file.replace('.input.json', ''));

    it('has test vectors to run', () => {
        expect(names.sort()).toEqual(['section-3.2.2', 'sorting']);
    });

    for (const name of names) {
        it(`canonicalizes the RFC vector '${name}' to the RFC's bytes`, () => {
            const input = JSON.parse(readFileSync(join(vectors, `${name}.input.json`), 'utf8')) as JsonValue;
            const expected = readFileSync(join(vectors, `${name}.expected.json`), 'utf8');
            expect(canonicalJson(input)).toBe(expected);
        });
    }

    it('accepts a file that is exactly canonical text and one newline', () => {
        const bytes = canonicalFileBytes({ b: [1, 2], a: 'x' });
        expect(bytes.toString()).toBe('{"a":"x","b":[1,2]}\n');
        expect(parseCanonicalFile(bytes)).toEqual({ ok: true, value: { a: 'x', b: [1, 2] } });
    });

    it('refuses the same value in any other byte form, so every edit of a signed file shows', () => {
        for (const text of ['{"a":"x","b":[1,2]}', '{"a":"x","b":[1,2]}\n\n', '{"a":"x", "b":[1,2]}\n', '{"b":[1,2],"a":"x"}\n', '{"a":"x","b":[1.0,2]}\n', '{"a":"\\u0078","b":[1,2]}\n']) {
            const result = parseCanonicalFile(Buffer.from(text));
            expect(result.ok, text).toBe(false);
        }
    });

    it('refuses invalid UTF-8 even where JSON.parse would replace it', () => {
        const bytes = Buffer.from('{"a":"x"}\n');
        bytes[6] = 0xff;
        expect(parseCanonicalFile(bytes).ok).toBe(false);
    });
});
