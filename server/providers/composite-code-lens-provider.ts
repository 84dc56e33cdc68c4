// Langium has one CodeLensProvider service; several features contribute lenses (memory plans and
// ▶ Train, certificates). This provider asks each source in turn and returns all their lenses, in
// source order, so each feature keeps its own file.
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CancellationToken, CodeLens, CodeLensParams } from 'vscode-languageserver';

/** One contributor of code lenses. */
export interface CodeLensSource {
    provideCodeLens(document: LangiumDocument, params: CodeLensParams, cancelToken?: CancellationToken): MaybePromise<CodeLens[] | undefined>;
}

/** The lenses of every source, one after the other. */
export class CompositeCodeLensProvider implements CodeLensProvider {
    constructor(private readonly sources: readonly CodeLensSource[]) {}

    async provideCodeLens(document: LangiumDocument, params: CodeLensParams, cancelToken?: CancellationToken): Promise<CodeLens[]> {
        const lenses: CodeLens[] = [];
        for (const source of this.sources) {
            try {
                lenses.push(...((await source.provideCodeLens(document, params, cancelToken)) ?? []));
            } catch (error) {
                // One feature's bug must not take the other features' lenses with it.
                console.error(`PHG: a code lens source failed on ${document.uri.toString()}:`, error);
            }
        }
        return lenses;
    }
}
