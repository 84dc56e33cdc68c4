// Every pair of posit8 patterns, every basic operation, against the exact oracle (Posit Standard
// §4.1 applied literally): 4 × 65 536 results, bit for bit.
import { describe, expect, it, vi } from 'vitest';
import { oracleBinary, type BinaryOp } from './oracle/oracle-ops.js';
import { bitsOf, hex, patternOf, underTest } from './support/formats-under-test.js';

// Exact-oracle checks are CPU-heavy; on a shared machine they may need more than the default minute.
vi.setConfig({ testTimeout: 300_000 });

const { format, spec } = underTest('posit8');
const operations: Record<BinaryOp, (a: number, b: number) => number> = {
    add: (a, b) => format.add(a, b) as number,
    sub: (a, b) => format.sub(a, b) as number,
    mul: (a, b) => format.mul(a, b) as number,
    div: (a, b) => format.div(a, b) as number
};

describe('posit8: every operand pair', () => {
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        it(`${op} matches the oracle for all 65 536 pairs`, () => {
            const mismatches: string[] = [];
            for (let a = 0; a < 256; a++) {
                for (let b = 0; b < 256; b++) {
                    const expected = oracleBinary(spec, op, BigInt(a), BigInt(b));
                    const actual = bitsOf(format, operations[op](a, b));
                    if (actual !== expected && mismatches.length < 10) {
                        mismatches.push(`${op}(${hex(format, BigInt(a))}, ${hex(format, BigInt(b))}) = ${hex(format, actual)}, oracle ${hex(format, expected)}`);
                    }
                }
            }
            expect(mismatches).toEqual([]);
            expect(patternOf(format, 0x40n)).toBe(0x40);
        });
    }
});
