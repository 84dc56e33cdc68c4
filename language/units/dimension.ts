// Dimensions as integer exponent vectors. A file's *basis* is the eight built-in base dimensions
// followed by the dimensions the file declares, so every vector of one file has the same length
// and dimension arithmetic is plain vector arithmetic.

/** The base dimensions a file can use, in a fixed order, each with its coherent base unit. */
export interface DimensionBasis {
    /** `Length`, `Time`, …, then declared ones (`Intensity`). */
    readonly names: readonly string[];
    /** The coherent base unit of each dimension (`m`, `s`, …, `px`), if one is declared. */
    readonly baseUnits: readonly (string | undefined)[];
}

/** The built-in base dimensions and their coherent units, in basis order. */
export const builtinBaseDimensions: readonly { readonly name: string; readonly unit: string }[] = [
    { name: 'Length', unit: 'm' },
    { name: 'Time', unit: 's' },
    { name: 'Mass', unit: 'kg' },
    { name: 'Current', unit: 'A' },
    { name: 'Temperature', unit: 'K' },
    { name: 'Amount', unit: 'mol' },
    { name: 'Luminosity', unit: 'cd' },
    { name: 'Information', unit: 'B' }
];

/** Integer exponents over a basis; index i belongs to `basis.names[i]`. */
export type ExponentVector = readonly number[];

/** The zero vector (dimensionless) of a basis of `size` dimensions. */
export function dimensionless(size: number): number[] {
    return new Array<number>(size).fill(0);
}

/** Whether every exponent is zero. */
export function isZeroVector(vector: ExponentVector): boolean {
    return vector.every((exponent) => exponent === 0);
}

/** Component-wise sum `a + k·b` (k defaults to 1): the dimension of a product is the sum. */
export function addVectors(a: ExponentVector, b: ExponentVector, k = 1): number[] {
    const length = Math.max(a.length, b.length);
    const result = new Array<number>(length);
    for (let i = 0; i < length; i++) result[i] = (a[i] ?? 0) + k * (b[i] ?? 0);
    return result;
}

/** `k·a`: the dimension of `pow(x, k)`. */
export function scaleVector(a: ExponentVector, k: number): number[] {
    return a.map((exponent) => exponent * k + 0);
}

/** Whether two vectors are equal (missing trailing components count as zero). */
export function vectorsEqual(a: ExponentVector, b: ExponentVector): boolean {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
    return true;
}

/** Pads or truncates a vector to a basis size (declared dimensions come after the built-in ones). */
export function resizeVector(vector: ExponentVector, size: number): number[] {
    const result = dimensionless(size);
    for (let i = 0; i < Math.min(size, vector.length); i++) result[i] = vector[i] ?? 0;
    return result;
}
