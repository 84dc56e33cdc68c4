// A Clifford algebra Cl(p, q, r) of n = p + q + r ≤ 6 generators, with basis blades as bitmasks:
// bit i set means generator i is a factor, factors in ascending index order (so e_{12} is bits 0b11
// read as e1∧e2). Generators are ordered degenerate first (square 0), then positive (square +1),
// then negative (square −1); they are *named* from 0 when the algebra has degenerate generators
// and from 1 otherwise, so PGA = Cl(3, 0, 1) has e0² = 0 and e1² = e2² = e3² = 1, and VGA = Cl(3, 0, 0)
// has e1, e2, e3 — the names the geometric-algebra literature uses (docs/geometric-algebra.md).
//
// Everything here is a pure function of the signature; tables are small (≤ 64 blades) and built
// once per algebra.
import { failure, success, engineErrorCodes, type Result } from '../errors.js';

/** The largest number of generators an algebra may have (2^6 = 64 basis blades). */
export const maxGenerators = 6;

/** The result of multiplying two basis blades: ±blade, or 0 when a degenerate generator meets itself. */
export interface BladeProduct {
    readonly blade: number;
    /** +1, −1, or 0 (the product vanishes). */
    readonly sign: number;
}

/** Cl(p, q, r): signature, blade names, and the signs of products and involutions. */
export class CliffordAlgebra {
    /** Number of generators. */
    readonly n: number;
    /** Number of basis blades (2^n). */
    readonly bladeCount: number;
    /** Square of each generator (0, +1 or −1), by generator index. */
    readonly generatorSquares: readonly number[];
    /** The digit that names generator 0 (0 with degenerate generators, else 1). */
    readonly firstIndexName: number;
    /** Blades in canonical order: by grade, then by bitmask (the order coefficients are stored in). */
    readonly canonicalOrder: readonly number[];
    private readonly productBlade: Int8Array;
    private readonly productSign: Int8Array;

    /** Use `cliffordAlgebra(p, q, r)`, which validates the signature. */
    constructor(readonly p: number, readonly q: number, readonly r: number) {
        this.n = p + q + r;
        this.bladeCount = 1 << this.n;
        this.generatorSquares = [...new Array<number>(r).fill(0), ...new Array<number>(p).fill(1), ...new Array<number>(q).fill(-1)];
        this.firstIndexName = r > 0 ? 0 : 1;
        this.canonicalOrder = Array.from({ length: this.bladeCount }, (_, blade) => blade).sort((a, b) => gradeOf(a) - gradeOf(b) || a - b);
        const count = this.bladeCount;
        this.productBlade = new Int8Array(count * count);
        this.productSign = new Int8Array(count * count);
        for (let a = 0; a < count; a++) {
            for (let b = 0; b < count; b++) {
                this.productBlade[a * count + b] = a ^ b;
                this.productSign[a * count + b] = this.computeProductSign(a, b);
            }
        }
    }

    /** `Cl(p, q, r)`, as the language writes it. */
    get signature(): readonly [number, number, number] {
        return [this.p, this.q, this.r];
    }

    /** A stable key of the signature (cache keys, IR). */
    get key(): string {
        return `Cl(${this.p},${this.q},${this.r})`;
    }

    /** The geometric product of two basis blades. */
    product(a: number, b: number): BladeProduct {
        const at = a * this.bladeCount + b;
        return { blade: this.productBlade[at]!, sign: this.productSign[at]! };
    }

    /** The sign of e_a e_b (0 when it vanishes); the product blade is always a XOR b. */
    productSignOf(a: number, b: number): number {
        return this.productSign[a * this.bladeCount + b]!;
    }

    /** Grade of a blade (number of generators). */
    grade(blade: number): number {
        return gradeOf(blade);
    }

    /** Sign of the reverse ~e_A = (−1)^(k(k−1)/2) e_A for a grade-k blade. */
    reverseSign(blade: number): number {
        const k = gradeOf(blade);
        return ((k * (k - 1)) / 2) % 2 === 0 ? 1 : -1;
    }

    /** Sign of the grade involution (−1)^k. */
    involutionSign(blade: number): number {
        return gradeOf(blade) % 2 === 0 ? 1 : -1;
    }

