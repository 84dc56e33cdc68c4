// Runs engine operations against the oracle over lists of operands and reports mismatches as
// readable lines (empty list = all agree), so a failing test names the operands.
import type { NumericFormat, Pattern } from '../../../../engine/numeric/index.js';
import { oracleBinary, oracleFma, oracleSqrt, type BinaryOp } from '../oracle/oracle-ops.js';
import type { OracleSpec } from '../oracle/oracle-formats.js';
import { bitsOf, hex, patternOf, sameResult } from './formats-under-test.js';

const MAX_REPORTED = 10;

function engineBinary(format: NumericFormat, op: BinaryOp, a: Pattern, b: Pattern): Pattern {
    switch (op) {
        case 'add': return format.add(a, b);
        case 'sub': return format.sub(a, b);
        case 'mul': return format.mul(a, b);
        case 'div': return format.div(a, b);
    }
}

/** Mismatches of `op` over operand pairs (oracle bits). */
export function binaryMismatches(format: NumericFormat, spec: OracleSpec, op: BinaryOp, pairs: readonly (readonly [bigint, bigint])[]): string[] {
    const mismatches: string[] = [];
    for (const [a, b] of pairs) {
        const expected = oracleBinary(spec, op, a, b);
        const actual = bitsOf(format, engineBinary(format, op, patternOf(format, a), patternOf(format, b)));
        if (!sameResult(format, actual, expected) && mismatches.push(`${op}(${hex(format, a)}, ${hex(format, b)}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`) >= MAX_REPORTED) break;
    }
    return mismatches;
}

/** Mismatches of √ over single operands. */
export function sqrtMismatches(format: NumericFormat, spec: OracleSpec, operands: readonly bigint[]): string[] {
    const mismatches: string[] = [];
    for (const a of operands) {
        const expected = oracleSqrt(spec, a);
        const actual = bitsOf(format, format.sqrt(patternOf(format, a)));
        if (!sameResult(format, actual, expected) && mismatches.push(`sqrt(${hex(format, a)}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`) >= MAX_REPORTED) break;
    }
    return mismatches;
}

/** Mismatches of fma over operand triples. */
export function fmaMismatches(format: NumericFormat, spec: OracleSpec, triples: readonly (readonly [bigint, bigint, bigint])[]): string[] {
    const mismatches: string[] = [];
    for (const [a, b, c] of triples) {
        const expected = oracleFma(spec, a, b, c);
        const actual = bitsOf(format, format.fma(patternOf(format, a), patternOf(format, b), patternOf(format, c)));
        if (!sameResult(format, actual, expected) && mismatches.push(`fma(${hex(format, a)}, ${hex(format, b)}, ${hex(format, c)}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`) >= MAX_REPORTED) break;
    }
    return mismatches;
}
