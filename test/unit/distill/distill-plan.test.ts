// What the checker says about a distill block beyond its errors: which student parameters take
// the teacher's prior and which learn from soft labels only (an info diagnostic and the plan the
// CLI and editor read), and the distill settings with their documented defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distillationPlans } from '../../../language/index.js';
import { checkSource } from '../language/phg-test-services.js';

const fixtures = join(import.meta.dirname, '../../fixtures/validation/distill');

describe('distillation plan', () => {
    it('a half-width student takes the prior only where names and shapes match, and says so', async () => {
        const checked = await checkSource(readFileSync(join(fixtures, 'narrower-student.phg'), 'utf8'));
        const infos = checked.diagnostics.filter((d) => d.code === 'PHG6107');
        expect(infos).toHaveLength(1);
        expect(infos[0]!.severity).toBe(3);
        expect(infos[0]!.message).toBe(
            "W1 ([64, 16], Mlp's is [64, 32]), b1 ([16], Mlp's is [32]), W2 ([16, 10], Mlp's is [32, 10]), scale (Mlp has no scale) learn from the labels and Mlp's soft labels only; b2 takes Mlp's prior");
        // The info underlines the student's name in `distill Small from Mlp`.
        const line = checked.document.textDocument.getText(infos[0]!.range);
        expect(line).toBe('Small');
        const [plan] = distillationPlans(checked.analysis);
        expect(plan!.params).toEqual([
            { name: 'W1', source: 'soft-labels-only', reason: "[64, 16], Mlp's is [64, 32]" },
            { name: 'b1', source: 'soft-labels-only', reason: "[16], Mlp's is [32]" },
            { name: 'W2', source: 'soft-labels-only', reason: "[16, 10], Mlp's is [32, 10]" },
            { name: 'b2', source: 'prior' },
            { name: 'scale', source: 'soft-labels-only', reason: 'Mlp has no scale' }
        ]);
        expect(plan).toMatchObject({ classes: 10, output: 'y', labelColumn: 'label', settings: { temperature: 4, alpha: 0.5, prior: { scale: 10, damping: 1 }, posterior: { samples: 32 } } });
    });

    it('a `like` student takes the prior everywhere: no info, settings as written', async () => {
        const checked = await checkSource(readFileSync(join(fixtures, 'same-architecture.phg'), 'utf8'));
        expect(checked.diagnostics.map((d) => d.code)).toEqual([]);
        const [plan] = distillationPlans(checked.analysis);
        expect(plan!.params.every((param) => param.source === 'prior')).toBe(true);
        expect(plan!.params.map((param) => param.name)).toEqual(['W1', 'b1', 'W2', 'b2']);
        expect(plan!.settings).toEqual({ temperature: 4, alpha: 0.1, prior: { scale: 30, damping: 1, sample: 1000 }, posterior: { samples: 32, scale: 0.01 } });
    });

    it('without distill settings: T 2, α 0.5, no prior (plain knowledge distillation), posterior scale chosen later', async () => {
        const checked = await checkSource(`
data d = csv("d.csv") { x : [4] = columns 0..3  label : class(3) = column 4 }
model T { input x : [4]  param W : [4, 3] init he  output y = softmax(x @ W) }
model S like T
distill S from T on d { epochs 3 }
`);
        expect(checked.diagnostics.filter((d) => d.severity === 1 || d.severity === 2)).toEqual([]);
        const [plan] = distillationPlans(checked.analysis);
        expect(plan!.settings).toEqual({ temperature: 2, alpha: 0.5, posterior: { samples: 32 } });
        expect(plan!.labelColumn).toBe('label');
    });
});
