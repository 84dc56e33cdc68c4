// Prints dimensions the way the user writes units: `m/s^2`, `1/px`, `kg*m^2/s^3` — or a named
// derived unit (`N`, `Pa`, or one the file declares) when the dimension matches it exactly.
// The output is valid unit syntax whenever it has no free variables, so a quick fix can insert it.
import type { DimensionBasis, ExponentVector } from './dimension.js';

/** A coherent derived unit the printer may use for an exact match (`N` for kg·m/s²). */
export interface NamedDimension {
    readonly name: string;
    readonly exponents: ExponentVector;
}

/** Everything the printer needs about a file's units. */
export interface UnitVocabulary {
    readonly basis: DimensionBasis;
    /** Preferred names for whole dimensions, tried in order. */
    readonly named: readonly NamedDimension[];
}

/** A symbol with an exponent: a base unit or a dimension variable. */
interface Factor {
    readonly symbol: string;
    readonly exponent: number;
}

/** Prints exponents (and free variables such as `'d1`) in the vocabulary's units. */
export function formatDimensionText(
    exponents: ExponentVector,
    variables: readonly { readonly name: string; readonly exponent: number }[],
    vocabulary: UnitVocabulary
): string {
    const variableFactors: Factor[] = variables.filter((v) => v.exponent !== 0).map((v) => ({ symbol: v.name, exponent: v.exponent }));
    const plain = formatFactors([...variableFactors, ...baseFactors(exponents, vocabulary.basis)]);
    if (variables.length > 0) return plain;
    return shortestNamedForm(exponents, vocabulary) ?? plain;
}

/**
 * A named unit: exactly (`N`, `Pa`); and for dimensions of three or more base units, a power
 * (`N^2`) or a named unit times one base unit (`N*s`) when shorter. Simple dimensions stay in
 * base units (`m/s^2`, not `N/kg`).
 */
function shortestNamedForm(exponents: ExponentVector, vocabulary: UnitVocabulary): string | undefined {
    const exact = vocabulary.named.find((candidate) => sameExponents(candidate.exponents, exponents));
    if (exact) return exact.name;
    if (exponents.filter((exponent) => exponent !== 0).length < 3) return undefined;
    let best = formatFactors(baseFactors(exponents, vocabulary.basis));
    let found: string | undefined;
    const consider = (text: string): void => {
        if (text.length < best.length) { best = text; found = text; }
    };
    for (const candidate of vocabulary.named) {
        for (const power of [2, 3, -1, -2]) {
            if (sameExponents(candidate.exponents.map((e) => e * power), exponents)) consider(formatFactors([{ symbol: candidate.name, exponent: power }]));
        }
        const residual = exponents.map((e, i) => e - (candidate.exponents[i] ?? 0));
        const nonZero = residual.map((e, i) => ({ e, i })).filter(({ e }) => e !== 0);
        const only = nonZero[0];
        if (nonZero.length === 1 && only && Math.abs(only.e) === 1) {
            consider(formatFactors([{ symbol: candidate.name, exponent: 1 }, { symbol: baseSymbol(vocabulary.basis, only.i), exponent: only.e }]));
        }
    }
    return found;
}

function baseFactors(exponents: ExponentVector, basis: DimensionBasis): Factor[] {
    const factors: Factor[] = [];
    exponents.forEach((exponent, index) => {
        if (exponent !== 0) factors.push({ symbol: baseSymbol(basis, index), exponent });
    });
    return factors;
}

/** `Length 1 vs 0, Time -1 vs 1`: the base dimensions in which two dimensions differ. */
export function describeDifference(a: ExponentVector, b: ExponentVector, basis: DimensionBasis): string {
    const parts: string[] = [];
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const left = a[i] ?? 0;
        const right = b[i] ?? 0;
        if (left !== right) parts.push(`${basis.names[i] ?? `dimension ${i}`} ${left} vs ${right}`);
    }
    return parts.join(', ');
}

function formatFactors(factors: readonly Factor[]): string {
    const numerator = factors.filter((factor) => factor.exponent > 0);
    const denominator = factors.filter((factor) => factor.exponent < 0).map((factor) => ({ ...factor, exponent: -factor.exponent }));
    if (numerator.length === 0 && denominator.length === 0) return '1';
    const top = numerator.length > 0 ? numerator.map(formatFactor).join('*') : '1';
    if (denominator.length === 0) return top;
    const bottom = denominator.map(formatFactor).join('*');
    return `${top}/${denominator.length > 1 ? `(${bottom})` : bottom}`;
}

function formatFactor(factor: Factor): string {
    return factor.exponent === 1 ? factor.symbol : `${factor.symbol}^${factor.exponent}`;
}

function baseSymbol(basis: DimensionBasis, index: number): string {
    return basis.baseUnits[index] ?? basis.names[index] ?? `dimension${index}`;
}

function sameExponents(a: ExponentVector, b: ExponentVector): boolean {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return false;
    return true;
}
