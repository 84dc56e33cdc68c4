// The certificate lenses on each model: `✓ certified v7 · key ab12…` (runs PHG: Verify
// Certificate), `✗ stale: W2 shape 32×10 → 32×12` (runs PHG: Certify Model), `✗ v8: weights
// digest (PHG5005)` for a newest version that fails verification, and `certify…` on an uncertified
// model of a workspace that has a phg.trust.json. Nothing on models of workspaces without one.
import type { LangiumDocument } from 'langium';
import type { CodeLens } from 'vscode-languageserver';
import type { CodeLensSource } from '../providers/composite-code-lens-provider.js';
import type { CertificateWorkspace } from './certificate-workspace.js';

/** Certificate lenses, from the same evaluation the diagnostics come from. */
export class CertificateCodeLensSource implements CodeLensSource {
    constructor(private readonly certificates: () => CertificateWorkspace) {}

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        return this.certificates().certificatesOf(document)
            .flatMap((model) => model.lenses.map((command) => ({ range: model.lensRange, command })));
    }
}
