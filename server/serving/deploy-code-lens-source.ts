// `▶ Serve` above each `deploy NAME serves MODEL { … }` block: runs PHG: Serve Model on the file
// and the model the block serves (the client's command runs `phg serve`, which reads the block).
import type { LangiumDocument } from 'langium';
import type { CodeLens } from 'vscode-languageserver';
import { ast } from '../../language/index.js';
import type { CodeLensSource } from '../providers/composite-code-lens-provider.js';

/** The client command the lens runs (client/commands/serve-model.ts). */
export const serveCommand = 'phg.serveModel';

/** `▶ Serve` lenses on deploy blocks. */
export class DeployCodeLensSource implements CodeLensSource {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const root = document.parseResult.value;
        if (!ast.isPhgFile(root)) return [];
        const uri = document.uri.toString();
        return root.declarations.filter(ast.isDeployDecl).flatMap((deploy) => {
            const start = deploy.$cstNode?.range.start;
            const model = deploy.model.ref?.name;
            if (start === undefined || model === undefined) return [];
            return [{ range: { start, end: { line: start.line, character: start.character + 1 } }, command: { title: `▶ Serve ${deploy.name}`, command: serveCommand, arguments: [{ uri, model }] } }];
        });
    }
}
