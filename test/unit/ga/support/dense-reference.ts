// An independent dense reference of Clifford algebra arithmetic for the tests, written from the
// definitions rather than from the engine's bitmask tables: a basis blade is the list of its
// generator indices, a product of blades is the concatenated list brought into ascending order by
// adjacent swaps (each one flips the sign) and contractions of equal neighbours (each one multiplies
// by that generator's square). Coefficients are exact bigints: every coefficient the tests use is an
// integer multiple of 2^-scale, so products and sums here are exact, whatever the format under test.
//
// Convention under test (docs/geometric-algebra.md): Cl(p, q, r) has generators ordered degenerate
// (square 0) first, then p positive, then q negative.

/** A basis blade: ascending generator indices. */
export type ReferenceBlade = readonly number[];

/** A dense multivector: coefficient (bigint numerator) by blade key. */
export type ReferenceMultivector = Map<string, bigint>;

/** The generator squares of Cl(p, q, r) in the convention under test. */
export function generatorSquares(p: number, q: number, r: number): number[] {
    return [...Array<number>(r).fill(0), ...Array<number>(p).fill(1), ...Array<number>(q).fill(-1)];
}

/** The key of a blade (`""` for the scalar, `"0,2"` for e_0 e_2). */
export function bladeKey(blade: ReferenceBlade): string {
    return blade.join(',');
}

/** The blade of a key. */
export function bladeOfKey(key: string): number[] {
    return key === '' ? [] : key.split(',').map(Number);
}

/** Every blade of an n-generator algebra. */
export function allBlades(n: number): number[][] {
    const blades: number[][] = [];
    for (let subset = 0; subset < 1 << n; subset++) {
        const blade: number[] = [];
        for (let i = 0; i < n; i++) if (subset & (1 << i)) blade.push(i);
        blades.push(blade);
    }
    return blades;
}

/** e_A e_B by sorting generator lists: a sign (0 if a degenerate generator meets itself) and the blade. */
export function multiplyBlades(a: ReferenceBlade, b: ReferenceBlade, squares: readonly number[]): { sign: number; blade: number[] } {
    const list = [...a, ...b];
    let sign = 1;
    let changed = true;
    while (changed) {
        changed = false;
        for (let i = 0; i + 1 < list.length; i++) {
            if (list[i] === list[i + 1]) {
                sign *= squares[list[i]!]!;
                list.splice(i, 2);
                changed = true;
                break;
            }
            if (list[i]! > list[i + 1]!) {
                [list[i], list[i + 1]] = [list[i + 1]!, list[i]!];
                sign = -sign;
                changed = true;
            }
        }
    }
    return { sign: sign === 0 ? 0 : sign, blade: list };
}

/** Sign of reversing a blade's generator order, by counting the swaps that sort it back. */
export function reversalSign(blade: ReferenceBlade): number {
    return multiplyBlades([...blade].reverse(), [], []).sign;
}

type Selector = (a: ReferenceBlade, b: ReferenceBlade, product: number[]) => boolean;

function bilinear(x: ReferenceMultivector, y: ReferenceMultivector, squares: readonly number[], keep: Selector): ReferenceMultivector {
    const out: ReferenceMultivector = new Map();
    for (const [ka, va] of x) {
        for (const [kb, vb] of y) {
            const a = bladeOfKey(ka);
            const b = bladeOfKey(kb);
            const { sign, blade } = multiplyBlades(a, b, squares);
            if (sign === 0 || !keep(a, b, blade)) continue;
            const key = bladeKey(blade);
            out.set(key, (out.get(key) ?? 0n) + BigInt(sign) * va * vb);
        }
    }
    return out;
}

/** The geometric product. */
export function geometricProduct(x: ReferenceMultivector, y: ReferenceMultivector, squares: readonly number[]): ReferenceMultivector {
    return bilinear(x, y, squares, () => true);
}

/** The outer product: the grade |A| + |B| part of each blade product. */
export function outerProduct(x: ReferenceMultivector, y: ReferenceMultivector, squares: readonly number[]): ReferenceMultivector {
    return bilinear(x, y, squares, (a, b, product) => product.length === a.length + b.length);
}

/** The left contraction: the grade |B| − |A| part of each blade product (none when |A| > |B|). */
export function leftContraction(x: ReferenceMultivector, y: ReferenceMultivector, squares: readonly number[]): ReferenceMultivector {
    return bilinear(x, y, squares, (a, b, product) => b.length >= a.length && product.length === b.length - a.length);
}

/** The reverse. */
export function reverse(x: ReferenceMultivector): ReferenceMultivector {
    return new Map([...x].map(([key, value]) => [key, BigInt(reversalSign(bladeOfKey(key))) * value]));
}

/** The right complement: dual(e_A) = s e_Ā with e_A ∧ (s e_Ā) = e_0…e_{n−1}. */
export function dual(x: ReferenceMultivector, n: number): ReferenceMultivector {
    const out: ReferenceMultivector = new Map();
    for (const [key, value] of x) {
        const blade = bladeOfKey(key);
        const complement = allBlades(n)[(1 << n) - 1]!.filter((g) => !blade.includes(g));
        const { sign } = multiplyBlades(blade, complement, Array<number>(n).fill(1));
        out.set(bladeKey(complement), BigInt(sign) * value);
    }
    return out;
}

/** The grade-k parts for k in `grades`. */
export function gradeParts(x: ReferenceMultivector, grades: readonly number[]): ReferenceMultivector {
    return new Map([...x].filter(([key]) => grades.includes(bladeOfKey(key).length)));
}

/** Blades whose coefficient is nonzero. */
export function nonzeroBlades(x: ReferenceMultivector): Set<string> {
    return new Set([...x].filter(([, value]) => value !== 0n).map(([key]) => key));
}
