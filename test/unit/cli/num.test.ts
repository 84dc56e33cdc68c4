// `phg num`: one operation per call, or JSON Lines in and out with --batch. Expected patterns are
// worked out by hand from the formats' definitions (see each comment).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.js';
import type { CliIO } from '../../../cli/io.js';

/** Runs `phg ARGS…` with `input` lines on stdin; returns exit status and both streams. */
async function phg(args: string[], input: string[] = []): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIO = {
        stdout: (text) => { stdout += text; },
        stderr: (text) => { stderr += text; },
        stdin: async function* () { yield* input; },
        cwd: process.cwd(),
        interactive: false
    };
    const status = await runCli(['num', ...args], io);
    return { status, stdout, stderr };
}

const report = (pattern: string, exact: string, float64: string): string => `pattern  ${pattern}\nexact    ${exact}\nfloat64  ${float64}\n`;

describe('phg num FORMAT OP A [B [C]]', () => {
    it('encodes a decimal exactly: posit8 144179.2 → 0x7d = 262144 (Posit Standard §4.1, geometric rounding)', async () => {
        expect(await phg(['posit8', 'encode', '144179.2'])).toEqual({ status: 0, stdout: report('0x7d', '262144', '262144'), stderr: '' });
    });

    it('adds posit16 1 + 2 = 3: 0 10 01 10000000000 = 0x4c00', async () => {
        expect(await phg(['posit<16>', 'add', '1', '2'])).toEqual({ status: 0, stdout: report('0x4c00', '3', '3'), stderr: '' });
    });

    it('takes 0x… bit patterns: posit16 0x4000 (1) − 0x4800 (2) = −1 = 0xc000', async () => {
        expect((await phg(['posit16', 'sub', '0x4000', '0x4800'])).stdout).toBe(report('0xc000', '-1', '-1'));
    });

    it('decodes every digit: posit32 minpos 0x00000001 is exactly 2^-120', async () => {
        const digits = (5n ** 120n).toString();
        const exact = '0.' + digits.padStart(120, '0');
        expect((await phg(['posit32', 'decode', '0x00000001'])).stdout).toBe(report('0x00000001', exact, String(2 ** -120)));
    });

    it('divides by zero into NaR', async () => {
        expect((await phg(['posit16', 'div', '1', '0'])).stdout).toBe(report('0x8000', 'NaR', 'NaN'));
    });

    it('rounds fma once: posit8 1.125·1.125 − 1 = 0.265625, a tie between 0.25 (0 01 10 000 = 0x30) and 0.28125 (0x31) → even 0x30', async () => {
        expect((await phg(['posit8', 'fma', '1.125', '1.125', '-1'])).stdout).toBe(report('0x30', '0.25', '0.25'));
    });

    it('computes fused dot products of comma-separated lists: 1·4 + 2·5 + 3·6 = 32 = 0x6400 in posit16', async () => {
        expect(await phg(['posit16', 'dot', '1,2,3', '4,5,6', '--json'])).toEqual({ status: 0, stdout: '{"pattern":"0x6400","exact":"32","float64":32}\n', stderr: '' });
    });

    it('overflows float16 to infinity past 65504 (65520 is the tie, which goes to the even infinity)', async () => {
        expect((await phg(['float16', 'encode', '65520'])).stdout).toBe(report('0x7c00', 'Infinity', 'Infinity'));
        expect((await phg(['float16', 'encode', '65519.99'])).stdout).toBe(report('0x7bff', '65504', '65504'));
    });

    it('square root and negation: bposit32 √2 keeps 24 fraction bits; neg is the two\'s complement', async () => {
        // √2 = 1.011010100000100111100110 0110…₂: sign 0, regime 10, exponent 00000, those 24 bits; the next bit is 0.
        expect((await phg(['bposit32', 'sqrt', '2'])).stdout).toBe(report('0x406a09e6', '1.41421353816986083984375', '1.4142135381698608'));
        expect((await phg(['bposit32', 'neg', '0x406a09e6'])).stdout.split('\n')[0]).toBe('pattern  0xbf95f61a');
    });

    it.each([
        [['posit12', 'add', '1', '2'], /posit has no 12-bit size/],
        [['posit16', 'pow', '1', '2'], /unknown operation 'pow'/],
        [['posit16', 'add', '1'], /add takes 2 operands/],
        [['posit16', 'add', '1', '2', '3'], /add takes 2 operands/],
        [['posit16', 'add', '0x10000', '1'], /wider than posit<16>/],
        [['posit16', 'add', 'one', '1'], /neither a 0x… pattern nor a decimal/],
        [['posit16', 'dot', '1,2', '3'], /equal length/],
        [['posit16', 'add', '1', '2', '--fast'], /unknown option '--fast'/],
        [[], /no format given/]
    ])('%j is a usage error (exit 2) that says what is wrong', async (args, message) => {
        const result = await phg(args);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(message);
    });
});

describe('phg num FORMAT --batch', () => {
    it('answers each JSON line in order; bad lines get an error naming the line, the others still run; exit 1', async () => {
        const result = await phg(['posit16', '--batch'], [
            '{"op":"add","a":"0x4000","b":"0x4000","id":7}',
            'not json',
            '{"op":"pow","a":"0x4000"}',
            '{"op":"dot","a":["1","2"],"b":["3","4"]}',
            '{"op":"add","a":"0x10000","b":"0x4000"}',
            '',
            '{"op":"sqrt","a":"0x4000","b":"0x0000","c":"0x0000"}'
        ]);
        const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
        expect(lines).toEqual([
            { result: '0x4800' }, // 1 + 1 = 2: regime 10, exponent 01
            { line: 2, error: expect.objectContaining({ code: 'malformed-json' }) },
            { line: 3, error: expect.objectContaining({ code: 'unknown-op' }) },
            { result: '0x5b00' }, // 1·3 + 2·4 = 11 = 1.375·2^3: 0 10 11 01100000000
            { line: 5, error: expect.objectContaining({ code: 'pattern-too-wide', message: expect.stringContaining('0x10000') }) },
            { line: 6, error: expect.objectContaining({ code: 'malformed-json', message: 'empty line' }) },
            { result: '0x4000' } // √1 = 1; unused b and c fields are ignored
        ]);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe('phg num: 4 of 7 lines failed\n');
    });

    it('exits 0 when every line succeeds, and accepts decimals and JSON numbers as operands', async () => {
        const result = await phg(['float32', '--batch'], ['{"op":"div","a":"1","b":3}', '{"op":"fma","a":"0x3f800000","b":"2","c":"-2"}']);
        // 1/3 in float32 = 0x3eaaaaab; 1·2 − 2 = +0.
        expect(result).toEqual({ status: 0, stdout: '{"result":"0x3eaaaaab"}\n{"result":"0x00000000"}\n', stderr: '' });
    });

    it('refuses operands on the command line in batch mode', async () => {
        expect((await phg(['posit16', '--batch', 'add'])).status).toBe(2);
    });
});
