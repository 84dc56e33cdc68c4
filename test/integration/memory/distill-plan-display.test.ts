// Where a distill block's plan shows: the code lenses on the block and on the student's model,
// and `phg plan`'s table (a `distill` row beside the student's inference, and what the peak is
// made of). The numbers are those distill-plan-matches-engine.test.ts holds equal to phg distill's
// measurement (examples/clinic.phg: 50508 B; the teacher's plain backprop step is 45388 B).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../../cli/commands/plan.js';
import type { CliIO } from '../../../cli/io.js';
import { checkPhgFiles } from '../../../cli/workspace.js';
import { analyzeRepresentation, ast } from '../../../language/index.js';
import { modelLensTitle, trainingLensTitle } from '../../../server/providers/phg-code-lens-provider.js';

const root = join(import.meta.dirname, '../../..');

async function subjectsOf(file: string) {
    const workspace = await checkPhgFiles([join(root, file)]);
    const document = workspace.documents[0]!;
    const parsed = document.parseResult.value as ast.PhgFile;
    return { representation: analyzeRepresentation(document, workspace.services), declarations: parsed.declarations };
}

async function planText(file: string): Promise<{ status: number; stdout: string }> {
    let stdout = '';
    const io: CliIO = { stdout: (text) => { stdout += text; }, stderr: (text) => { stdout += text; }, stdin: async function* () {}, cwd: root, interactive: false };
    const status = await planCommand.run([file], io);
    return { status, stdout };
}

describe('a distill block\'s memory plan in the editor and in phg plan', () => {
    it('has a lens on the distill block and on the student model', async () => {
        const { representation, declarations } = await subjectsOf('examples/clinic.phg');
        const block = declarations.find(ast.isDistillDecl)!;
        const student = declarations.find((d): d is ast.ModelDecl => ast.isModelDecl(d) && d.name === 'Clinic')!;
        expect(trainingLensTitle(representation.subjectOfTraining(block)!)).toBe('distill 49.3 KiB · 1.67× inference (posit<16>, batch 32)');
        expect(modelLensTitle(representation.subjectOfModel(student)!)).toBe('inference 29.6 KiB · distill 49.3 KiB (1.67×)');
    });

    it('prints a distill row in phg plan, and says what the peak is made of', async () => {
        const clinic = await planText('examples/clinic.phg');
        expect(clinic.status).toBe(0);
        expect(clinic.stdout).toContain('distill Clinic from Mlp on clinic_set — posit<16>, batch 32, distils from Mlp with backprop; bytes:');
        expect(clinic.stdout).toMatch(/ {2}distill +50508 +4822 +4820 +2690 +6144 +0 +4096 +27936 +49\.3 KiB \(1\.67×\)/);
        expect(clinic.stdout).toContain('  distill: the student\'s backprop step with the soft labels of its batch (Mlp\'s and its own, float64: 5.0 KiB)');
        expect(clinic.stdout).not.toContain('no plan');

        const wide = await planText('test/fixtures/memory/distill-wide-teacher.phg');
        expect(wide.stdout).toMatch(/ {2}distill +188534 /);
        expect(wide.stdout).toContain('  distill: the peak is Wide\'s soft-label pass over the student\'s rows');
    });
});
