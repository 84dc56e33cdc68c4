// Quick fixes: write an inferred dimension into the source. Offered on the declaration under the
// cursor (`param W1 : [64, 32]` → `param W1 : [64, 32]<1/px>`), and once per file for all of
// them. Only dimensions without free variables can be written, so only those are offered. The
// PHG4xxx diagnostics bring their own fixes (a format that covers a range, settings that fit a budget).
import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Range, type TextEdit } from 'vscode-languageserver';
import { analyzeRepresentation, type ValueAnalysis } from '../../language/index.js';
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
        actions.push(...designFixes(document, params, this.services));
        return actions;
    }
}

/**
 * The fixes the design-time analyses attach to their diagnostics (PHG4001/4002: widen the format;
 * PHG4101/4102: the other gradient mode, a smaller batch, a narrower format), for the diagnostics
 * the request is about.
 */
function designFixes(document: LangiumDocument, params: CodeActionParams, services: PhgLspServices): CodeAction[] {
    const uri = document.uri.toString();
    const actions: CodeAction[] = [];
    for (const diagnostic of analyzeRepresentation(document, services).diagnostics) {
        if (!overlaps(diagnostic.range, params.range)) continue;
        const published = params.context.diagnostics.find((d) => d.code === diagnostic.code && overlaps(d.range, diagnostic.range));
        diagnostic.fixes.forEach((fix, i) => {
            actions.push({
                title: fix.title,
                kind: CodeActionKind.QuickFix,
                ...(published !== undefined ? { diagnostics: [published] } : {}),
                ...(i === 0 ? { isPreferred: true } : {}),
                edit: { changes: { [uri]: fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText })) } }
            });
        });
    }
    return actions;
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
