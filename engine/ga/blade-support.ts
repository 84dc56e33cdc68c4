// A blade support: the set of basis blades a multivector value stores, as a bitmask over the 2^n
// blades of its algebra (bit A set ⇔ blade A is stored). A value holds exactly one coefficient per
// blade of its support, in the algebra's canonical order (by grade, then by blade bitmask), never a
// dense 2^n array. Masks are bigints because an algebra of six generators has 64 blades.
import { gradeOf, type CliffordAlgebra } from './algebra.js';

/** The blades a multivector stores, and where each one's coefficient sits. */
export class BladeSupport {
    /** Stored blades, in canonical order: coefficient i belongs to `blades[i]`. */
    readonly blades: readonly number[];
    /** Number of stored coefficients. */
    readonly size: number;
    private readonly positions: Int8Array;

    /** Use `supportOf` or `supportFromMask`. */
    constructor(readonly algebra: CliffordAlgebra, readonly mask: bigint) {
        this.blades = algebra.canonicalOrder.filter((blade) => ((mask >> BigInt(blade)) & 1n) === 1n);
        this.size = this.blades.length;
        this.positions = new Int8Array(algebra.bladeCount).fill(-1);
        this.blades.forEach((blade, i) => { this.positions[blade] = i; });
    }

    /** The coefficient index of a blade, or −1 when the support does not store it. */
    positionOf(blade: number): number {
        return this.positions[blade]!;
    }

    /** Whether the support stores a blade. */
    has(blade: number): boolean {
        return this.positions[blade]! >= 0;
    }

    /** The grades present, ascending. */
    get grades(): number[] {
        return [...new Set(this.blades.map(gradeOf))].sort((a, b) => a - b);
    }

    /** Whether every stored blade has the same grade parity (even or odd). */
    get isHomogeneousParity(): boolean {
        return new Set(this.blades.map((b) => gradeOf(b) % 2)).size <= 1;
    }

    /** The mask as hexadecimal without prefix (the IR's `support.mask`). */
    get hex(): string {
        return this.mask.toString(16);
    }

    /** A stable key (algebra and mask) for caches. */
    get key(): string {
        return `${this.algebra.key}:${this.hex}`;
    }

    /** Blade names in storage order (`1`, `e12`, …). */
    get bladeNames(): string[] {
        return this.blades.map((blade) => this.algebra.bladeName(blade));
    }

    /** Whether both supports store the same blades of the same algebra. */
    equals(other: BladeSupport): boolean {
        return this.algebra === other.algebra && this.mask === other.mask;
    }

    /** Whether every blade of this support is in `other`. */
    isSubsetOf(other: BladeSupport): boolean {
        return (this.mask & ~other.mask) === 0n;
    }

    /** The blades of either support (the support of a sum). */
    union(other: BladeSupport): BladeSupport {
        return supportFromMask(this.algebra, this.mask | other.mask);
    }

    /** The blades of both supports. */
    intersect(other: BladeSupport): BladeSupport {
        return supportFromMask(this.algebra, this.mask & other.mask);
    }

    /** A short description: grades and blade count (`grades 0, 2 · 4 coefficients`). */
    describe(): string {
        const grades = this.grades;
        return `${grades.length === 1 ? 'grade' : 'grades'} ${grades.join(', ') || '∅'} · ${this.size} coefficient${this.size === 1 ? '' : 's'}`;
    }
}

/** The support with exactly these blades. */
export function supportOf(algebra: CliffordAlgebra, blades: Iterable<number>): BladeSupport {
    let mask = 0n;
    for (const blade of blades) mask |= 1n << BigInt(blade);
    return supportFromMask(algebra, mask);
}

/** The support of a mask (the empty support when 0n: a value that is structurally zero). */
export function supportFromMask(algebra: CliffordAlgebra, mask: bigint): BladeSupport {
    return new BladeSupport(algebra, mask & ((1n << BigInt(algebra.bladeCount)) - 1n));
}

/** The support of a hexadecimal mask as the IR stores it, or undefined if it is not one. */
export function supportFromHex(algebra: CliffordAlgebra, hex: string): BladeSupport | undefined {
    if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
    const mask = BigInt(`0x${hex}`);
    if (mask >> BigInt(algebra.bladeCount) !== 0n) return undefined;
    return supportFromMask(algebra, mask);
}