    /** Sign of the Clifford conjugate (reverse of the involution). */
    conjugateSign(blade: number): number {
        return this.reverseSign(blade) * this.involutionSign(blade);
    }

    /** e_A e_A as a scalar: the product of the squares of A's generators, times the reverse sign. */
    bladeSquare(blade: number): number {
        return this.productSignOf(blade, blade);
    }

    /**
     * The right complement (Poincaré dual) of a blade: the blade with the other generators, signed
     * so that e_A ∧ dual(e_A) = e_I. It needs no metric, so it is defined for degenerate algebras
     * (PGA) as well; `undual` inverts it.
     */
    dual(blade: number): BladeProduct {
        const complement = (this.bladeCount - 1) ^ blade;
        return { blade: complement, sign: reorderSign(blade, complement) };
    }

    /** The inverse of `dual`: undual(dual(e_A)) = e_A. */
    undual(blade: number): BladeProduct {
        const complement = (this.bladeCount - 1) ^ blade;
        return { blade: complement, sign: reorderSign(complement, blade) };
    }

    /** The blade's name: `1` for the scalar, else `e` and its generators' digits (`e12`, `e0123`). */
    bladeName(blade: number): string {
        if (blade === 0) return '1';
        let name = 'e';
        for (let i = 0; i < this.n; i++) if ((blade >> i) & 1) name += String(i + this.firstIndexName);
        return name;
    }

    /**
     * The blade a name denotes, with the sign of reordering its digits (`e21` is −e12), or undefined
     * for a name that is not a blade of this algebra (unknown digit, repeated generator).
     */
    parseBlade(name: string): BladeProduct | undefined {
        if (name === '1' || name === 'scalar') return { blade: 0, sign: 1 };
        if (!/^e\d+$/.test(name)) return undefined;
        let blade = 0;
        let sign = 1;
        for (const digit of name.slice(1)) {
            const generator = Number(digit) - this.firstIndexName;
            if (generator < 0 || generator >= this.n) return undefined;
            const bit = 1 << generator;
            if (blade & bit) return undefined;
            // Moving the new generator left past every higher one already present.
            if (popcount(blade & ~(bit - 1) & ~bit) % 2 === 1) sign = -sign;
            blade |= bit;
        }
        return { blade, sign };
    }

    private computeProductSign(a: number, b: number): number {
        let sign = reorderSign(a, b);
        let common = a & b;
        for (let i = 0; common !== 0; i++, common >>= 1) {
            if (common & 1) sign *= this.generatorSquares[i]!;
        }
        return sign;
    }
}

/** Number of set bits of a blade mask. */
export function popcount(x: number): number {
    let count = 0;
    for (let v = x; v !== 0; v &= v - 1) count++;
    return count;
}

/** Grade of a blade mask. */
export function gradeOf(blade: number): number {
    return popcount(blade);
}

/**
 * (−1)^(swaps) of bringing e_a e_b into ascending generator order: every generator of b must move
 * left past each generator of a with a higher index.
 */
export function reorderSign(a: number, b: number): number {
    let swaps = 0;
    for (let shifted = a >> 1; shifted !== 0; shifted >>= 1) swaps += popcount(shifted & b);
    return swaps % 2 === 0 ? 1 : -1;
}

const algebras = new Map<string, CliffordAlgebra>();

/** The algebra Cl(p, q, r), or why it cannot be built (negative counts, more than six generators). */
export function cliffordAlgebra(p: number, q: number, r: number): Result<CliffordAlgebra> {
    const counts = [p, q, r];
    if (counts.some((c) => !Number.isInteger(c) || c < 0)) return failure(engineErrorCodes.notExecutable, `Cl(${p}, ${q}, ${r}): p, q and r must be non-negative integers`);
    if (p + q + r > maxGenerators) return failure(engineErrorCodes.notExecutable, `Cl(${p}, ${q}, ${r}) has ${p + q + r} generators; at most ${maxGenerators} are supported (2^${maxGenerators} = 64 basis blades)`);
    const key = `${p},${q},${r}`;
    let algebra = algebras.get(key);
    if (algebra === undefined) {
        algebra = new CliffordAlgebra(p, q, r);
        algebras.set(key, algebra);
    }
    return success(algebra);
}
