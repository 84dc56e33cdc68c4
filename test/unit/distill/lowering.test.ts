// Lowering a distill block: the student's graph carries `cross_entropy(output, label)` whether the
// block writes that loss or leaves it to the data's class column — the same structure either way.
import { describe, expect, it } from 'vitest';
import { distillationPlans, lowerDistillation } from '../../../language/index.js';
import { structureHash } from '../../../engine/ir/canonical.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { classifierHead } from '../../../engine/distill/classifier-head.js';
import { checkSource } from '../language/phg-test-services.js';

const source = (loss: string): string => `
dimension Intensity
unit px : Intensity
data d = csv("d.csv") { x : [8]<px> = columns 0..7  label : class(4) = column 8 }
model T { input x : [8]<px>  param W : [8, 4] init he  param b : [4] init zeros  output y = softmax(x / 16<px> @ W + b) }
model S like T
distill S from T on d { ${loss} format posit<16>  epochs 3 }
`;

async function lowered(loss: string): Promise<ReturnType<typeof lowerDistillation>> {
    const checked = await checkSource(source(loss));
    expect(checked.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const [plan] = distillationPlans(checked.analysis);
    return lowerDistillation(checked.analysis, plan!, '/tmp/s.phg', (name) => parseFormat(name)?.bytes);
}

describe('lowering a distill block', () => {
    it('gives the student cross_entropy(y, label) when the block writes no loss, as if it did', async () => {
        const implicit = await lowered('');
        const explicit = await lowered('loss cross_entropy(y, label)');
        if (!('student' in implicit) || !('student' in explicit)) throw new Error('lowering failed');
        expect(structureHash(implicit.student.graph)).toBe(structureHash(explicit.student.graph));
        const head = classifierHead(implicit.student.graph);
        expect(head).toEqual({ output: 'y', logits: expect.any(String), classes: 4, label: 'label' });
        expect(implicit.student.graph.model).toBe('S');
        expect(implicit.student.graph.nodes.find((node) => node.name === 'loss')).toMatchObject({ role: 'loss', format: 'posit<16>', bytes: 2 });
        expect(implicit.student.settings.epochs).toBe(3);
        expect(implicit.plan.teacher.name).toBe('T');
    });
});
