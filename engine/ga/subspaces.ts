// Named subspaces of an algebra — the multivector types a model declares (`PGA.motor`,
// `VGA.vector`, `STA.grades(0, 2)`) — as blade supports.
//
// - `scalar vector bivector trivector pseudoscalar`: one grade (0, 1, 2, 3, n);
// - `even`: every even grade;
// - `motor`: the even subalgebra, where rigid motions live (8 coefficients in PGA, 4 in VGA);
// - `rotor`: the even subalgebra of the non-degenerate generators only — rotations about the origin
//   (scalar and e12, e13, e23 in PGA; in an algebra without degenerate generators, the same as `motor`);
// - `grade(k)`, `grades(k, …)`.
// `motor` and `rotor` declare versors (a product of invertible vectors): a sandwich R x ~R with a
// versor keeps the grades of x, which support inference may use (see sandwich narrowing).
import { failure, success, engineErrorCodes, type Result } from '../errors.js';
import { gradeOf, type CliffordAlgebra } from './algebra.js';
import { supportOf, type BladeSupport } from './blade-support.js';

/** The subspace names the language knows. */
export const subspaceNames = ['scalar', 'vector', 'bivector', 'trivector', 'pseudoscalar', 'even', 'motor', 'rotor'] as const;

/** A named subspace. */
export type SubspaceName = (typeof subspaceNames)[number];

/** A declared multivector type: its support, and whether values of it are known to be versors. */
export interface SubspaceType {
    readonly support: BladeSupport;
    readonly versor: boolean;
}

/** The support of a named subspace, or why the algebra has none (a trivector of a 2-D algebra). */
export function namedSubspace(algebra: CliffordAlgebra, name: SubspaceName): Result<SubspaceType> {
    const single = { scalar: 0, vector: 1, bivector: 2, trivector: 3, pseudoscalar: algebra.n } as const;
    switch (name) {
        case 'scalar': case 'vector': case 'bivector': case 'trivector': case 'pseudoscalar': {
            const support = gradesSupport(algebra, [single[name]]);
            return support.ok ? success({ support: support.value, versor: false }) : support;
        }
        case 'even':
            return success({ support: evenSupport(algebra, algebra.bladeCount - 1), versor: false });
        case 'motor':
            return success({ support: evenSupport(algebra, algebra.bladeCount - 1), versor: true });
        case 'rotor': {
            // Blades made of non-degenerate generators only (degenerate ones are the low r bits).
            const nonDegenerate = (algebra.bladeCount - 1) & ~((1 << algebra.r) - 1);
            return success({ support: evenSupport(algebra, nonDegenerate), versor: true });
        }
    }
}

/** The support of every blade of the listed grades, or why a grade does not exist. */
export function gradesSupport(algebra: CliffordAlgebra, grades: readonly number[]): Result<BladeSupport> {
    const bad = grades.find((k) => !Number.isInteger(k) || k < 0 || k > algebra.n);
    if (bad !== undefined) return failure(engineErrorCodes.notExecutable, `${algebra.key} has grades 0 to ${algebra.n}; there is no grade ${bad}`);
    const wanted = new Set(grades);
    return success(supportOf(algebra, algebra.canonicalOrder.filter((blade) => wanted.has(gradeOf(blade)))));
}

/** Every blade of the algebra (the dense support). */
export function fullSupport(algebra: CliffordAlgebra): BladeSupport {
    return supportOf(algebra, algebra.canonicalOrder);
}

// Even-grade blades whose generators all lie in `generators` (a bitmask).
function evenSupport(algebra: CliffordAlgebra, generators: number): BladeSupport {
    return supportOf(algebra, algebra.canonicalOrder.filter((blade) => gradeOf(blade) % 2 === 0 && (blade & ~generators) === 0));
}
