// `phg plan` for a spiking model: engine/spiking's plan (the general planner plans IR graphs and
// has no spiking layers), as a table of buffers grouped by what they hold, for people.
import type { ast, DocumentAnalysis, TrainingAnalysis } from '../../language/index.js';
import { spikingMemoryPlanOf } from '../../language/index.js';

/** The plan of a spiking model as text; undefined for other models. */
export function spikingPlanTable(analysis: DocumentAnalysis, model: ast.ModelDecl, training: TrainingAnalysis | undefined): string | undefined {
    const plan = spikingMemoryPlanOf(analysis, model, training);
    if (plan === undefined) return undefined;
    const block = training ?? analysis.trainings.find((t) => t.model === model);
    const title = block !== undefined ? `train ${model.name} on ${block.data?.name ?? '?'}` : `model ${model.name}`;
    const rows = plan.buffers.map((b) => `  ${b.label.padEnd(36)} ${b.memoryClass.padEnd(10)} ${String(b.count).padStart(7)} per ${b.per.padEnd(18)} ${String(b.bytes).padStart(9)} B`);
    return [
        `${title} (spiking, STDP, ${block?.settings.format ?? 'float32'}, ${block?.settings.accumulate ?? 'quire'}): peak ${plan.peak} B, learning state ${plan.learningState} B, tape ${plan.tape} B`,
        ...rows,
        ''
    ].join('\n') + '\n';
}
