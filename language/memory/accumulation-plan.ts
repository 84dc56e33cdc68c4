// The plan of a training with gradient accumulation or data-parallel workers, replayed the way the
// engine runs it (engine/train/update-runner.ts, engine/parallel/):
// - one thread (accumulate_steps N): the floor, the accumulator, then a step of `batch` rows; with
//   backprop and `accumulate quire` the parameter gradients go straight into the accumulator, so no
//   parameter gradient tensor is ever allocated;
// - W workers: each worker has the floor without optimizer state (its executor at ⌈batch/W⌉ rows),
//   its accumulator and the step; the main thread holds the parameters, an inference arena of one
//   row and the optimizer state. The run's bytes are their sum (the workers peak together), which
//   is how `phg train --json` reports them.
import { elementCount } from '../../engine/ir/shapes.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { accumulatorBytes } from '../../engine/train/update-accumulator.js';
import type { AccumulationSummary } from './accumulation-types.js';
import { replayBackpropStep } from './backprop-step.js';
import { ByteLedger } from './byte-ledger.js';
import { replayForwardGradientStep } from './forward-gradient-step.js';
import type { GraphFacts } from './graph-facts.js';
import { allocateFloor, quireBytes } from './memory-floor.js';
import { zeroBytes, type BufferRole, type ModePlan, type PeakBuffer, type PeakClass, type PlanSettings } from './plan-types.js';

/** A replayed training mode: its plan, and the tape or tangent carriers of its step. */
export interface AccumulatedReplay {
    readonly plan: ModePlan;
    readonly tape?: ReadonlySet<string>;
    readonly carriers?: ReadonlySet<string>;
}

/** A ledger that never holds parameter gradients: with quire, backprop shards deposit them into the accumulator. */
class DepositingLedger extends ByteLedger {
    constructor(private readonly params: ReadonlySet<string>) {
        super();
    }

    override allocate(key: string, memoryClass: PeakClass, bytes: number, role: BufferRole, node?: string): void {
        if (role === 'gradient' && node !== undefined && this.params.has(node)) return;
        super.allocate(key, memoryClass, bytes, role, node);
    }
}

/** Plans a training mode with `settings.accumulation` (steps > 1 or workers > 1). */
export function replayAccumulated(facts: GraphFacts, mode: 'backprop' | 'forward', settings: PlanSettings): AccumulatedReplay {
    const accumulation = settings.accumulation!;
    const graph = facts.graph;
    const workers = accumulation.workers;
    const rowsPerStep = Math.ceil(settings.batch / workers);
    const accumulator = accumulatorBytes(graph, mode, settings.tangents, accumulation.accumulate);
    const deposits = mode === 'backprop' && accumulation.accumulate === 'quire';
    const params = new Set(graph.nodes.filter((node) => node.role === 'param').map((node) => node.name));
    const thread = deposits ? new DepositingLedger(params) : new ByteLedger();
    // A worker's executor has no optimizer: its floor is the training floor without state.
    const threadSettings: PlanSettings = { ...settings, batch: rowsPerStep, ...(workers > 1 ? { stateTensorsPerParam: 0 } : {}) };
    const arena = allocateFloor(thread, facts, mode, threadSettings);
    thread.allocate('accumulator', accumulation.accumulate === 'quire' ? 'quire' : 'gradient', accumulator, 'quire');
    const step = replayStep(thread, facts, mode, threadSettings);
    const threadPeak = thread.peak();
    const oneBatch = new ByteLedger();
    allocateFloor(oneBatch, facts, mode, { ...settings, batch: settings.batch * accumulation.steps });
    replayStep(oneBatch, facts, mode, { ...settings, batch: settings.batch * accumulation.steps });
    const oneBatchPeak = oneBatch.peak().peak;
    const summary: AccumulationSummary = {
        steps: accumulation.steps, workers, updateRows: settings.batch * accumulation.steps, rowsPerStep,
        accumulatorBytes: accumulator, accumulatorTotal: accumulator * workers, oneBatchPeak, threadPeak: threadPeak.peak,
        saving: oneBatchPeak - (threadPeak.peak - accumulator)
    };
    if (workers === 1) return { plan: { mode, ...threadPeak, arena, accumulation: summary }, ...step };
    const main = mainThreadPeak(facts, mode, settings);
    const byClass = zeroBytes();
    for (const key of Object.keys(byClass) as PeakClass[]) byClass[key] = main.byClass[key] + workers * threadPeak.byClass[key];
    const atPeak: PeakBuffer[] = [...main.atPeak, ...Array.from({ length: workers }, () => threadPeak.atPeak).flat()].sort((a, b) => b.bytes - a.bytes);
    return { plan: { mode, peak: main.peak + workers * threadPeak.peak, byClass, atPeak, moment: threadPeak.moment, arena, accumulation: summary }, ...step };
}

function replayStep(ledger: ByteLedger, facts: GraphFacts, mode: 'backprop' | 'forward', settings: PlanSettings): { tape?: ReadonlySet<string>; carriers?: ReadonlySet<string> } {
    if (mode === 'backprop') return { tape: replayBackpropStep(ledger, facts, settings).tape };
    return { carriers: replayForwardGradientStep(ledger, facts, settings) };
}

// The main thread of a data-parallel run: an inference executor of one row (parameters, constants,
// arena, one quire per format), the optimizer state (with a quire of its own when the state's format
// is none of the graph's) and, with forward gradients, the update's direction words.
function mainThreadPeak(facts: GraphFacts, mode: 'backprop' | 'forward', settings: PlanSettings): { peak: number; byClass: Record<PeakClass, number>; atPeak: PeakBuffer[] } {
    const ledger = new ByteLedger();
    allocateFloor(ledger, facts, 'inference', { ...settings, batch: 1 });
    const params = facts.graph.nodes.filter((node) => node.role === 'param');
    const stateFormat = params.length > 0 ? parseFormat(settings.stateFormat ?? params[0]!.format) : undefined;
    if (stateFormat !== undefined && !facts.formats.some((format) => format.name === stateFormat.name)) ledger.allocate('quire:optimizer', 'quire', quireBytes(stateFormat.quireBits), 'quire');
    for (const node of params) {
        for (let j = 0; j < settings.stateTensorsPerParam; j++) ledger.allocate(`state:${node.name}:${j}`, 'state', stateFormat!.bytes * elementCount(node.shape), 'state', node.name);
    }
    if (mode === 'forward') ledger.allocate('direction-block', 'tangent', 8 * settings.tangents, 'direction-words');
    const { peak, byClass, atPeak } = ledger.peak();
    return { peak, byClass: { ...byClass }, atPeak };
}
