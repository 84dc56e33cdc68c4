// Algebras and named subspaces for the GA tests, where an invalid signature or name is a bug in the
// test itself (so it throws instead of returning an error value).
import { cliffordAlgebra, type CliffordAlgebra } from '../../../../engine/ga/algebra.js';
import type { BladeSupport } from '../../../../engine/ga/blade-support.js';
import { namedSubspace, type SubspaceName } from '../../../../engine/ga/subspaces.js';

/** The Clifford algebra Cl(p, q, r). */
export function algebraOf(p: number, q: number, r: number): CliffordAlgebra {
    const result = cliffordAlgebra(p, q, r);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
}

/** The support of a named subspace (`vector`, `rotor`, `motor`, …) of `algebra`. */
export function named(algebra: CliffordAlgebra, name: SubspaceName): BladeSupport {
    const result = namedSubspace(algebra, name);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.support;
}
