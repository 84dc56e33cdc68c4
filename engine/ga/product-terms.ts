// The terms of each geometric-algebra operation over given supports — the sparse Cayley table of a
// pair of supports is the list of pairs (A, B) whose product does not vanish, each with its sign and
// target blade A xor B. Products killed by a degenerate generator (e0 e0 = 0 in PGA) never become
// terms, which is why a PGA motor × motor costs 48 multiplies and not 64.
import type { CliffordAlgebra } from './algebra.js';
import type { BladeSupport } from './blade-support.js';
import type { RawTerm } from './multilinear-form.js';

/** Binary products: geometric, outer (wedge) and inner (left contraction). */
export type BladeProductKind = 'geometric_product' | 'wedge' | 'inner';

/** Linear maps of one multivector. `grade` keeps blades as they are (the output support filters). */
export type LinearMapKind = 'reverse' | 'involute' | 'conjugate' | 'dual' | 'undual' | 'grade';

/** Whether the product of blades a and b contributes to a product of this kind (before the metric). */
export function contributes(kind: BladeProductKind, a: number, b: number): boolean {
    switch (kind) {
        case 'geometric_product': return true;
        case 'wedge': return (a & b) === 0;
        // Left contraction: e_A ⌋ e_B is the grade |B| − |A| part of e_A e_B, nonzero only when A ⊆ B.
        case 'inner': return (a & ~b) === 0;
    }
}

/** The nonzero terms of a ∘ b for every pair of stored blades. */
export function productTerms(kind: BladeProductKind, a: BladeSupport, b: BladeSupport): RawTerm[] {
    const algebra = a.algebra;
    const terms: RawTerm[] = [];
    a.blades.forEach((bladeA, i) => {
        b.blades.forEach((bladeB, j) => {
            if (!contributes(kind, bladeA, bladeB)) return;
            const sign = algebra.productSignOf(bladeA, bladeB);
            if (sign !== 0) terms.push({ factors: [i, j], outputBlade: bladeA ^ bladeB, coefficient: sign });
        });
    });
    return terms;
}

/** The nonzero terms of r x ~s, a trilinear form (slots r, x, s). */
export function sandwichTerms(r: BladeSupport, x: BladeSupport, s: BladeSupport): RawTerm[] {
    const algebra: CliffordAlgebra = r.algebra;
    const terms: RawTerm[] = [];
    r.blades.forEach((bladeR, i) => {
        x.blades.forEach((bladeX, j) => {
            const left = algebra.productSignOf(bladeR, bladeX);
            if (left === 0) return;
            const middle = bladeR ^ bladeX;
            s.blades.forEach((bladeS, l) => {
                const sign = left * algebra.productSignOf(middle, bladeS) * algebra.reverseSign(bladeS);
                if (sign !== 0) terms.push({ factors: [i, j, l], outputBlade: middle ^ bladeS, coefficient: sign });
            });
        });
    });
    return terms;
}

/** The terms of a linear map: one per stored blade, its sign and image blade. */
export function linearMapTerms(kind: LinearMapKind, a: BladeSupport): RawTerm[] {
    const algebra = a.algebra;
    return a.blades.map((blade, i): RawTerm => {
        switch (kind) {
            case 'reverse': return { factors: [i], outputBlade: blade, coefficient: algebra.reverseSign(blade) };
            case 'involute': return { factors: [i], outputBlade: blade, coefficient: algebra.involutionSign(blade) };
            case 'conjugate': return { factors: [i], outputBlade: blade, coefficient: algebra.conjugateSign(blade) };
            case 'grade': return { factors: [i], outputBlade: blade, coefficient: 1 };
            case 'dual': {
                const image = algebra.dual(blade);
                return { factors: [i], outputBlade: image.blade, coefficient: image.sign };
            }
            case 'undual': {
                const image = algebra.undual(blade);
                return { factors: [i], outputBlade: image.blade, coefficient: image.sign };
            }
        }
    });
}
