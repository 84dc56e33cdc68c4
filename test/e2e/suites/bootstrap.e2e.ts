// The smallest proof that the suite runs inside a real VS Code with our language server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SpecGroup } from '../harness/spec.js';
import { openInEditor, waitForDiagnostics } from '../harness/workspace.js';

export const bootstrapSpecs: SpecGroup = {
    name: 'language server inside VS Code',
    specs: [{
        name: 'an unclosed model block gets a parse error from the PHG server',
        body: async () => {
            const editor = await openInEditor('fixtures/unclosed-model.phg');
            assert.equal(editor.document.languageId, 'phg');
            const diagnostics = await waitForDiagnostics(editor.document.uri);
            assert.ok(diagnostics.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
            assert.ok(diagnostics.some((d) => d.message.includes("'}'")), JSON.stringify(diagnostics.map((d) => d.message)));
        }
    }]
};
