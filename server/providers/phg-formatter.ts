// Formatting: indentation and trailing whitespace only. Each line is indented by the braces
// open before it (one level more while inside an unclosed bracket of a multi-line expression),
// trailing blanks go, and runs of blank lines shrink to one. Spacing inside a line is the
// author's: `batch 32  epochs 20  seed 7` and aligned columns stay as written. Lines inside
// block comments and strings are left untouched.
import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentRangeFormattingParams, FormattingOptions, Range, TextEdit } from 'vscode-languageserver';

/** Where a line starts: how deep in braces and brackets, and whether inside a comment or string. */
interface LineStart {
    readonly braces: number;
    readonly brackets: number;
    readonly verbatim: boolean;
}

/** Re-indents PHG documents. */
export class PhgFormatter implements Formatter {
    readonly formatOnTypeOptions = undefined;

    formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        return formatText(document.textDocument.getText(), params.options);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        const { start, end } = params.range;
        return formatText(document.textDocument.getText(), params.options).filter((edit) => edit.range.start.line >= start.line && edit.range.start.line <= end.line);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }
}

/** The edits that re-indent `text`; none when it is already formatted. */
export function formatText(text: string, options: FormattingOptions): TextEdit[] {
    const lines = text.split(/\r?\n/);
    const starts = lineStarts(text, lines.length);
    const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
    const edits: TextEdit[] = [];
    let blankRun = 0;
    lines.forEach((line, index) => {
        const start = starts[index];
        if (!start || start.verbatim) {
            blankRun = 0;
            return;
        }
        const content = line.trim();
        if (content === '') {
            blankRun += 1;
            // Keep one blank line; drop the rest (the line break of a dropped line goes with it).
            if (blankRun > 1 && index + 1 < lines.length) edits.push(replace(index, 0, index + 1, 0, ''));
            else if (line !== '') edits.push(replace(index, 0, index, line.length, ''));
            return;
        }
        blankRun = 0;
        // A closing brace sits at its block's level; inside an open bracket, one level deeper.
        const closingBrace = content.startsWith('}');
        const closingBracket = /^[)\]]/.test(content);
        const continuation = start.brackets - (closingBracket ? 1 : 0) > 0;
        const depth = Math.max(0, start.braces - (closingBrace ? 1 : 0)) + (continuation ? 1 : 0);
        const wanted = unit.repeat(depth) + content;
        if (wanted !== line) edits.push(replace(index, 0, index, line.length, wanted));
    });
    return edits;
}

function replace(startLine: number, startCharacter: number, endLine: number, endCharacter: number, newText: string): TextEdit {
    const range: Range = { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
    return { range, newText };
}

/** Scans the text once, recording the nesting at the start of every line. */
function lineStarts(text: string, lineCount: number): LineStart[] {
    const starts: LineStart[] = [{ braces: 0, brackets: 0, verbatim: false }];
    let braces = 0;
    let brackets = 0;
    let inBlockComment = false;
    let inString = false;
    for (let i = 0; i < text.length && starts.length < lineCount; i++) {
        const char = text[i];
        const next = text[i + 1];
        if (char === '\n') {
            starts.push({ braces, brackets, verbatim: inBlockComment || inString });
            continue;
        }
        if (inBlockComment) {
            if (char === '*' && next === '/') { inBlockComment = false; i += 1; }
            continue;
        }
        if (inString) {
            if (char === '\\') i += 1;
            else if (char === '"') inString = false;
            continue;
        }
        if (char === '/' && next === '/') {
            const end = text.indexOf('\n', i);
            i = (end < 0 ? text.length : end) - 1;
        } else if (char === '/' && next === '*') {
            inBlockComment = true;
            i += 1;
        } else if (char === '"') {
            inString = true;
        } else if (char === '{') {
            braces += 1;
        } else if (char === '}') {
            braces = Math.max(0, braces - 1);
        } else if (char === '(' || char === '[') {
            brackets += 1;
        } else if (char === ')' || char === ']') {
            brackets = Math.max(0, brackets - 1);
        }
    }
    return starts;
}
