// Deeply nested input (`((((…))))` 500 levels, 500 unary minus signs) would overflow the
// recursive-descent parser's stack and yield no diagnostics at all. Before parsing, text nested
// deeper than a limit is blanked out (same length, newlines kept, so every offset stays right)
// and one parse error says where reading stopped.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';

/** Brackets and unary operators nest at most this deep: a third of where the parser overflows, far above real models. */
export const maxNestingDepth = 32;

/** Text safe to parse, and the offset where nesting was cut, if it was. */
export interface GuardedText {
    readonly text: string;
    readonly cutAt: number | undefined;
}

const opening = new Set(['(', '[', '{']);
const closing = new Set([')', ']', '}']);

/** Blanks out whatever is nested deeper than `maxNestingDepth`. */
export function guardNesting(input: string, limit = maxNestingDepth): GuardedText {
    if (!mayNestTooDeep(input, limit)) return { text: input, cutAt: undefined };
    const chars = [...input];
    let cutAt: number | undefined;
    let depth = 0;
    let unaryRun = 0;
    let offset = 0;
    const blank = (from: number, to: number): void => {
        for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    };
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i] ?? '';
        if (char === '"') {
            const end = skipString(chars, i);
            offset += utf16(chars, i, end);
            i = end - 1;
            continue;
        }
        if (char === '/' && (chars[i + 1] === '/' || chars[i + 1] === '*')) {
            const end = skipComment(chars, i);
            offset += utf16(chars, i, end);
            i = end - 1;
            continue;
        }
        if (opening.has(char)) {
            depth++;
            if (depth > limit) {
                const end = matchingClose(chars, i);
                cutAt ??= offset;
                blank(i, end);
                offset += utf16(chars, i, end);
                i = end - 1;
                depth--;
                continue;
            }
        } else if (closing.has(char)) {
            depth = Math.max(0, depth - 1);
        }
        if (char === '-' || char === '~') {
            unaryRun++;
            if (unaryRun > limit) {
                cutAt ??= offset;
                chars[i] = ' ';
            }
        } else if (!/\s/.test(char)) {
            unaryRun = 0;
        }
        offset += char.length;
    }
    return { text: cutAt === undefined ? input : chars.join(''), cutAt };
}

/** A parse error at the cut, in chevrotain's shape, so Langium reports it with the others. */
export function nestingError(text: string, offset: number): IRecognitionException {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const token: IToken = {
        image: text.charAt(offset), startOffset: offset, endOffset: offset, startLine: line, endLine: line,
        startColumn: column, endColumn: column, tokenTypeIdx: 0, tokenType: { name: 'NESTING' } as TokenType
    };
    return {
        name: 'NestingTooDeep',
        message: `nested more than ${maxNestingDepth} levels deep; PHG stops reading here (split the expression into named values)`,
        token,
        resyncedTokens: [],
        context: { ruleStack: [], ruleOccurrenceStack: [] }
    };
}

/**
 * A fast over-estimate (brackets in strings and comments count too): almost every file is far
 * below the limit, and then the exact scan is not needed.
 */
function mayNestTooDeep(input: string, limit: number): boolean {
    let depth = 0;
    let unaryRun = 0;
    for (let i = 0; i < input.length; i++) {
        const code = input.charCodeAt(i);
        if (code === 40 || code === 91 || code === 123) {
            if (++depth > limit) return true;
        } else if (code === 41 || code === 93 || code === 125) {
            if (depth > 0) depth--;
        }
        if (code === 45 || code === 126) {
            if (++unaryRun > limit) return true;
        } else if (code !== 32 && code !== 9 && code !== 10 && code !== 13) {
            unaryRun = 0;
        }
    }
    return false;
}

function matchingClose(chars: readonly string[], start: number): number {
    let depth = 0;
    for (let i = start; i < chars.length; i++) {
        const char = chars[i] ?? '';
        if (opening.has(char)) depth++;
        else if (closing.has(char) && --depth === 0) return i;
    }
    return chars.length;
}

function skipString(chars: readonly string[], start: number): number {
    for (let i = start + 1; i < chars.length; i++) {
        if (chars[i] === '\\') { i++; continue; }
        if (chars[i] === '"' || chars[i] === '\n') return i + 1;
    }
    return chars.length;
}

function skipComment(chars: readonly string[], start: number): number {
    if (chars[start + 1] === '/') {
        for (let i = start; i < chars.length; i++) if (chars[i] === '\n') return i;
        return chars.length;
    }
    for (let i = start + 2; i < chars.length - 1; i++) if (chars[i] === '*' && chars[i + 1] === '/') return i + 2;
    return chars.length;
}

function utf16(chars: readonly string[], from: number, to: number): number {
    let length = 0;
    for (let i = from; i < to; i++) length += (chars[i] ?? '').length;
    return length;
}
