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
    if (variables.length === 0) {
        const named = vocabulary.named.find((candidate) => sameExponents(candidate.exponents, exponents));
        if (named) return named.name;
    }
    const factors: Factor[] = [];
    exponents.forEach((exponent, index) => {
        if (exponent !== 0) factors.push({ symbol: baseSymbol(vocabulary.basis, index), exponent });
    });
    for (const variable of variables) if (variable.exponent !== 0) factors.push({ symbol: variable.name, exponent: variable.exponent });
    return formatFactors(factors);
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
