// Deeply nested input (`((((…))))` 500 levels, 500 unary minus signs) would overflow the
// recursive-descent parser's stack and yield no diagnostics at all. So would a long operator
// chain (`x + x + … + x`, 5,000 terms): it parses flat but builds a left-nested tree as deep as
// it is long, which Langium and the checker walk recursively. Before parsing, text nested deeper
// than a limit, and the rest of the line after too many operators in one statement, is blanked
// out (same length, newlines kept, so every offset stays right) and one parse error says where
// reading stopped.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';

/** Brackets and unary operators nest at most this deep: a third of where the parser overflows, far above real models. */
export const maxNestingDepth = 32;

/**
 * Operators in one chain: from a statement's start (a line that does not continue an operator, an
 * `=`, a brace) through everything nested in it. A quarter of where the checker overflows.
 */
export const maxOperatorChain = 512;

/** What made the guard stop reading. */
export type CutReason = 'nesting' | 'operators';

/** Text safe to parse, and the offset where nesting was cut, if it was. */
export interface GuardedText {
    readonly text: string;
    readonly cutAt: number | undefined;
    readonly reason?: CutReason;
}

const binaryOperators = new Set(['+', '-', '*', '/', '@']);

const opening = new Set(['(', '[', '{']);
const closing = new Set([')', ']', '}']);

/** Blanks out whatever is nested deeper than `maxNestingDepth`, and lines past `maxOperatorChain` operators in a statement. */
export function guardNesting(input: string, limit = maxNestingDepth, chainLimit = maxOperatorChain): GuardedText {
    if (!mayNestTooDeep(input, limit, chainLimit)) return { text: input, cutAt: undefined };
    const chars = [...input];
    let cutAt: number | undefined;
    let reason: CutReason | undefined;
    const cut = (at: number, why: CutReason): void => {
        if (cutAt !== undefined) return;
        cutAt = at;
        reason = why;
    };
    let depth = 0;
    let unaryRun = 0;
    let chain = 0;
    // Only outside parentheses and brackets does a chain end: nested terms deepen the same tree.
    let parenDepth = 0;
    let afterOperator = false;
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
        if (binaryOperators.has(char) && ++chain > chainLimit) {
            // The chain stays too long until it ends: each line it goes on is cut.
            const end = endOfLine(chars, i);
            cut(offset, 'operators');
            // Brackets on the blanked rest of the line still open and close, for the nesting counts.
            for (let j = i; j < end; j++) {
                const blanked = chars[j] ?? '';
                if (opening.has(blanked)) depth++;
                else if (closing.has(blanked)) depth = Math.max(0, depth - 1);
                if (blanked === '(' || blanked === '[') parenDepth++;
                else if (blanked === ')' || blanked === ']') parenDepth = Math.max(0, parenDepth - 1);
            }
            blank(i, end);
            offset += utf16(chars, i, end);
            i = end - 1;
            afterOperator = true;
            continue;
        }
        if (char === '(' || char === '[') parenDepth++;
        else if (char === ')' || char === ']') parenDepth = Math.max(0, parenDepth - 1);
        if (parenDepth === 0 && (char === '=' || char === '{' || char === '}' || (char === '\n' && !afterOperator && !binaryOperators.has(nextVisible(chars, i + 1))))) chain = 0;
        if (!/\s/.test(char)) afterOperator = binaryOperators.has(char);
        if (opening.has(char)) {
            depth++;
            if (depth > limit) {
                const end = matchingClose(chars, i);
                cut(offset, 'nesting');
                blank(i, end);
                offset += utf16(chars, i, end);
                i = end - 1;
                depth--;
                if (char !== '{') parenDepth--;
                continue;
            }
        } else if (closing.has(char)) {
            depth = Math.max(0, depth - 1);
        }
        if (char === '-' || char === '~') {
            unaryRun++;
            if (unaryRun > limit) {
                cut(offset, 'nesting');
                chars[i] = ' ';
            }
        } else if (!/\s/.test(char)) {
            unaryRun = 0;
        }
        offset += char.length;
    }
    return cutAt === undefined ? { text: input, cutAt } : { text: chars.join(''), cutAt, ...(reason ? { reason } : {}) };
}

/** A parse error at the cut, in chevrotain's shape, so Langium reports it with the others. */
export function nestingError(text: string, offset: number, reason: CutReason = 'nesting'): IRecognitionException {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const token: IToken = {
        image: text.charAt(offset), startOffset: offset, endOffset: offset, startLine: line, endLine: line,
        startColumn: column, endColumn: column, tokenTypeIdx: 0, tokenType: { name: 'NESTING' } as TokenType
    };
    return {
        name: 'NestingTooDeep',
        message: reason === 'nesting'
            ? `nested more than ${maxNestingDepth} levels deep; PHG stops reading here (split the expression into named values)`
            : `more than ${maxOperatorChain} operators in one statement; PHG stops reading the line here (split the expression into named values)`,
        token,
        resyncedTokens: [],
        context: { ruleStack: [], ruleOccurrenceStack: [] }
    };
}

/**
 * A fast over-estimate (brackets in strings and comments count too): almost every file is far
 * below the limit, and then the exact scan is not needed.
 */
function mayNestTooDeep(input: string, limit: number, chainLimit: number): boolean {
    let depth = 0;
    let unaryRun = 0;
    // Every + - * / @ of the file: an over-estimate of the longest chain.
    let operators = 0;
    for (let i = 0; i < input.length; i++) {
        const code = input.charCodeAt(i);
        if ((code === 43 || code === 45 || code === 42 || code === 47 || code === 64) && ++operators > chainLimit) return true;
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

/** The first character at or after `start` that is not white space ('' at the end). */
function nextVisible(chars: readonly string[], start: number): string {
    for (let i = start; i < chars.length; i++) if (!/\s/.test(chars[i] ?? '')) return chars[i] ?? '';
    return '';
}

function endOfLine(chars: readonly string[], start: number): number {
    for (let i = start; i < chars.length; i++) if (chars[i] === '\n' || chars[i] === '\r') return i;
    return chars.length;
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
