// A degenerate algebra through the whole pipeline: a PGA motor (8 coefficients, e0² = 0) learns a
// rigid motion of points (trivectors) from a .phg file — checked, lowered (one sandwich edge over
// (M, p, M), the motor stored as 8 coefficients), compiled and trained by the engine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData, loadTrainingModel } from '../../../cli/train-model-loader.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { tensorValues } from '../../../engine/tensor/tensor.js';
import { runTraining } from '../../../engine/train/trainer.js';

const source = `algebra PGA = Cl(3, 0, 1)
data pairs = csv("pairs.csv") {
  p     : PGA.trivector = columns 0..3
  moved : PGA.trivector = columns 4..7
}
model Motion {
  input  p : PGA.trivector
  param  M : PGA.motor init identity
  output q : PGA.trivector = M * p * ~M
}
train Motion on pairs {
  loss mse(q, moved)
  format float32
  optimizer sgd(lr: 0.05, momentum: 0.9)
  batch 16  epochs 60  seed 2
}
`;

/** The PGA point of (x, y, z): e123 + x e032 + y e013 + z e021, in storage order e012, e013, e023, e123. */
function point([x, y, z]: readonly number[]): number[] {
    return [-z!, y!, -x!, 1];
}

/** Rotation by 0.5 rad about z, then translation (0.3, −0.2, 0.1). */
function move([x, y, z]: readonly number[]): number[] {
    const [c, s] = [Math.cos(0.5), Math.sin(0.5)];
    return [c * x! - s * y! + 0.3, s * x! + c * y! - 0.2, z! + 0.1];
}

describe('PGA through the pipeline', () => {
    it('a motor learns a rigid motion of points', async () => {
        const folder = mkdtempSync(join(tmpdir(), 'phg-pga-'));
        const rows = Array.from({ length: 96 }, (_, i) => {
            const p = [Math.sin(1.3 * i), Math.cos(0.7 * i), Math.sin(0.4 * i + 1)];
            return [...point(p), ...point(move(p))].join(',');
        });
        writeFileSync(join(folder, 'pairs.csv'), `${rows.join('\n')}\n`);
        writeFileSync(join(folder, 'motion.phg'), source);
        const loaded = await loadTrainingModel('motion.phg', folder, {});
        if (!loaded.ok) throw new Error(loaded.error.message);
        const { program, lowered } = loaded.value;
        expect(program.graph.edges.map((edge) => [edge.op, edge.sources])).toContainEqual(['sandwich', ['M', 'p', 'M']]);
        expect(program.params[0]!.shape).toEqual([8]);
        const allocator = new TrackedAllocator();
        const train = loadData(program, lowered.train, allocator, true);
        if (!train.ok) throw new Error(train.error.message);
        const outcome = await runTraining({ program, settings: lowered.settings, train: train.value, allocator });
        if (outcome.kind !== 'done') throw new Error(outcome.kind === 'failed' ? outcome.error.message : 'interrupted');
        const first = outcome.history[0]!.loss;
        const last = outcome.history[outcome.history.length - 1]!.loss;
        expect(last).toBeLessThan(first / 1000);
        expect(last).toBeLessThan(1e-6);
        // A motor of a rotation by 0.5 about z: |scalar| = cos(0.25), |e12| = sin(0.25).
        const M = tensorValues(outcome.executor.param('M'));
        expect(Math.abs(M[0]!)).toBeCloseTo(Math.cos(0.25), 3);
        expect(Math.abs(M[3]!)).toBeCloseTo(Math.sin(0.25), 3);
        outcome.executor.dispose();
    });
});
