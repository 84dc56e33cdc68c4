// Clifford algebras: blade names, the complete product table of each signature against the
// independent reference (generator lists sorted by swaps and contractions), involution signs, the
// dual, named subspaces, and the limits of what can be declared.
import { describe, expect, it } from 'vitest';
import { cliffordAlgebra, type CliffordAlgebra } from '../../../engine/ga/algebra.js';
import { gradesSupport, namedSubspace, subspaceNames } from '../../../engine/ga/subspaces.js';
import { generatorSquares, multiplyBlades, reversalSign } from './support/dense-reference.js';
import { generatorsOf } from './support/engine-bridge.js';

function algebra(p: number, q: number, r: number): CliffordAlgebra {
    const result = cliffordAlgebra(p, q, r);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
}

const signatures: [number, number, number][] = [[3, 0, 0], [3, 0, 1], [1, 3, 0], [4, 1, 0], [2, 0, 2], [0, 2, 0], [2, 2, 2], [6, 0, 0], [0, 0, 3]];

describe('blade names follow the literature', () => {
    it('PGA = Cl(3, 0, 1) names its degenerate generator e0, and e0 squares to zero', () => {
        const pga = algebra(3, 0, 1);
        expect(pga.bladeName(0b0001)).toBe('e0');
        expect(pga.bladeName(0b0110)).toBe('e12');
        expect(pga.bladeName(0b1111)).toBe('e0123');
        expect(pga.bladeSquare(0b0001)).toBe(0);
        expect(pga.bladeSquare(0b0010)).toBe(1);
    });

    it('VGA = Cl(3, 0, 0) names generators from 1, and the scalar 1', () => {
        const vga = algebra(3, 0, 0);
        expect(vga.bladeName(0)).toBe('1');
        expect(vga.bladeName(0b001)).toBe('e1');
        expect(vga.bladeName(0b111)).toBe('e123');
    });

    it('parses blade names, with the sign of reordering their digits', () => {
        const vga = algebra(3, 0, 0);
        expect(vga.parseBlade('e12')).toEqual({ blade: 0b011, sign: 1 });
        expect(vga.parseBlade('e21')).toEqual({ blade: 0b011, sign: -1 });
        expect(vga.parseBlade('e312')).toEqual({ blade: 0b111, sign: 1 });
        expect(vga.parseBlade('e0')).toBeUndefined();
        expect(vga.parseBlade('e11')).toBeUndefined();
        expect(vga.parseBlade('e4')).toBeUndefined();
        expect(algebra(3, 0, 1).parseBlade('e0')).toEqual({ blade: 1, sign: 1 });
    });

    it('stores coefficients by grade, then by blade (a PGA motor: 1, e01, e02, e12, e03, e13, e23, e0123)', () => {
        const motor = namedSubspace(algebra(3, 0, 1), 'motor');
        expect(motor.ok && motor.value.support.bladeNames).toEqual(['1', 'e01', 'e02', 'e12', 'e03', 'e13', 'e23', 'e0123']);
    });
});

describe('the product table of every signature equals the reference', () => {
    for (const [p, q, r] of signatures) {
        it(`Cl(${p}, ${q}, ${r}): all ${4 ** (p + q + r)} blade products, signs and reverses`, () => {
            const a = algebra(p, q, r);
            const squares = generatorSquares(p, q, r);
            let zeros = 0;
            for (let x = 0; x < a.bladeCount; x++) {
                expect(a.reverseSign(x)).toBe(reversalSign(generatorsOf(x)));
                expect(a.involutionSign(x)).toBe(generatorsOf(x).length % 2 === 0 ? 1 : -1);
                for (let y = 0; y < a.bladeCount; y++) {
                    const expected = multiplyBlades(generatorsOf(x), generatorsOf(y), squares);
                    const actual = a.product(x, y);
                    expect(actual.sign).toBe(expected.sign);
                    if (expected.sign !== 0) expect(generatorsOf(actual.blade)).toEqual(expected.blade);
                    else zeros++;
                }
            }
            // Products vanish exactly when both factors contain a common degenerate generator.
            expect(zeros).toBe(4 ** (p + q + r) - 4 ** (p + q) * 3 ** r);
        });
    }
});

describe('the dual is the right complement', () => {
    for (const [p, q, r] of signatures) {
        it(`Cl(${p}, ${q}, ${r}): e_A ∧ dual(e_A) = e_I and undual inverts dual`, () => {
            const a = algebra(p, q, r);
            const all = a.bladeCount - 1;
            for (let x = 0; x < a.bladeCount; x++) {
                const d = a.dual(x);
                expect(d.blade).toBe(all ^ x);
                expect(multiplyBlades(generatorsOf(x), generatorsOf(d.blade), Array<number>(a.n).fill(1)).sign * d.sign).toBe(1);
                const back = a.undual(d.blade);
                expect(back.blade).toBe(x);
                expect(back.sign * d.sign).toBe(1);
            }
        });
    }
});

describe('named subspaces', () => {
    const size = (sig: [number, number, number], name: (typeof subspaceNames)[number]): number | string => {
        const result = namedSubspace(algebra(...sig), name);
        return result.ok ? result.value.support.size : result.error.message;
    };

    it('have the sizes of the named examples', () => {
        expect(size([3, 0, 0], 'vector')).toBe(3);
        expect(size([3, 0, 0], 'rotor')).toBe(4);
        expect(size([3, 0, 1], 'motor')).toBe(8);
        expect(size([3, 0, 1], 'rotor')).toBe(4);
        expect(size([3, 0, 1], 'trivector')).toBe(4);
        expect(size([1, 3, 0], 'even')).toBe(8);
        expect(size([1, 3, 0], 'bivector')).toBe(6);
        expect(size([4, 1, 0], 'vector')).toBe(5);
        expect(size([4, 1, 0], 'pseudoscalar')).toBe(1);
    });

    it('motor and rotor declare versors; the others do not', () => {
        for (const name of subspaceNames) {
            const result = namedSubspace(algebra(3, 0, 1), name);
            expect(result.ok && result.value.versor).toBe(name === 'motor' || name === 'rotor');
        }
    });

    it('a grade the algebra lacks is an error value, not an exception', () => {
        expect(size([2, 0, 0], 'trivector')).toMatch(/there is no grade 3/);
        const grades = gradesSupport(algebra(3, 0, 0), [0, 4]);
        expect(grades.ok).toBe(false);
    });
});

describe('signatures', () => {
    it('allow up to six generators and refuse more, as error values', () => {
        expect(cliffordAlgebra(3, 2, 1).ok).toBe(true);
        const seven = cliffordAlgebra(4, 2, 1);
        expect(seven.ok).toBe(false);
        expect(!seven.ok && seven.error.message).toMatch(/at most 6/);
        expect(cliffordAlgebra(-1, 0, 0).ok).toBe(false);
    });

    it('are built once per signature', () => {
        expect(algebra(3, 0, 1)).toBe(algebra(3, 0, 1));
    });
});
