// Quick fixes: write an inferred dimension into the source. Offered on the declaration under the
// cursor (`param W1 : [64, 32]` → `param W1 : [64, 32]<1/px>`), and once per file for all of
// them. Only dimensions without free variables can be written, so only those are offered.
import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range, type TextEdit } from 'vscode-languageserver';
import type { ValueAnalysis } from '../../language/index.js';
import { liveAnalysis } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';

/** Code actions built from the analysis's suggested annotations. */
export class PhgCodeActionProvider implements CodeActionProvider {
    constructor(private readonly services: PhgLspServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
        const analysis = liveAnalysis(document, this.services);
        if (!analysis) return [];
        const writable = analysis.models.flatMap((model) => model.values).flatMap(writableAnnotation);
        const actions: CodeAction[] = [];
        for (const { value, edit } of writable) {
            const range = value.node.$cstNode?.range;
            if (range && overlaps(range, params.range)) {
                actions.push({
                    title: `Write the inferred dimension of ${value.name}: ${edit.newText.trim()}`,
                    kind: CodeActionKind.QuickFix,
                    isPreferred: true,
                    edit: { changes: { [document.uri.toString()]: [edit] } }
                });
            }
        }
        if (actions.length > 0 && writable.length > 1) {
            actions.push({
                title: `Write all ${writable.length} inferred dimensions in this file`,
                kind: CodeActionKind.QuickFix,
                edit: { changes: { [document.uri.toString()]: writable.map(({ edit }) => edit) } }
            });
        }
        return actions;
    }
}

/** The insertion that writes a value's inferred dimension, if it can be written. */
function writableAnnotation(value: ValueAnalysis): { value: ValueAnalysis; edit: TextEdit }[] {
    const suggestion = value.suggestedAnnotation;
    if (!suggestion || value.dimensionAnnotated) return [];
    return [{ value, edit: { range: { start: suggestion.position, end: suggestion.position }, newText: suggestion.text } }];
}

function overlaps(a: Range, b: Range): boolean {
    const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character <= y.character);
    return before(a.start, b.end) && before(b.start, a.end);
}
