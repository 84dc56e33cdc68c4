// The semantic analysis (dimension inference) runs synchronously on the server's only thread;
// on a very large file one run takes long enough to freeze every request, and memory grows with
// it. Above this size the server checks syntax and names live, and leaves the rest to
// `phg check`; hover, hints and the outline fall back to what needs no analysis.
import type { LangiumDocument } from 'langium';
import { analyzeDocument, type DocumentAnalysis, type PhgAddedServices } from '../../language/index.js';

/** Characters up to which a document gets the full analysis on every edit (256 KiB, ~7,000 lines). */
export const liveAnalysisLimit = 256 * 1024;

/** Whether the document is too large for the analysis to run on every edit. */
export function exceedsLiveAnalysisLimit(document: LangiumDocument): boolean {
    return document.textDocument.getText().length > liveAnalysisLimit;
}

/** The analysis, or undefined for a document above the live-analysis limit. */
export function liveAnalysis(document: LangiumDocument, services: PhgAddedServices): DocumentAnalysis | undefined {
    return exceedsLiveAnalysisLimit(document) ? undefined : analyzeDocument(document, services);
}
