// Support inference and GA lowering on half-typed input: seeded mutations of the geometric-algebra
// sources (examples/pose.phg, the grades fixtures) — truncations, deleted and repeated tokens —
// are checked and lowered without an exception; problems are diagnostics or lowering problems.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowerModel } from '../../../language/lowering/index.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { checkSource } from '../language/phg-test-services.js';

const root = join(import.meta.dirname, '../../..');
const grades = join(root, 'test/fixtures/validation/grades');
const sources = [
    readFileSync(join(root, 'examples/pose.phg'), 'utf8'),
    ...readdirSync(grades).filter((name) => name.endsWith('.phg')).map((name) => readFileSync(join(grades, name), 'utf8').replace(/[»«]/g, ''))
];
const tokens = ['*', '~', '+', '-', '/', '(', ')', 'R', 'x', 'VGA.', 'PGA.e', 'grade<', '>', 'wedge(', 'norm(', ',', '\n'];

function mutate(text: string, rng: Xoshiro128): string {
    const at = Math.floor(rng.nextUniform() * text.length);
    switch (rng.nextUint32() % 4) {
        case 0: return text.slice(0, at);
        case 1: return text.slice(0, at) + text.slice(at + 1 + (rng.nextUint32() % 8));
        case 2: return text.slice(0, at) + tokens[rng.nextUint32() % tokens.length]! + text.slice(at);
        default: return text.slice(0, at) + text.slice(at, at + 12) + text.slice(at);
    }
}

describe('GA analysis and lowering on broken input', () => {
    it('400 seeded mutations check and lower without an exception', async () => {
        const rng = new Xoshiro128(8, 8);
        let lowered = 0;
        for (let i = 0; i < 400; i++) {
            let text = sources[i % sources.length]!;
            for (let k = 0; k <= i % 3; k++) text = mutate(text, rng);
            const { analysis } = await checkSource(text, `mutation-${i}.phg`);
            for (const model of analysis.models) {
                const result = lowerModel({ analysis, model, format: 'posit<16>', formatBytes: (name) => parseFormat(name)?.bytes });
                // Every node the lowering emits for a multivector carries a support whose size is its last axis.
                for (const node of result.graph.nodes) if (node.support !== undefined) expect(node.shape[node.shape.length - 1]).toBe(BigInt(`0x${node.support.mask}`).toString(2).split('1').length - 1);
                lowered++;
            }
        }
        expect(lowered).toBeGreaterThan(200);
    });
});
