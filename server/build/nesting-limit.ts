// Keeps pathological nesting away from the recursive-descent parser.
//
// Each bracket level costs the parser a dozen stack frames: about 90 nested calls overflow Node's
// stack, and getting there takes seconds, because every level's error handler runs on the way
// out. Real models nest a few levels. So before parsing, everything nested deeper than a limit is
// blanked out (replaced by spaces, keeping line breaks, so every offset stays where it was); the
// rest of the file still parses, and the caller reports the first blanked position.

/** Bracket levels (and unary operators in a row) the parser is given; three times below its limit. */
export const maximumNesting = 32;

/** The text the parser may safely see, and where the first over-deep part started, if any. */
export interface NestingLimitResult {
    readonly text: string;
    readonly tooDeep?: { readonly offset: number; readonly depth: number };
}

const opening = new Set(['(', '[', '{']);
const closing = new Set([')', ']', '}']);

/** Blanks out brackets nested deeper than `limit` and unary `-`/`~` runs longer than `limit`. */
export function limitNesting(text: string, limit = maximumNesting): NestingLimitResult {
    // UTF-16 code units, as offsets and LSP positions count them.
    let units: string[] | undefined;
    let firstBlanked: number | undefined;
    let deepest = 0;
    const blank = (offset: number, depth: number): void => {
        units ??= text.split('');
        if (units[offset] !== '\n' && units[offset] !== '\r') units[offset] = ' ';
        firstBlanked ??= offset;
        deepest = Math.max(deepest, depth);
    };
    let depth = 0;
    let unaryRun = 0;
    let offset = 0;
    while (offset < text.length) {
        const char = text[offset]!;
        const skipped = skipCommentOrString(text, offset);
        if (skipped > offset) {
            if (depth > limit) for (let i = offset; i < skipped; i++) blank(i, depth);
            offset = skipped;
            continue;
        }
        if (opening.has(char)) {
            depth += 1;
            unaryRun = 0;
            if (depth > limit) blank(offset, depth);
        } else if (closing.has(char)) {
            if (depth > limit) blank(offset, depth);
            depth = Math.max(0, depth - 1);
            unaryRun = 0;
        } else if (depth > limit) {
            blank(offset, depth);
        } else if (char === '-' || char === '~') {
            unaryRun += 1;
            if (unaryRun > limit) blank(offset, unaryRun);
        } else if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') {
            unaryRun = 0;
        }
        offset += 1;
    }
    if (units === undefined || firstBlanked === undefined) return { text };
    return { text: units.join(''), tooDeep: { offset: firstBlanked, depth: deepest } };
}

/** The offset after a comment or string starting at `offset`, or `offset` if none starts there. */
function skipCommentOrString(text: string, offset: number): number {
    if (text.startsWith('//', offset)) {
        const end = text.indexOf('\n', offset);
        return end < 0 ? text.length : end;
    }
    if (text.startsWith('/*', offset)) {
        const end = text.indexOf('*/', offset + 2);
        return end < 0 ? text.length : end + 2;
    }
    if (text[offset] === '"') {
        let i = offset + 1;
        while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
        return Math.min(text.length, i + 1);
    }
    return offset;
}
