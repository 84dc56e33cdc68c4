// The lenses above a distill block: ▶ Distill (PHG: Distill Model on its student) and a label of
// what the student takes from its teacher.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DistillCodeLensSource } from '../../../server/distill/distill-code-lens-source.js';
import { checkSource, phgServices } from '../language/phg-test-services.js';

const fixtures = join(import.meta.dirname, '../../fixtures/validation/distill');

describe('distill code lenses', () => {
    it('offer ▶ Distill and summarise the prior, the soft labels and the posterior', async () => {
        const checked = await checkSource(readFileSync(join(fixtures, 'same-architecture.phg'), 'utf8'), 'lens-same.phg');
        const lenses = new DistillCodeLensSource(phgServices()).provideCodeLens(checked.document);
        const line = checked.document.textDocument.getText().split('\n').findIndex((text) => text.startsWith('distill Clinic'));
        const uri = checked.document.uri.toString();
        expect(lenses).toEqual([
            { range: { start: { line, character: 0 }, end: { line, character: 1 } }, command: { title: '▶ Distill', command: 'phg.distillModel', arguments: [{ uri, model: 'Clinic' }] } },
            { range: { start: { line, character: 0 }, end: { line, character: 1 } }, command: { title: 'prior from Mlp: 4 of 4 parameters (scale 30, λ 1) · soft labels T 4, α 0.1 · posterior τ 0.01', command: '' } }
        ]);
    });

    it('say when a student has no prior and how many parameters a narrower one takes', async () => {
        const narrow = await checkSource(readFileSync(join(fixtures, 'narrower-student.phg'), 'utf8'), 'lens-narrow.phg');
        expect(new DistillCodeLensSource(phgServices()).provideCodeLens(narrow.document)[1]!.command!.title).toBe('prior from Mlp: 1 of 5 parameters (scale 10, λ 1) · soft labels T 4, α 0.5 · posterior τ chosen on validation');
        const plain = await checkSource(`
data d = csv("d.csv") { x : [4] = columns 0..3  label : class(3) = column 4 }
model T { input x : [4]  param W : [4, 3] init he  output y = softmax(x @ W) }
model S like T
distill S from T on d { alpha 0 }
`, 'lens-plain.phg');
        expect(new DistillCodeLensSource(phgServices()).provideCodeLens(plain.document)[1]!.command!.title).toBe('no prior from T · no soft labels (α 0) · posterior τ chosen on validation');
    });
});
