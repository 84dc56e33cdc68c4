// The design-time memory plan of a spiking model, for the editor: engine/spiking's planner applied
// to the model as the language reads it, in the format and accumulation of the block that trains
// it. The general planner (language/memory) plans IR graphs and has no spiking layers; this is what
// the code lens above a spiking model and its train block shows instead.
import type { ModelDecl } from '../generated/ast.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../analysis/analysis-types.js';
import { dataColumnsOf } from '../scoping/named-values.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { planSpikingMemory, type SpikingMemoryPlan } from '../../engine/spiking/spiking-memory-plan.js';
import { spikingSpecOf } from './lower-spiking.js';

/** The plan of a spiking model trained by `training` (its first train block when undefined); undefined for other models. */
export function spikingMemoryPlanOf(analysis: DocumentAnalysis, model: ModelDecl, training: TrainingAnalysis | undefined): SpikingMemoryPlan | undefined {
    const spec = spikingSpecOf(analysis, model);
    if (spec === undefined) return undefined;
    const block = training ?? analysis.trainings.find((t) => t.model === model);
    const format = parseFormat(block?.settings.format ?? 'float32');
    if (format === undefined) return undefined;
    const classColumn = block?.data !== undefined ? dataColumnsOf(block.data).find((c) => analysis.valueOf(c)?.type.element === 'class') : undefined;
    const classes = classColumn !== undefined ? analysis.valueOf(classColumn)?.type.classes ?? 0 : 0;
    return planSpikingMemory(spec, { dt: block?.settings.values.get('dt') ?? 0.001, format, accumulate: block?.settings.accumulate ?? 'quire' }, classes);
}

/** A code lens title: `spiking, STDP: 29.6 KiB (weights 12.5 KiB per synapse, STDP traces 328 B per neuron, thresholds 200 B) · no tape`. */
export function spikingPlanTitle(plan: SpikingMemoryPlan, formatName: string): string {
    const bytesOf = (role: string): number => plan.buffers.filter((b) => b.role === role).reduce((sum, b) => sum + b.bytes, 0);
    const thresholds = bytesOf('thresholds');
    return `spiking, STDP (${formatName}): ${size(plan.peak)} (weights ${size(bytesOf('weights'))} per synapse, STDP traces ${size(bytesOf('traces'))} per neuron${thresholds > 0 ? `, thresholds ${size(thresholds)}` : ''}) · no tape`;
}

function size(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1048576).toFixed(2)} MiB`;
}

/** The code lens title of a spiking model or of its train block; undefined for other models. */
export function spikingPlanLensTitle(analysis: DocumentAnalysis, model: ModelDecl, training: TrainingAnalysis | undefined): string | undefined {
    const plan = spikingMemoryPlanOf(analysis, model, training);
    const block = training ?? analysis.trainings.find((t) => t.model === model);
    return plan !== undefined ? spikingPlanTitle(plan, block?.settings.format ?? 'float32') : undefined;
}
