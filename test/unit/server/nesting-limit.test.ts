// The server blanks out nesting the parser cannot survive, keeping every offset in place.
import { describe, expect, test } from 'vitest';
import { limitNesting } from '../../../server/build/nesting-limit.js';

describe('limitNesting', () => {
    test('leaves ordinary models untouched', () => {
        const text = 'model M {\n  input x : [4]<m>\n  output y = relu((x @ W) - -x) // ((((( in a comment\n}\n';
        expect(limitNesting(text, 3)).toEqual({ text });
    });

    test('blanks brackets deeper than the limit, keeping length and line breaks', () => {
        const result = limitNesting('y = ((((x\n))))', 2);
        expect(result.text).toBe('y = ((   \n  ))');
        expect(result.text.length).toBe('y = ((((x\n))))'.length);
        expect(result.tooDeep).toEqual({ offset: 6, depth: 4 });
    });

    test('blanks unary operators beyond the limit in a row', () => {
        expect(limitNesting('y = - - - - x', 2)).toEqual({ text: 'y = - -     x', tooDeep: { offset: 8, depth: 4 } });
    });

    test('ignores brackets in comments and strings', () => {
        const text = 'd = csv("((((((.csv") /* (((((( */ // ((((((\n';
        expect(limitNesting(text, 2)).toEqual({ text });
    });

    test('counts in UTF-16 code units, as LSP positions do', () => {
        const result = limitNesting('// 😀\ny = (((x)))', 2);
        expect(result.text).toBe('// 😀\ny = ((   ))');
        expect(result.tooDeep?.offset).toBe(12);
    });
});
