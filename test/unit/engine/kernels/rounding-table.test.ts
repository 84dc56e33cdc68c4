import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../engine/numeric/index.js';
import { RoundingTable } from '../../../../engine/kernels/rounding-table.js';
import { nextDown, nextUp } from '../../../../engine/kernels/float64-bits.js';
import { Xoshiro128 } from '../../../../engine/random/xoshiro.js';

// The table is a cache of the numeric core's rounding: it must agree with `roundValue` and `encode`
// everywhere, above all next to every rounding boundary.
describe.each(['posit8', 'posit16', 'bposit16', 'float16', 'bfloat16'])('RoundingTable(%s)', (name) => {
    const format = parseFormat(name)!;
    const table = RoundingTable.of(format)!;

    it('rounds every value, midpoint and neighbour of a midpoint exactly like the format', () => {
        const probes: number[] = [0, -0, Infinity, -Infinity, NaN, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300, 1e300];
        const values: number[] = [];
        for (let p = 0; p < 2 ** format.bits; p++) {
            const v = format.decode(p);
            if (Number.isFinite(v)) values.push(v);
        }
        values.sort((a, b) => a - b);
        for (let i = 0; i + 1 < values.length; i++) {
            const mids = [values[i]!, (values[i]! + values[i + 1]!) / 2];
            if (values[i]! > 0) mids.push(Math.sqrt(values[i]! * values[i + 1]!));
            for (const m of mids) probes.push(m, nextUp(m), nextDown(m));
        }
        let mismatches = 0;
        for (const x of probes) {
            if (!Object.is(table.round(x), format.roundValue(x))) mismatches++;
            if (!Object.is(table.encode(x), format.encode(x))) mismatches++;
        }
        expect(mismatches).toBe(0);
    });

    it('agrees with the format on random float64 values across the whole range', () => {
        const rng = new Xoshiro128(11);
        let mismatches = 0;
        for (let i = 0; i < 50_000; i++) {
            const x = (rng.nextUniform() - 0.5) * 2 ** Math.floor((rng.nextUniform() - 0.5) * 2 * 70);
            if (!Object.is(table.encode(x), format.encode(x))) mismatches++;
        }
        expect(mismatches).toBe(0);
    });

    it('certifies an interval only when both of its ends round to the same pattern', () => {
        const rng = new Xoshiro128(5);
        let certified = 0;
        for (let i = 0; i < 20_000; i++) {
            const x = (rng.nextUniform() - 0.5) * 64;
            const width = Math.abs(x) * 2 ** -(rng.nextInt(20) + 2);
            const pattern = table.encodeInterval(x, width);
            const low = format.encode(x - width);
            const high = format.encode(x + width);
            if (pattern === pattern) {
                certified++;
                expect(pattern).toBe(low);
                expect(pattern).toBe(high);
            } else {
                // Refused only when the ends differ or the interval reaches zero.
                expect(low !== high || Math.abs(x) - width <= 0).toBe(true);
            }
        }
        expect(certified).toBeGreaterThan(1000);
    });
});
