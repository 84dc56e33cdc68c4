// examples/pose.phg end to end, as `phg train` runs it: the checked file lowers to an IR whose
// sandwich is ONE arity-3 hyperedge over (R, p, R) and whose rotor parameter stores 4 coefficients;
// training in posit16 with exact accumulation recovers the generator's motion (0.9 rad about
// (1, −2, 2)/3, then t = (0.4, −0.3, 0.2) m) in both gradient modes, checked against Rodrigues'
// formula, independently of the GA engine.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData, loadTrainingModel } from '../../../cli/train-model-loader.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { tensorValues } from '../../../engine/tensor/tensor.js';
import { runTraining } from '../../../engine/train/trainer.js';

const root = join(import.meta.dirname, '../../..');
const angle = 0.9;
const axis = [1 / 3, -2 / 3, 2 / 3];
const translation = [0.4, -0.3, 0.2];

function rodrigues(v: readonly number[]): number[] {
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const cross = [axis[1]! * v[2]! - axis[2]! * v[1]!, axis[2]! * v[0]! - axis[0]! * v[2]!, axis[0]! * v[1]! - axis[1]! * v[0]!];
    const dot = axis[0]! * v[0]! + axis[1]! * v[1]! + axis[2]! * v[2]!;
    return v.map((vi, i) => vi * c + cross[i]! * s + axis[i]! * dot * (1 - c));
}

/** R v ~R for R = s + a e12 + b e13 + c e23, expanded by hand (VGA, e_i² = 1). */
function applyRotor(rotor: ArrayLike<number>, v: ArrayLike<number>): number[] {
    const [s, a, b, c] = [rotor[0]!, rotor[1]!, rotor[2]!, rotor[3]!];
    const [x, y, z] = [v[0]!, v[1]!, v[2]!];
    // R v: vector part and trivector part, then times ~R = s − a e12 − b e13 − c e23.
    const v1 = s * x + a * y + b * z;
    const v2 = s * y - a * x + c * z;
    const v3 = s * z - b * x - c * y;
    const t = a * z - b * y + c * x;
    return [v1 * s + v2 * a + v3 * b + t * c, v2 * s - v1 * a + v3 * c - t * b, v3 * s - v1 * b - v2 * c + t * a];
}

describe('examples/pose.phg', () => {
    it('ships data that matches its generator', () => {
        expect(() => execFileSync(process.execPath, [join(root, 'scripts/data/generate-pose-data.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
    });

    it('the hand expansion of R v ~R used below is a rotation (a unit rotor keeps lengths)', () => {
        const half = 0.35;
        const rotor = [Math.cos(half), Math.sin(half), 0, 0];
        const moved = applyRotor(rotor, [1, 2, 3]);
        expect(Math.hypot(...moved)).toBeCloseTo(Math.hypot(1, 2, 3), 12);
        expect(moved[2]).toBeCloseTo(3, 12);
    });

    for (const mode of ['backprop', 'forward'] as const) {
        it(`lowers the sandwich to one arity-3 edge and learns the motion (${mode})`, async () => {
            const loaded = await loadTrainingModel('examples/pose.phg', root, {});
            if (!loaded.ok) throw new Error(loaded.error.message);
            const { program, lowered } = loaded.value;
            const sandwiches = program.graph.edges.filter((edge) => edge.op === 'sandwich');
            expect(sandwiches.map((edge) => edge.sources)).toEqual([['R', 'p', 'R']]);
            expect(program.graph.edges.some((edge) => edge.op === 'geometric_product')).toBe(false);
            expect(program.params.map((p) => [p.name, p.shape, p.support?.mask])).toEqual([['R', [4], '69'], ['t', [3], '16']]);
            const allocator = new TrackedAllocator();
            const train = loadData(program, lowered.train, allocator, true);
            const validate = loadData(program, lowered.validate!, allocator, true);
            if (!train.ok || !validate.ok) throw new Error('data');
            const settings = { ...lowered.settings, gradient: { mode, tangents: 1 } };
            const outcome = await runTraining({ program, settings, train: train.value, validate: validate.value, allocator });
            if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
            const last = outcome.history[outcome.history.length - 1]!;
            // σ = 1 cm noise: the mean squared error per coordinate cannot go below 1e-4.
            expect(last.loss).toBeLessThan(1.5e-4);
            const R = tensorValues(outcome.executor.param('R'));
            const t = tensorValues(outcome.executor.param('t'));
            for (const point of [[1, 0, 0], [0, 1, 0], [0.3, -0.7, 0.5]]) {
                const expected = rodrigues(point);
                applyRotor(R, point).forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(0.02));
            }
            t.forEach((v, i) => expect(Math.abs(v - translation[i]!)).toBeLessThan(0.01));
            outcome.executor.dispose();
        });
    }
});
