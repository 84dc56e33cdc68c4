// The design-time plan of a `distill` block equals what `phg distill --json` measures, byte for
// byte: the peak and every class of its `epoch` and `done` memory events against the `backprop`
// entry `phg plan --json` prints for the student (and, with `--format`, the plan of the student
// lowered in that format). Every distill block of every example, and fixtures that reach the
// teacher's soft-label pass. Each case runs in a fresh workspace: the teacher is trained for one
// epoch (its values do not change what is allocated), then the student, once per format.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distillCommand } from '../../../cli/commands/distill.js';
import { planCommand } from '../../../cli/commands/plan.js';
import { trainCommand } from '../../../cli/commands/train.js';
import type { CliCommand } from '../../../cli/command.js';
import type { CliIO } from '../../../cli/io.js';
import type { TrainEvent } from '../../../cli/train-events.js';
import { loadStudentModel } from '../../../cli/distill/student-model.js';
import { loadTrainingModel } from '../../../cli/train-model-loader.js';
import { checkPhgFiles } from '../../../cli/workspace.js';
import { planDistillation } from '../../../language/memory/distillation-plan.js';
import { planSettingsOf } from '../../../language/memory/plan-settings.js';
import { peakClasses, type ModePlan } from '../../../language/memory/plan-types.js';
import { analyzeDocument, distillationPlans, type MemoryPlanJson } from '../../../language/index.js';

const root = join(import.meta.dirname, '../../..');
const workspaces: string[] = [];

afterAll(() => {
    for (const workspace of workspaces) rmSync(workspace, { recursive: true, force: true });
});

async function phg(command: CliCommand, workspace: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIO = { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, stdin: async function* () {}, cwd: workspace, interactive: false };
    const status = await command.run(args, io);
    return { status, stdout, stderr };
}

function events(stdout: string): TrainEvent[] {
    return stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as TrainEvent);
}

/** A distill block: the file, its teacher and student, and where the measured peak is reached. */
interface DistillCase {
    readonly name: string;
    readonly source: string;
    readonly teacher: string;
    readonly student: string;
    /** The student's step, or the teacher's soft-label pass before it (then no optimizer state is live). */
    readonly peakIn: 'student' | 'teacher';
}

const examples = join(root, 'examples');
/** Every distill block of every example (examples/*.phg), found by the checker, not by name. */
async function exampleCases(): Promise<DistillCase[]> {
    const files = readdirSync(examples, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.phg')).map((entry) => entry.name).sort();
    const found: DistillCase[] = [];
    for (const file of files) {
        const workspace = await checkPhgFiles([join(examples, file)]);
        const document = workspace.documents[0];
        if (document === undefined) continue;
        for (const plan of distillationPlans(analyzeDocument(document, workspace.services))) {
            found.push({ name: `examples/${file}: ${plan.student.name} from ${plan.teacher.name}`, source: `examples/${file}`, teacher: plan.teacher.name, student: plan.student.name, peakIn: 'student' });
        }
    }
    return found;
}

const fixtures: readonly DistillCase[] = [
    // α 0.1: the teacher's soft labels first, then the student (float32, batch 16).
    { name: 'the small clinic (soft labels)', source: 'test/fixtures/distill/clinic-small.phg', teacher: 'Mlp', student: 'Clinic', peakIn: 'student' },
    // A wide teacher's soft-label pass outweighs a narrow student's step (SGD with momentum, posit16).
    { name: 'a narrow student of a wide teacher', source: 'test/fixtures/memory/distill-wide-teacher.phg', teacher: 'Wide', student: 'Narrow', peakIn: 'teacher' }
];
const cases = [...(await exampleCases()), ...fixtures];
/** The block's own format, and one of every family and width the engine runs (`phg distill --format`). */
const formats = [undefined, 'posit<8>', 'posit<16>', 'bposit<32>', 'float32'];

/** Peak and peak classes of a measured event or a planned peak, for one comparison. */
function peakOf(peak: number, byClass: Readonly<Record<string, number>>): Record<string, number> {
    return { peak, ...Object.fromEntries(peakClasses.map((memoryClass) => [memoryClass, byClass[memoryClass]!])) };
}

/** The plan of a distill block in another format, from the lowered IRs as `phg distill --format` loads them. */
async function plannedIn(workspace: string, c: DistillCase, format: string): Promise<ModePlan> {
    const student = await loadStudentModel('model.phg', workspace, { model: c.student, format });
    if (!student.ok) throw new Error(student.error.message);
    const teacher = await loadTrainingModel('model.phg', workspace, { model: c.teacher });
    if (!teacher.ok) throw new Error(teacher.error.message);
    const outcome = planDistillation({ student: student.value.lowered.graph, teacher: teacher.value.lowered.graph, settings: planSettingsOf(student.value.lowered.settings), softLabels: student.value.plan.settings.alpha > 0 });
    if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join('; '));
    return outcome.plan.backprop!;
}

