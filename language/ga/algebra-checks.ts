// File-level checks of `algebra NAME = Cl(p, q, r)` declarations: the engine handles algebras of up
// to six generators (64 blades); a larger one is a PHG3004 error at the declaration.
import type { DiagnosticSink } from '../analysis/diagnostic-sink.js';
import type { PhgFile } from '../generated/ast.js';
import { isAlgebraDecl } from '../generated/ast.js';
import { algebraOf } from './multivector-types.js';

/** Reports every algebra declaration the engine cannot build. */
export function checkAlgebraDeclarations(root: PhgFile, sink: DiagnosticSink): void {
    for (const declaration of root.declarations) {
        if (!isAlgebraDecl(declaration) || declaration.name === undefined) continue;
        const algebra = algebraOf(declaration);
        if ('message' in algebra) sink.error('PHG3004', algebra.message, { node: declaration });
    }
}
