// Support inference equals the observed nonzero pattern: for random supports in several signatures,
// the support the engine infers for each operation is exactly the set of blades that are nonzero in
// the dense reference's result for random values (union over a few draws, so that a coincidental
// zero cannot hide a blade) — no blade is missing (the result would be truncated) and none is extra
// (it would be stored and computed for nothing).
import { describe, expect, it } from 'vitest';
import type { CliffordAlgebra } from '../../../engine/ga/algebra.js';
import { supportFromMask, type BladeSupport } from '../../../engine/ga/blade-support.js';
import { cachedFormCount, formFor } from '../../../engine/ga/forms.js';
import type { SubspaceName } from '../../../engine/ga/subspaces.js';
import { gradeFilterSupport, linearMapSupport, productSupport, sandwichSupport, sumSupport } from '../../../engine/ga/support-inference.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { bladeOfKey, dual, generatorSquares, geometricProduct, leftContraction, nonzeroBlades, outerProduct, reverse, type ReferenceMultivector } from './support/dense-reference.js';
import { generatorsOf } from './support/engine-bridge.js';
import { algebraOf, named } from './support/named-algebras.js';

function randomSupport(rng: Xoshiro128, algebra: CliffordAlgebra): BladeSupport {
    let mask = 0n;
    while (mask === 0n) for (let b = 0; b < algebra.bladeCount; b++) if (rng.nextUniform() < 0.35) mask |= 1n << BigInt(b);
    return supportFromMask(algebra, mask);
}

/** A reference value with random nonzero integer coefficients on every blade of a support. */
function randomValue(rng: Xoshiro128, support: BladeSupport): ReferenceMultivector {
    return new Map(support.blades.map((blade) => [generatorsOf(blade).join(','), BigInt((rng.nextUint32() % 2001) - 1000 || 7)]));
}

/** The nonzero blades of `compute()` over several draws, as names of the engine's algebra. */
function observed(algebra: CliffordAlgebra, compute: () => ReferenceMultivector): string[] {
    const seen = new Set<string>();
    for (let draw = 0; draw < 4; draw++) for (const key of nonzeroBlades(compute())) seen.add(key);
    return [...seen].map((key) => bladeOfKey(key).reduce((mask, g) => mask | (1 << g), 0)).sort((a, b) => a - b).map((blade) => algebra.bladeName(blade));
}

function names(support: BladeSupport): string[] {
    return [...support.blades].sort((a, b) => a - b).map((blade) => support.algebra.bladeName(blade));
}

const signatures: [number, number, number][] = [[3, 0, 0], [3, 0, 1], [1, 3, 0], [4, 1, 0], [2, 0, 2], [2, 2, 1]];

describe('inferred supports equal observed nonzero patterns', () => {
    for (const [p, q, r] of signatures) {
        it(`Cl(${p}, ${q}, ${r}): products, linear maps and sandwiches of random supports`, () => {
            const algebra = algebraOf(p, q, r);
            const squares = generatorSquares(p, q, r);
            const rng = new Xoshiro128(p * 7 + q * 3 + r, 1);
            for (let round = 0; round < 12; round++) {
                const a = randomSupport(rng, algebra);
                const b = round % 3 === 0 ? named(algebra, 'vector') : randomSupport(rng, algebra);
                const versor = round % 2 === 0 ? named(algebra, 'motor') : randomSupport(rng, algebra);
                const x = (): ReferenceMultivector => randomValue(rng, a);
                const y = (): ReferenceMultivector => randomValue(rng, b);
                expect(names(productSupport('geometric_product', a, b))).toEqual(observed(algebra, () => geometricProduct(x(), y(), squares)));
                expect(names(productSupport('wedge', a, b))).toEqual(observed(algebra, () => outerProduct(x(), y(), squares)));
                expect(names(productSupport('inner', a, b))).toEqual(observed(algebra, () => leftContraction(x(), y(), squares)));
                expect(names(productSupport('geometric_product', a, a, true))).toEqual(observed(algebra, () => {
                    const value = x();
                    return geometricProduct(value, value, squares);
                }));
                expect(names(linearMapSupport('reverse', a))).toEqual(observed(algebra, () => reverse(x())));
                expect(names(linearMapSupport('dual', a))).toEqual(observed(algebra, () => dual(x(), algebra.n)));
                expect(names(sumSupport(a, b))).toEqual(observed(algebra, () => {
                    const sum = x();
                    for (const [key, value] of y()) sum.set(key, (sum.get(key) ?? 0n) + value);
                    return sum;
                }));
                expect(names(sandwichSupport(versor, b, versor, true).generic)).toEqual(observed(algebra, () => {
                    const R = randomValue(rng, versor);
                    return geometricProduct(geometricProduct(R, y(), squares), reverse(R), squares);
                }));
                expect(names(sandwichSupport(versor, b, a, false).generic)).toEqual(observed(algebra, () => geometricProduct(geometricProduct(randomValue(rng, versor), y(), squares), reverse(x()), squares)));
            }
        });
    }
});

