// Pairs each engine format with the oracle's independent description of it, and converts patterns
// to the oracle's bigint bits and back.
import type { NumericFormat, Pattern } from '../../../../engine/numeric/index.js';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { bfloat16, bposit, float16, float32, float64, posit, type OracleSpec } from '../oracle/oracle-formats.js';

/** An engine format and the oracle's spec of the same format. */
export interface FormatUnderTest {
    readonly format: NumericFormat;
    readonly spec: OracleSpec;
}

/** The engine format for a spelling, failing loudly when it does not exist. */
export function formatNamed(spelling: string): NumericFormat {
    const format = parseFormat(spelling);
    if (!format) throw new Error(`no format ${spelling}`);
    return format;
}

/** Engine format + oracle spec by short name. */
export function underTest(shortName: string): FormatUnderTest {
    const specs: Record<string, OracleSpec> = {
        posit8: posit(8), posit16: posit(16), posit32: posit(32), posit64: posit(64),
        bposit16: bposit(16), bposit32: bposit(32), bposit64: bposit(64),
        float16, bfloat16, float32, float64
    };
    const spec = specs[shortName];
    if (!spec) throw new Error(`no oracle spec for ${shortName}`);
    return { format: formatNamed(shortName), spec };
}

/** The oracle's bits of an engine pattern. */
export function bitsOf(format: NumericFormat, pattern: Pattern): bigint {
    return format.bitsOf(pattern);
}

/** The engine pattern with the given bits. */
export function patternOf(format: NumericFormat, bits: bigint): Pattern {
    const pattern = format.fromBits(bits);
    if (pattern === undefined) throw new Error(`bits ${bits} too wide for ${format.name}`);
    return pattern;
}

/** Hex text of bits, padded to the format's width, for readable failure messages. */
export function hex(format: NumericFormat, bits: bigint): string {
    return '0x' + bits.toString(16).padStart(format.bits / 4, '0');
}

/**
 * Whether an engine result matches the oracle's: the same bits, or both NaN for IEEE formats (whose
 * NaN payloads are not specified).
 */
export function sameResult(format: NumericFormat, engineBits: bigint, oracleBits: bigint): boolean {
    if (engineBits === oracleBits) return true;
    return format.family === 'ieee' && format.isNaR(patternOf(format, engineBits)) && format.isNaR(patternOf(format, oracleBits));
}
