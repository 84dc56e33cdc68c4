// The shape of a tapered format — posit<n> (Posit Standard 2022) or bounded posit bposit<n, rs, es>
// (regime capped at rs bits): sign | regime | es exponent bits | fraction. A standard posit is the
// bounded case rs = n − 1, so one layout (and one codec) serves both.

/** Which tapered family: standard posits or bounded posits. */
export type TaperedKind = 'posit' | 'bposit';

/** Parameters and derived constants of a tapered format. */
export interface TaperedLayout {
    readonly kind: TaperedKind;
    /** Bits per pattern. */
    readonly bits: number;
    /** Exponent bits. */
    readonly exponentBits: number;
    /** The longest regime run (n − 1 for standard posits, 6 for the b-posit profile). */
    readonly regimeCap: number;
    /** Bits after the sign. */
    readonly bodyBits: number;
    /** Regime values r ∈ [minRegime, maxRegime]; scale = r·2^es + exponent. */
    readonly minRegime: number;
    readonly maxRegime: number;
    /** Fraction bits at the least and most precise scales. */
    readonly minFractionBits: number;
    readonly maxFractionBits: number;
}

/** The b-posit profile of arXiv 2603.01615: regime of at most 6 bits, 5 exponent bits. */
export const B_POSIT_REGIME_CAP = 6;
/** Exponent bits of the b-posit profile. */
export const B_POSIT_EXPONENT_BITS = 5;
/** es of every standard posit (Posit Standard 2022). */
export const POSIT_EXPONENT_BITS = 2;

/** The layout of posit<n, es> (standard: es = 2) or, with a regime cap, of bposit<n, rs, es>. Undefined when inconsistent. */
export function taperedLayout(kind: TaperedKind, bits: number, exponentBits: number, regimeCap?: number): TaperedLayout | undefined {
    const bodyBits = bits - 1;
    const cap = kind === 'posit' ? bodyBits : regimeCap ?? B_POSIT_REGIME_CAP;
    if (!Number.isInteger(bits) || bits < 3 || !Number.isInteger(exponentBits) || exponentBits < 0 || !Number.isInteger(cap) || cap < 1) return undefined;
    // A bounded posit never cuts its exponent: the longest regime plus the exponent must fit.
    if (kind === 'bposit' && cap + exponentBits > bodyBits) return undefined;
    if (kind === 'posit' && exponentBits > 5) return undefined;
    const shortestRegime = Math.min(2, cap);
    return {
        kind,
        bits,
        exponentBits,
        regimeCap: cap,
        bodyBits,
        minRegime: kind === 'posit' ? -(bodyBits - 1) : -cap,
        maxRegime: cap - 1,
        minFractionBits: Math.max(0, bodyBits - cap - exponentBits),
        maxFractionBits: Math.max(0, bodyBits - shortestRegime - exponentBits)
    };
}

/** Fraction bits of the values whose binary scale is `scale` (0 where the format has no values of that scale). */
export function fractionBitsAtScale(layout: TaperedLayout, scale: number): number {
    const r = Math.floor(scale / 2 ** layout.exponentBits);
    if (r < layout.minRegime || r > layout.maxRegime) return 0;
    const run = r >= 0 ? r + 1 : -r;
    const regimeLength = run >= layout.regimeCap ? layout.regimeCap : run + 1;
    return Math.max(0, layout.bodyBits - regimeLength - layout.exponentBits);
}

/** Regime bits of the values whose binary scale is `scale` (within the format's regime range). */
export function regimeLengthAtScale(layout: TaperedLayout, scale: number): number {
    const r = Math.floor(scale / 2 ** layout.exponentBits);
    const run = r >= 0 ? r + 1 : -r;
    return run >= layout.regimeCap ? layout.regimeCap : run + 1;
}

/** The language's spelling of a tapered format: `posit<16>`, `bposit<32>`, `bposit<8, 4, 0>`. */
export function taperedName(layout: TaperedLayout): string {
    if (layout.kind === 'posit') return layout.exponentBits === POSIT_EXPONENT_BITS ? `posit<${layout.bits}>` : `posit<${layout.bits}, ${layout.exponentBits}>`;
    const standardProfile = layout.regimeCap === B_POSIT_REGIME_CAP && layout.exponentBits === B_POSIT_EXPONENT_BITS;
    return standardProfile ? `bposit<${layout.bits}>` : `bposit<${layout.bits}, ${layout.regimeCap}, ${layout.exponentBits}>`;
}

/** The short name: `posit16`, `bposit32`, `bposit8_4_0`. */
export function taperedShortName(layout: TaperedLayout): string {
    if (layout.kind === 'posit') return layout.exponentBits === POSIT_EXPONENT_BITS ? `posit${layout.bits}` : `posit${layout.bits}_${layout.exponentBits}`;
    const standardProfile = layout.regimeCap === B_POSIT_REGIME_CAP && layout.exponentBits === B_POSIT_EXPONENT_BITS;
    return standardProfile ? `bposit${layout.bits}` : `bposit${layout.bits}_${layout.regimeCap}_${layout.exponentBits}`;
}
