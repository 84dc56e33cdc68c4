// `phg num` as a user runs it: the BUILT CLI (`node dist/cli.cjs`, after `npm run build`), one
// operation per call and a streamed batch whose every answer is checked against the test oracle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { oracleBinary, type BinaryOp } from '../../unit/numeric/oracle/oracle-ops.js';
import { posit } from '../../unit/numeric/oracle/oracle-formats.js';
import { SeededRandom } from '../../unit/numeric/support/random.js';

const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));

function phg(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
    const result = spawnSync(process.execPath, [cli, 'num', ...args], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('phg num (built CLI)', () => {
    test('one operation: the pattern, the exact value and the nearest float64', () => {
        expect(phg(['posit8', 'encode', '144179.2'])).toEqual({ status: 0, stdout: 'pattern  0x7d\nexact    262144\nfloat64  262144\n', stderr: '' });
    });

    test('an unknown format is a usage error listing the spellings', () => {
        const result = phg(['posit7', 'add', '1', '1']);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('posit has no 7-bit size');
    });

    test('20 000 streamed posit16 lines come back in order, each equal to the oracle', () => {
        const random = new SeededRandom(0x16);
        const ops: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
        const cases = Array.from({ length: 20_000 }, () => ({ op: random.pick(ops), a: random.bits(16), b: random.bits(16) }));
        const input = cases.map(({ op, a, b }) => JSON.stringify({ op, a: '0x' + a.toString(16), b: '0x' + b.toString(16) })).join('\n') + '\n';
        const result = phg(['posit16', '--batch'], input);
        expect(result.status).toBe(0);
        const answers = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { result: string }).result);
        expect(answers.length).toBe(cases.length);
        const wrong = cases.filter(({ op, a, b }, i) => BigInt(answers[i]) !== oracleBinary(posit(16), op, a, b));
        expect(wrong.slice(0, 5)).toEqual([]);
    });
});