describe('supports of the named examples', () => {
    const vga = algebraOf(3, 0, 0);
    const pga = algebraOf(3, 0, 1);
    const cga = algebraOf(4, 1, 0);

    it('VGA: vector × vector is scalar + bivector; x × x of one vector is a scalar (the bivector cancels)', () => {
        const v = named(vga, 'vector');
        expect(productSupport('geometric_product', v, v).bladeNames).toEqual(['1', 'e12', 'e13', 'e23']);
        expect(productSupport('geometric_product', v, v, true).bladeNames).toEqual(['1']);
        expect(productSupport('wedge', v, v).bladeNames).toEqual(['e12', 'e13', 'e23']);
        expect(productSupport('inner', v, named(vga, 'bivector')).bladeNames).toEqual(['e1', 'e2', 'e3']);
    });

    it('PGA: motor × motor stays a motor; a motor sandwich keeps a point a point', () => {
        const motor = named(pga, 'motor');
        expect(productSupport('geometric_product', motor, motor).equals(motor)).toBe(true);
        const point = named(pga, 'trivector');
        expect(sandwichSupport(motor, point, motor, true).generic.equals(point)).toBe(true);
        expect(linearMapSupport('dual', named(pga, 'vector')).equals(point)).toBe(true);
    });

    it('CGA: an arbitrary even R makes R x ~R leave the vectors (grade 5 appears); only a versor keeps grade 1', () => {
        const even = named(cga, 'even');
        const vector = named(cga, 'vector');
        const support = sandwichSupport(even, vector, even, true);
        expect(support.generic.grades).toEqual([1, 5]);
        expect(support.gradePreserving.equals(vector)).toBe(true);
    });

    it('grade<k> filters', () => {
        expect(gradeFilterSupport(named(pga, 'motor'), [2]).size).toBe(6);
        expect(gradeFilterSupport(named(pga, 'motor'), [1]).size).toBe(0);
    });
});

describe('Cayley tables are computed once per pair of supports', () => {
    it('asking again returns the same form, and the cache grows only for new supports', () => {
        const pga = algebraOf(3, 0, 1);
        const motor = named(pga, 'motor');
        const first = formFor({ op: 'geometric_product', slots: [motor, motor], binding: [0, 1] });
        const count = cachedFormCount();
        expect(formFor({ op: 'geometric_product', slots: [named(pga, 'motor'), named(pga, 'motor')], binding: [0, 1] })).toBe(first);
        expect(cachedFormCount()).toBe(count);
        formFor({ op: 'geometric_product', slots: [motor, named(pga, 'rotor')], binding: [0, 1] });
        expect(cachedFormCount()).toBe(count + 1);
    });

    it('the sparse counts are the structural nonzeros: 9 for VGA vector × vector, 48 for PGA motor × motor', () => {
        const count = (sig: [number, number, number], a: SubspaceName, b: SubspaceName): number => {
            const algebra = algebraOf(...sig);
            return formFor({ op: 'geometric_product', slots: [named(algebra, a), named(algebra, b)], binding: [0, 1] }).termCount;
        };
        expect(count([3, 0, 0], 'vector', 'vector')).toBe(9);
        expect(count([3, 0, 0], 'rotor', 'vector')).toBe(12);
        expect(count([3, 0, 1], 'motor', 'motor')).toBe(48);
        expect(count([3, 0, 1], 'motor', 'trivector')).toBe(20);
        expect(count([4, 1, 0], 'vector', 'vector')).toBe(25);
    });
});
