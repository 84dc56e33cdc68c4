// The design-time plan equals what the engine measures: every example model (examples/*.phg, not
// examples/broken/), in inference, backprop and forward-gradient training, in its own format and
// several others — peak and every class within 2% (the bound; the planner aims at 0).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainingModel } from '../../../cli/train-model-loader.js';
import { planMemory } from '../../../language/memory/plan-memory.js';
import { planSettingsOf } from '../../../language/memory/plan-settings.js';
import { peakClasses, type ModePlan } from '../../../language/memory/plan-types.js';
import type { MemoryReport } from '../../../engine/train/memory-report.js';
import { measureInference, measureTraining } from './support/measure-example.js';
import { engineErrorCodes } from '../../../engine/errors.js';
import { checkPhgFiles } from '../../../cli/workspace.js';
import { analyzeRepresentation, memoryPlanJson } from '../../../language/index.js';

/** Why the design-time planner has no plan for some model of a file. */
async function unplannedReasons(file: string): Promise<string[]> {
    const workspace = await checkPhgFiles([file]);
    const document = workspace.documents[0]!;
    return (memoryPlanJson(analyzeRepresentation(document, workspace.services).subjects).unplanned ?? []).map((entry) => entry.reason);
}

const examples = join(import.meta.dirname, '../../../examples');
const files = readdirSync(examples, { withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.phg')).map((entry) => entry.name).sort();
/** The file's own format (undefined), and formats of every family and width the engine runs. */
const formats = [undefined, 'posit<8>', 'posit<16>', 'bposit<32>', 'float32'];

function within2Percent(plan: ModePlan, measured: MemoryReport): string[] {
    const problems: string[] = [];
    const tolerance = 0.02 * measured.peak;
    if (Math.abs(plan.peak - measured.peak) > tolerance) problems.push(`peak planned ${plan.peak} B, measured ${measured.peak} B`);
    for (const memoryClass of peakClasses) {
        const planned = plan.byClass[memoryClass];
        const actual = measured.byClass[memoryClass];
        if (Math.abs(planned - actual) > tolerance) problems.push(`${memoryClass} planned ${planned} B, measured ${actual} B`);
    }
    return problems;
}

describe('the memory plan of every example equals the engine\'s measurement', () => {
    it('has examples to check', () => {
        expect(files.length).toBeGreaterThanOrEqual(3);
    });
    for (const file of files) {
        for (const format of formats) {
            it(`${file} in ${format ?? 'its own format'}`, async () => {
                const loaded = await loadTrainingModel(join(examples, file), examples, format !== undefined ? { format } : {});
                if (!loaded.ok && loaded.error.code === engineErrorCodes.notExecutable) {
                    // A model the engine cannot run yet has no plan either, and says why.
                    expect(await unplannedReasons(join(examples, file))).not.toEqual([]);
                    return;
                }
                if (!loaded.ok) throw new Error(loaded.error.message);
                const model = loaded.value;
                const settings = model.lowered.settings;
                const outcome = planMemory(model.lowered.graph, planSettingsOf(settings));
                if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join('; '));
                const plan = outcome.plan;
                const tangents = settings.gradient.mode === 'forward' ? settings.gradient.tangents : 1;
                const problems = [
                    ...within2Percent(plan.inference, measureInference(model)).map((p) => `inference: ${p}`),
                    ...within2Percent(plan.backprop!, await measureTraining(model, { mode: 'backprop', tangents: 1 })).map((p) => `backprop: ${p}`),
                    ...within2Percent(plan.forward!, await measureTraining(model, { mode: 'forward', tangents })).map((p) => `forward(${tangents}): ${p}`)
                ];
                if (format === undefined) {
                    // Three tangent passes through the same buffers: the plan follows the passes, not just K = 1.
                    const three = planMemory(model.lowered.graph, { ...planSettingsOf(settings), tangents: 3 });
                    if (!three.ok) throw new Error(three.problems.map((p) => p.message).join('; '));
                    problems.push(...within2Percent(three.plan.forward!, await measureTraining(model, { mode: 'forward', tangents: 3 })).map((p) => `forward(3): ${p}`));
                }
                expect(problems).toEqual([]);
            });
        }
    }
});
