// Reading the geometric-algebra parts of the source — `algebra PGA = Cl(3, 0, 1)`, multivector
// types `PGA.motor`, `VGA.grades(0, 2)`, blades `PGA.e12` — into the engine's algebras and blade
// supports, so the checker, lowering and the engine agree on blades, order and signs.
import { cliffordAlgebra, type CliffordAlgebra } from '../../engine/ga/algebra.js';
import { supportOf, type BladeSupport } from '../../engine/ga/blade-support.js';
import { gradesSupport, namedSubspace, type SubspaceName } from '../../engine/ga/subspaces.js';
import type { AlgebraDecl, BladeExpr, MultivectorElement, TypeExpr } from '../generated/ast.js';
import { isGradeSubspace, isMultivectorElement, isNamedSubspace, isValueType } from '../generated/ast.js';

/** What support inference knows of a multivector value. */
export interface MultivectorInfo {
    /** The declaration of its algebra (its name goes into the IR). */
    readonly algebra: AlgebraDecl;
    readonly support: BladeSupport;
    /** Known to be a versor (declared `motor`/`rotor`, or built from versors): a sandwich with it keeps grades. */
    readonly versor: boolean;
}

/** A reason a geometric-algebra construct is invalid, for a PHG3004 diagnostic. */
export interface GaDeclarationProblem {
    readonly message: string;
}

/** The engine algebra of a declaration, or why it cannot be one (more than six generators). */
export function algebraOf(declaration: AlgebraDecl): CliffordAlgebra | GaDeclarationProblem {
    const result = cliffordAlgebra(declaration.p, declaration.q, declaration.r);
    return result.ok ? result.value : { message: `algebra ${declaration.name} = ${result.error.message}` };
}

/** The support and versor-ness a written multivector type declares, or why it cannot (a grade the algebra lacks). */
export function multivectorOfElement(element: MultivectorElement): MultivectorInfo | GaDeclarationProblem | undefined {
    const declaration = element.algebra.ref;
    if (declaration === undefined) return undefined;
    const algebra = algebraOf(declaration);
    if (!('bladeCount' in algebra)) return algebra;
    const subspace = element.subspace;
    if (isNamedSubspace(subspace)) {
        const result = namedSubspace(algebra, subspace.kind as SubspaceName);
        if (!result.ok) return { message: `${declaration.name}.${subspace.kind}: ${result.error.message}` };
        return { algebra: declaration, support: result.value.support, versor: result.value.versor };
    }
    if (isGradeSubspace(subspace)) {
        const result = gradesSupport(algebra, subspace.grades);
        if (!result.ok) return { message: result.error.message };
        return { algebra: declaration, support: result.value, versor: false };
    }
    return undefined;
}

/** The multivector a written type declares (undefined for tensors, labels, spikes, or unresolved names). */
export function multivectorOfType(type: TypeExpr | undefined): MultivectorInfo | GaDeclarationProblem | undefined {
    if (!isValueType(type) || !isMultivectorElement(type.element)) return undefined;
    return multivectorOfElement(type.element);
}

/** Coefficients a value of this type stores per element (its support's size), or undefined for a non-multivector. */
export function coefficientsOfType(type: TypeExpr | undefined): number | undefined {
    const info = multivectorOfType(type);
    return info !== undefined && isInfo(info) ? info.support.size : undefined;
}

/** A basis blade `PGA.e12` (with the sign of its digit order: `e21` is −e12), or why it is not one. */
export function bladeOf(expression: BladeExpr): { readonly info: MultivectorInfo; readonly sign: number } | GaDeclarationProblem | undefined {
    const declaration = expression.algebra.ref;
    if (declaration === undefined) return undefined;
    const algebra = algebraOf(declaration);
    if (!('bladeCount' in algebra)) return algebra;
    const parsed = algebra.parseBlade(expression.blade);
    if (parsed === undefined) {
        const names = algebra.canonicalOrder.filter((b) => algebra.grade(b) === 1).map((b) => algebra.bladeName(b));
        return { message: `${declaration.name} has no blade '${expression.blade}': its generators are ${names.join(', ')}, and a blade names each at most once (e12, e013)` };
    }
    // A blade is a versor when it is invertible (no degenerate generator).
    return { info: { algebra: declaration, support: supportOf(algebra, [parsed.blade]), versor: algebra.bladeSquare(parsed.blade) !== 0 }, sign: parsed.sign };
}

/** Whether a result is an info (not a problem). */
export function isInfo(value: MultivectorInfo | GaDeclarationProblem): value is MultivectorInfo {
    return 'support' in value;
}
