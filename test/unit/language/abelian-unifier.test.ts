// The unifier is checked against an independent exact oracle: integer solvability of A·X = B
// by column Hermite normal form (BigInt), and principality by the nullity of A over ℚ. Every
// unifier answer is also checked by substituting its solution back into every equation.
import { describe, expect, it } from 'vitest';
import { AbelianUnifier } from '../../../language/inference/abelian-unifier.js';
import { addForms, constantForm, isZeroForm, scaleForm, type LinearForm, type VariableId } from '../../../language/inference/linear-form.js';

/** One equation Σ cᵢ·vᵢ = k (k a vector over the basis). */
interface Equation {
    readonly coefficients: readonly number[];
    readonly constant: readonly number[];
}

function randomInt(random: () => number, low: number, high: number): number {
    return low + Math.floor(random() * (high - low + 1));
}

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function formOf(equation: Equation, variables: readonly VariableId[], basisSize: number): LinearForm {
    let form = constantForm(new Array<number>(basisSize).fill(0));
    equation.coefficients.forEach((c, i) => {
        const variable = variables[i];
        if (variable !== undefined && c !== 0) form = addForms(form, { constant: new Array<number>(basisSize).fill(0), terms: new Map([[variable, 1]]) }, c);
    });
    return form;
}

/** Whether b is in the lattice spanned by the columns of A (column HNF over BigInt). */
function inColumnLattice(columns: bigint[][], target: bigint[]): boolean {
    const rows = target.length;
    const basis = columns.map((column) => [...column]);
    const remaining = [...target];
    let pivotColumn = 0;
    for (let row = 0; row < rows && pivotColumn < basis.length; row++) {
        // Euclid on the entries of this row among the columns not yet used as pivots.
        for (;;) {
            let nonZero = -1;
            for (let c = pivotColumn; c < basis.length; c++) {
                const entry = basis[c]?.[row] ?? 0n;
                if (entry === 0n) continue;
                if (nonZero < 0 || abs(entry) < abs(basis[nonZero]?.[row] ?? 0n)) nonZero = c;
            }
            if (nonZero < 0) break;
            [basis[pivotColumn], basis[nonZero]] = [basis[nonZero] ?? [], basis[pivotColumn] ?? []];
            const pivot = basis[pivotColumn] ?? [];
            let reduced = true;
            for (let c = pivotColumn + 1; c < basis.length; c++) {
                const column = basis[c] ?? [];
                const q = (column[row] ?? 0n) / (pivot[row] ?? 1n);
                if (q !== 0n) for (let r = 0; r < rows; r++) column[r] = (column[r] ?? 0n) - q * (pivot[r] ?? 0n);
                if ((column[row] ?? 0n) !== 0n) reduced = false;
            }
            if (reduced) break;
        }
        const pivot = basis[pivotColumn];
        if (!pivot || (pivot[row] ?? 0n) === 0n) {
            // Every unused column is zero in this row and the used ones are fixed: nothing can change it.
            if ((remaining[row] ?? 0n) !== 0n) return false;
            continue;
        }
        const entry = pivot[row] ?? 1n;
        const value = remaining[row] ?? 0n;
        if (value % entry !== 0n) return false;
        const q = value / entry;
        for (let r = 0; r < rows; r++) remaining[r] = (remaining[r] ?? 0n) - q * (pivot[r] ?? 0n);
        pivotColumn++;
    }
    return remaining.every((value) => value === 0n);
}

function abs(x: bigint): bigint {
    return x < 0n ? -x : x;
}

/** The rank of a matrix over ℚ (fraction-free Bareiss-style elimination on BigInt). */
function rationalRank(matrix: bigint[][]): number {
    const rows = matrix.map((row) => [...row]);
    const width = rows[0]?.length ?? 0;
    let rank = 0;
    for (let column = 0; column < width && rank < rows.length; column++) {
        const pivotRow = rows.findIndex((row, index) => index >= rank && (row[column] ?? 0n) !== 0n);
        if (pivotRow < 0) continue;
        [rows[rank], rows[pivotRow]] = [rows[pivotRow] ?? [], rows[rank] ?? []];
        const pivot = rows[rank] ?? [];
        for (let r = 0; r < rows.length; r++) {
            if (r === rank) continue;
            const row = rows[r] ?? [];
            const factor = row[column] ?? 0n;
            if (factor === 0n) continue;
            for (let c = 0; c < width; c++) row[c] = (row[c] ?? 0n) * (pivot[column] ?? 1n) - factor * (pivot[c] ?? 0n);
        }
        rank++;
    }
    return rank;
}