describe('the memory plan of a distill block equals what phg distill measures', () => {
    it('has an example to check', () => {
        expect(cases.some((c) => c.source.startsWith('examples/'))).toBe(true);
    });
    for (const c of cases) {
        it(c.name, async () => {
            const workspace = mkdtempSync(join(tmpdir(), 'phg-distill-plan-'));
            workspaces.push(workspace);
            cpSync(join(root, c.source), join(workspace, 'model.phg'));
            cpSync(join(root, 'examples/data/optdigits'), join(workspace, 'data/optdigits'), { recursive: true });
            cpSync(join(root, 'examples/data/optdigits-shifted'), join(workspace, 'data/optdigits-shifted'), { recursive: true });

            // The block's own format: what `phg plan --json` prints for the student.
            const planned = await phg(planCommand, workspace, 'model.phg', '--json');
            const entry = (JSON.parse(planned.stdout) as MemoryPlanJson).models.find((model) => model.model === c.student);
            expect(entry?.backprop, `phg plan --json has no entry for ${c.student}: ${planned.stdout}`).toBeDefined();
            expect(entry!.forward).toBeUndefined();
            // Which part of the run holds the peak: the teacher's pass holds no optimizer state.
            expect(entry!.backprop!.byClass.state > 0).toBe(c.peakIn === 'student');
            // A fixture's `// expect: peak N param N …` line: the plan against arithmetic done by hand.
            const stated = /\/\/ expect: (.*)/.exec(readFileSync(join(root, c.source), 'utf8'))?.[1];
            if (stated !== undefined) {
                const words = stated.trim().split(/\s+/);
                const byHand = Object.fromEntries(words.flatMap((word, i) => (i % 2 === 0 ? [[word, Number(words[i + 1])]] : [])));
                expect(peakOf(entry!.backprop!.peak, entry!.backprop!.byClass)).toEqual(byHand);
            }

            const teacher = await phg(trainCommand, workspace, 'model.phg', '--model', c.teacher, '--epochs', '1', '--json');
            expect(teacher.status, teacher.stderr).toBe(0);
            const problems: string[] = [];
            for (const format of formats) {
                const plan = format === undefined ? entry!.backprop! : await plannedIn(workspace, c, format);
                const distilled = await phg(distillCommand, workspace, 'model.phg', '--model', c.student, '--epochs', '1', ...(format !== undefined ? ['--format', format] : []), '--json');
                expect(distilled.status, distilled.stderr + distilled.stdout.slice(-2000)).toBe(0);
                const measured = events(distilled.stdout).filter((event) => event.type === 'epoch' || event.type === 'done');
                expect(measured.map((event) => event.type)).toEqual(['epoch', 'done']);
                for (const event of measured) {
                    const memory = (event as Extract<TrainEvent, { type: 'done' }>).memory;
                    const actual = peakOf(memory.peak, memory.byClass);
                    const expected = peakOf(plan.peak, plan.byClass);
                    if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${format ?? 'own format'}, ${event.type}: planned ${JSON.stringify(expected)}, measured ${JSON.stringify(actual)}`);
                }
            }
            expect(problems).toEqual([]);
        }, 300_000);
    }
});
