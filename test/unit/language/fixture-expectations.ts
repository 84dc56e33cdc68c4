// Reads the inline expectations of a validation fixture (the convention is documented in
// test/fixtures/validation/README.md): `// $TEST$ …` comments, and either `»…«` markers or a
// caret line (`//   ^^^ $TEST$ …` under the code) that give an expectation its exact range.
// The markers are removed before the source is checked.

/** A range in the marker-free source (0-based lines and characters). */
export interface MarkedRange {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
}

/** One expectation of a fixture. */
export type Expectation =
    | {
        readonly kind: 'diagnostic';
        readonly severity: 'error' | 'warning';
        readonly code: string;
        /** Text the message must contain. */
        readonly message: string;
        /** Texts that related locations' messages must contain (one each). */
        readonly related: readonly string[];
        /** Where it must be; undefined when the fixture gives no marker for it. */
        readonly range: MarkedRange | undefined;
        readonly line: number;
    }
    /** `type NAME "[64]<px>"`: the value's formatted type. */
    | { readonly kind: 'type'; readonly value: string; readonly expected: string; readonly line: number }
    /** `gradient NAME "∂L/∂W" "lr"`: the gradient and learning-rate dimensions of a param. */
    | { readonly kind: 'gradient'; readonly value: string; readonly gradient: string; readonly learningRate: string; readonly line: number }
    /** `annotation NAME "<1/px>"`: the text the quick fix inserts (or `none`). */
    | { readonly kind: 'annotation'; readonly value: string; readonly expected: string | undefined; readonly line: number }
    /** `support NAME "grade 1 (e1, e2, e3)"`: a multivector value's inferred blade support (or `none`). */
    | { readonly kind: 'support'; readonly value: string; readonly expected: string | undefined; readonly line: number }
    /** `quantity 0.005`: the literal in the next marker, in base units. */
    | { readonly kind: 'quantity'; readonly expected: number; readonly range: MarkedRange | undefined; readonly line: number };

/** A fixture with its markers stripped. */
export interface ParsedFixture {
    readonly source: string;
    readonly expectations: readonly Expectation[];
    /** Problems in the fixture itself (an unknown directive), reported as test failures. */
    readonly problems: readonly string[];
}

const directive = /\/\/\s*\$TEST\$\s+(.*)$/;
/** `//     ^^^ $TEST$ …`: carets under the previous code line give the range (no markers needed). */
const caretDirective = /^\s*\/\/\s*(\^+)\s*\$TEST\$\s+(.*)$/;

/** Parses a fixture's text. */
export function parseFixture(text: string): ParsedFixture {
    const { source, ranges } = stripMarkers(text);
    const lines = source.split('\n');
    const pending: Expectation[] = [];
    const problems: string[] = [];
    let nextRange = 0;
    const takeRange = (line: number): MarkedRange | undefined => {
        // Each directive binds to the first unused marker on or after its own line.
        while (nextRange < ranges.length && (ranges[nextRange]?.start.line ?? 0) < line) nextRange++;
        return ranges[nextRange++];
    };
    let codeLine = -1;
    lines.forEach((lineText, line) => {
        const caret = caretDirective.exec(lineText);
        const match = caret ? null : directive.exec(lineText);
        if (!caret && !match) {
            codeLine = line;
            return;
        }
        const caretRange: MarkedRange | undefined = caret && codeLine >= 0
            ? { start: { line: codeLine, character: lineText.indexOf('^') }, end: { line: codeLine, character: lineText.indexOf('^') + (caret[1]?.length ?? 0) } }
            : undefined;
        const body = ((caret ? caret[2] : match?.[1]) ?? '').trim();
        const words = tokenize(body);
        const [head, ...rest] = words;
        if (head === 'error' || head === 'warning') {
            const [code, message, ...tail] = rest;
            const related: string[] = [];
            for (let i = 0; i < tail.length; i += 2) if (tail[i] === 'related' && tail[i + 1] !== undefined) related.push(tail[i + 1] ?? '');
            if (!code || !/^PHG\d{4}$/.test(code)) { problems.push(`line ${line + 1}: expected a PHG code in "${body}"`); return; }
            pending.push({ kind: 'diagnostic', severity: head, code, message: message ?? '', related, range: caretRange ?? takeRange(line), line: line + 1 });
        } else if (head === 'type' && rest.length === 2) {
            pending.push({ kind: 'type', value: rest[0] ?? '', expected: rest[1] ?? '', line: line + 1 });
        } else if (head === 'gradient' && rest.length === 3) {
            pending.push({ kind: 'gradient', value: rest[0] ?? '', gradient: rest[1] ?? '', learningRate: rest[2] ?? '', line: line + 1 });
        } else if (head === 'annotation' && rest.length === 2) {
            pending.push({ kind: 'annotation', value: rest[0] ?? '', expected: rest[1] === 'none' ? undefined : rest[1], line: line + 1 });
        } else if (head === 'support' && rest.length === 2) {
            pending.push({ kind: 'support', value: rest[0] ?? '', expected: rest[1] === 'none' ? undefined : rest[1], line: line + 1 });
        } else if (head === 'quantity' && rest.length === 1) {
            pending.push({ kind: 'quantity', expected: Number(rest[0]), range: caretRange ?? takeRange(line), line: line + 1 });
        } else {
            problems.push(`line ${line + 1}: unknown $TEST$ directive "${body}"`);
        }
    });
    if (nextRange < ranges.length) problems.push(`${ranges.length - nextRange} »…« marker(s) have no $TEST$ directive`);
    return { source, expectations: pending, problems };
}

/** Words and "quoted strings" (quotes removed; \" escapes a quote). */
function tokenize(body: string): string[] {
    const words: string[] = [];
    const pattern = /"((?:\\.|[^"\\])*)"|(\S+)/g;
    for (let match = pattern.exec(body); match; match = pattern.exec(body)) {
        words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? ''));
    }
    return words;
}

/** Removes `»` and `«`, returning the ranges they enclosed in the stripped text. */
function stripMarkers(text: string): { source: string; ranges: MarkedRange[] } {
    const ranges: MarkedRange[] = [];
    const open: { line: number; character: number }[] = [];
    let source = '';
    let line = 0;
    let character = 0;
    for (const char of text) {
        if (char === '»') { open.push({ line, character }); continue; }
        if (char === '«') {
            const start = open.pop();
            if (start) ranges.push({ start, end: { line, character } });
            continue;
        }
        source += char;
        if (char === '\n') { line++; character = 0; } else { character += char.length; }
    }
    ranges.sort((a, b) => a.start.line - b.start.line || a.start.character - b.start.character);
    return { source, ranges };
}
