import { describe, expect, it } from 'vitest';
import { JsonLinesDecoder } from '../../../client/training/json-lines.js';

describe('JsonLinesDecoder', () => {
    it('reassembles a line split across chunks and keeps the partial tail pending', () => {
        const decoder = new JsonLinesDecoder();
        expect(decoder.push('{"type":"st')).toEqual([]);
        expect(decoder.push('art"}\n{"type":')).toEqual(['{"type":"start"}']);
        expect(decoder.push('"done"}\n')).toEqual(['{"type":"done"}']);
        expect(decoder.end()).toEqual([]);
    });

    it('strips Windows line ends and skips blank lines', () => {
        const decoder = new JsonLinesDecoder();
        expect(decoder.push('a\r\n\r\n\nb\n')).toEqual(['a', 'b']);
    });

    it('returns a last line without a line break at the end of the stream', () => {
        const decoder = new JsonLinesDecoder();
        expect(decoder.push('{"a":1}\n{"b":2}')).toEqual(['{"a":1}']);
        expect(decoder.end()).toEqual(['{"b":2}']);
    });
});