describe('abelian unifier', () => {
    it('solves a product equation: v·s = m gives v = m/s', () => {
        const unifier = new AbelianUnifier(2);
        const v = unifier.fresh(0);
        const failure = unifier.unify(
            addForms({ constant: [0, 0], terms: new Map([[v, 1]]) }, constantForm([0, 1])),
            constantForm([1, 0]),
            0
        );
        expect(failure).toBeUndefined();
        expect(unifier.resolve({ constant: [0, 0], terms: new Map([[v, 1]]) })).toEqual({ constant: [1, -1], terms: new Map() });
    });

    it('reports a fractional exponent: 2·v = m has no integer solution', () => {
        const unifier = new AbelianUnifier(1);
        const v = unifier.fresh(0);
        const failure = unifier.unify(scaleForm({ constant: [0], terms: new Map([[v, 1]]) }, 2), constantForm([1]), 0);
        expect(failure?.kind).toBe('fractional');
    });

    it('keeps a solution principal: 2·a + 3·b = 0 leaves one free variable (a = 3t, b = −2t)', () => {
        const unifier = new AbelianUnifier(1);
        const a = unifier.fresh(0);
        const b = unifier.fresh(0);
        const failure = unifier.unify({ constant: [0], terms: new Map([[a, 2], [b, 3]]) }, constantForm([0]), 0);
        expect(failure).toBeUndefined();
        const ra = unifier.resolve({ constant: [0], terms: new Map([[a, 1]]) });
        const rb = unifier.resolve({ constant: [0], terms: new Map([[b, 1]]) });
        const free = new Set([...ra.terms.keys(), ...rb.terms.keys()]);
        expect(free.size).toBe(1);
        const [t] = [...free];
        expect(Math.abs(ra.terms.get(t ?? -1) ?? 0)).toBe(3);
        expect(Math.abs(rb.terms.get(t ?? -1) ?? 0)).toBe(2);
        expect(isZeroForm(addForms(scaleForm(ra, 2), scaleForm(rb, 3)))).toBe(true);
    });

    it('agrees with the lattice oracle on 3,000 random systems, and its solutions are principal', () => {
        const random = prng(20240611);
        let solvable = 0;
        for (let trial = 0; trial < 3000; trial++) {
            const basisSize = randomInt(random, 1, 2);
            const variableCount = randomInt(random, 1, 5);
            const equationCount = randomInt(random, 1, 5);
            const equations: Equation[] = Array.from({ length: equationCount }, () => ({
                coefficients: Array.from({ length: variableCount }, () => (random() < 0.4 ? 0 : randomInt(random, -4, 4))),
                constant: Array.from({ length: basisSize }, () => randomInt(random, -6, 6))
            }));
            const unifier = new AbelianUnifier(basisSize);
            const variables = Array.from({ length: variableCount }, () => unifier.fresh(randomInt(random, 0, 3)));
            let failed = false;
            for (const equation of equations) {
                if (unifier.unify(formOf(equation, variables, basisSize), constantForm(equation.constant), 0)) { failed = true; break; }
            }
            const matrix = equations.map((e) => e.coefficients.map(BigInt));
            const columns = Array.from({ length: variableCount }, (_, j) => equations.map((e) => BigInt(e.coefficients[j] ?? 0)));
            const oracleSolvable = Array.from({ length: basisSize }, (_, k) => equations.map((e) => BigInt(e.constant[k] ?? 0)))
                .every((target) => inColumnLattice(columns, target));
            expect(!failed, `trial ${trial}: ${JSON.stringify(equations)}`).toBe(oracleSolvable);
            if (failed) continue;
            solvable++;
            // The solution satisfies every equation exactly.
            for (const equation of equations) {
                const residual = unifier.resolve(addForms(formOf(equation, variables, basisSize), constantForm(equation.constant), -1));
                expect(isZeroForm(residual), `trial ${trial}`).toBe(true);
            }
            // Principal: as many free parameters as the solution space has dimensions over ℚ.
            const free = new Set<number>();
            for (const variable of variables) for (const key of unifier.resolve({ constant: new Array<number>(basisSize).fill(0), terms: new Map([[variable, 1]]) }).terms.keys()) free.add(key);
            expect(free.size, `trial ${trial}`).toBe(variableCount - rationalRank(matrix));
        }
        expect(solvable).toBeGreaterThan(300);
    });
});
