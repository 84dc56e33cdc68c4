// A small TextMate interpreter for testing syntaxes/phg.tmLanguage.json without VS Code: it
// supports what that grammar uses (match, begin/end, include of repository rules, captures with
// `$n` in scope names), line by line with a rule stack, as vscode-textmate does. Regular
// expressions run as JavaScript ones; the grammar keeps to the syntax both engines share.

interface Capture { readonly name?: string }
/** One rule of a TextMate grammar, as JSON. */
export interface TextMateRule {
    readonly name?: string;
    readonly match?: string;
    readonly begin?: string;
    readonly end?: string;
    readonly include?: string;
    readonly patterns?: readonly TextMateRule[];
    readonly captures?: Readonly<Record<string, Capture>>;
    readonly beginCaptures?: Readonly<Record<string, Capture>>;
    readonly endCaptures?: Readonly<Record<string, Capture>>;
}
/** A TextMate grammar, as JSON. */
export interface TextMateGrammar {
    readonly scopeName: string;
    readonly patterns: readonly TextMateRule[];
    readonly repository: Readonly<Record<string, TextMateRule>>;
}
/** A piece of a line and the scopes that apply to it, outermost first. */
export interface Token {
    readonly text: string;
    readonly scopes: readonly string[];
}

interface OpenBlock { readonly rule: TextMateRule; readonly end: RegExp; readonly scopes: readonly string[] }
interface Candidate { readonly rule: TextMateRule | 'end'; readonly match: RegExpExecArray }

/** Tokenizes a document, one token list per line. */
export function tokenize(grammar: TextMateGrammar, text: string): Token[][] {
    const stack: OpenBlock[] = [];
    return text.split('\n').map((line) => tokenizeLine(grammar, line, stack));
}

function tokenizeLine(grammar: TextMateGrammar, line: string, stack: OpenBlock[]): Token[] {
    const tokens: Token[] = [];
    let position = 0;
    const push = (from: number, to: number, scopes: readonly string[]): void => {
        if (to > from) tokens.push({ text: line.slice(from, to), scopes });
    };
    // Each step consumes text or pops a block; the guard only stops a grammar bug from hanging a test.
    for (let step = 0; step < 4 * (line.length + 2); step++) {
        const top = stack[stack.length - 1];
        const baseScopes = top?.scopes ?? [grammar.scopeName];
        const patterns = expand(grammar, top ? top.rule.patterns ?? [] : grammar.patterns);
        const best = findFirst(line, position, top, patterns);
        if (!best) break;
        const matchEnd = best.match.index + best.match[0].length;
        const zeroWidth = matchEnd === best.match.index;
        // Only an end pattern (`$`) may match the empty rest of a line.
        if (best.rule !== 'end' && zeroWidth && best.match.index >= line.length) break;
        push(position, best.match.index, baseScopes);
        if (best.rule === 'end' && top) {
            pushCaptured(tokens, line, best.match, top.rule.endCaptures ?? top.rule.captures, top.scopes);
            stack.pop();
        } else if (best.rule !== 'end' && best.rule.begin !== undefined && best.rule.end !== undefined) {
            const scopes = withName(baseScopes, best.rule.name, best.match);
            pushCaptured(tokens, line, best.match, best.rule.beginCaptures ?? best.rule.captures, scopes);
            stack.push({ rule: best.rule, end: new RegExp(best.rule.end, 'dg'), scopes });
        } else if (best.rule !== 'end') {
            pushCaptured(tokens, line, best.match, best.rule.captures, withName(baseScopes, best.rule.name, best.match));
        }
        position = matchEnd;
        if (zeroWidth && best.rule !== 'end' && best.rule.begin === undefined) {
            // A zero-width match that opens nothing would repeat forever: step over one character.
            push(position, position + 1, baseScopes);
            position += 1;
        }
    }
    const top = stack[stack.length - 1];
    push(position, line.length, top?.scopes ?? [grammar.scopeName]);
    return tokens;
}

function findFirst(line: string, position: number, top: OpenBlock | undefined, patterns: readonly TextMateRule[]): Candidate | undefined {
    let best: Candidate | undefined;
    const consider = (rule: TextMateRule | 'end', regex: RegExp): void => {
        regex.lastIndex = position;
        const match = regex.exec(line);
        // The end pattern comes first and wins ties, as in vscode-textmate.
        if (match && (!best || match.index < best.match.index)) best = { rule, match };
    };
    if (top) consider('end', top.end);
    for (const rule of patterns) {
        const source = rule.match ?? rule.begin;
        if (source !== undefined) consider(rule, new RegExp(source, 'dg'));
    }
    return best;
}

function expand(grammar: TextMateGrammar, patterns: readonly TextMateRule[]): TextMateRule[] {
    return patterns.flatMap((rule) => {
        if (rule.include !== undefined) {
            const target = grammar.repository[rule.include.replace(/^#/, '')];
            if (!target) throw new Error(`unknown include ${rule.include}`);
            return expand(grammar, [target]);
        }
        if (rule.match === undefined && rule.begin === undefined && rule.patterns) return expand(grammar, rule.patterns);
        return [rule];
    });
}

function withName(scopes: readonly string[], name: string | undefined, match: RegExpExecArray): readonly string[] {
    return name === undefined ? scopes : [...scopes, substitute(name, match)];
}

function substitute(name: string, match: RegExpExecArray): string {
    return name.replace(/\$(\d+)/g, (_, index: string) => match[Number(index)] ?? '');
}

/** Emits the match as tokens, splitting it at the (non-overlapping) captured groups. */
function pushCaptured(tokens: Token[], line: string, match: RegExpExecArray, captures: Readonly<Record<string, Capture>> | undefined, scopes: readonly string[]): void {
    const start = match.index;
    const end = start + match[0].length;
    const whole = captures?.['0']?.name;
    const outer = whole === undefined ? scopes : [...scopes, substitute(whole, match)];
    const groups = Object.entries(captures ?? {})
        .filter(([index]) => index !== '0')
        .map(([index, capture]) => ({ range: match.indices?.[Number(index)], name: capture.name }))
        .filter((group): group is { range: [number, number]; name: string } => group.range !== undefined && group.name !== undefined)
        .sort((a, b) => a.range[0] - b.range[0]);
    let position = start;
    for (const group of groups) {
        if (group.range[0] > position) tokens.push({ text: line.slice(position, group.range[0]), scopes: outer });
        if (group.range[1] > group.range[0]) tokens.push({ text: line.slice(group.range[0], group.range[1]), scopes: [...outer, substitute(group.name, match)] });
        position = group.range[1];
    }
    if (end > position) tokens.push({ text: line.slice(position, end), scopes: outer });
}
