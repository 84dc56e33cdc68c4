// `phg run FILE`: inference over a data set at the train block's batch size, from the newest
// version trained for this structure (or a fresh initialisation with --init). Ends with accuracy
// and the measured inference memory, so training/inference ratios compare two real runs.
import { relative } from 'node:path';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import type { RunEvent } from '../train-events.js';
import { loadData, loadTrainingModel } from '../train-model-loader.js';
import { hasDistillBlock, loadStudentModel } from '../distill/student-model.js';
import { runCalibration } from '../distill/run-calibration.js';
import { runSpikingModel } from '../spiking/spiking-run.js';
import { formatBytes, memoryTable } from './train.js';
import { errorEvent, memoryEvent } from '../engine-events.js';
import { runDataSpec } from '../run-data-spec.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { runInference, type InferenceWeights } from '../../engine/train/run-inference.js';
import { latestVersionOf, loadVersionWeights } from '../../engine/store/version-store.js';
import { releaseDataset } from '../../engine/data/csv-dataset.js';
import { engineErrorCodes, type EngineError } from '../../engine/errors.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';

const usage = `usage: phg run FILE [options]

Runs a trained model over a data set and reports accuracy, calibration (ECE: expected
calibration error of its confidences; a distilled student's come from its Laplace posterior)
and measured memory.

options:
  --model M          model of train block M (default: the file's first train block)
  --data NAME        a data declaration of the file (default: the train block's 'validate on' set)
  --input FILE.csv   a csv file with the columns of the train block's data
  --init             fresh initialisation (seeded) instead of the newest version's weights
  --batch B          batch size (default: the train block's)
  --json             JSON Lines: start and done events

exit status: 0 ran, 1 the model or its data failed, 2 usage or I/O error
`;

/** The `phg run` command. */
export const runCommand: CliCommand = { name: 'run', summary: 'run a trained model over a data set', usage, run: runRun };

async function runRun(args: readonly string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const emit = (event: RunEvent): void => { if (json) io.stdout(`${JSON.stringify(event)}\n`); };
    const fail = (error: EngineError, exit: number): number => {
        if (json) emit(errorEvent(error));
        else io.stderr(`phg run: ${error.code} ${error.message}\n`);
        return exit;
    };
    const flags = parseRunFlags(args);
    if ('error' in flags) {
        const exit = fail(flags.error, ExitCode.usage);
        if (!json) io.stderr(usage);
        return exit;
    }
    // A model with spiking layers runs in engine/spiking.
    const spiking = await runSpikingModel(flags, json, io);
    if (spiking !== undefined) return spiking;
    let loaded = await loadTrainingModel(flags.file, io.cwd, flags.model !== undefined ? { model: flags.model } : {});
    // A distilled student has a distill block instead of a train block.
    if (!loaded.ok && loaded.error.code === engineErrorCodes.badModel && await hasDistillBlock(flags.file, io.cwd, flags.model)) loaded = await loadStudentModel(flags.file, io.cwd, flags.model !== undefined ? { model: flags.model } : {});
    if (!loaded.ok) return fail(loaded.error, ExitCode.failed);
    const model = loaded.value;
    const spec = runDataSpec(flags, model, io.cwd);
    if ('error' in spec) return fail(spec.error, spec.exit);
    const batch = flags.batch ?? model.lowered.settings.batch;
    let weights: InferenceWeights = { kind: 'init', seed: model.lowered.settings.seed };
    let weightsName = 'init';
    let versionDirectory: string | undefined;
    if (!flags.init) {
        const latest = latestVersionOf(io.cwd, model.lowered.graph.model, model.structureHash);
        if (latest === undefined) return fail({ code: engineErrorCodes.noVersion, message: `no trained version of ${model.lowered.graph.model} with this structure in .phg/versions; run phg train ${flags.file} first, or pass --init` }, ExitCode.failed);
        const content = loadVersionWeights(latest.directory);
        if (!content.ok) return fail(content.error, ExitCode.failed);
        const byName = new Map<string, NumberPatternArray>();
        for (const [name, tensor] of content.value.tensors) byName.set(name, tensor.data);
        weights = { kind: 'patterns', byName };
        weightsName = relative(io.cwd, latest.directory) || latest.directory;
        versionDirectory = latest.directory;
    }
    const allocator = new TrackedAllocator();
    const data = loadData(model.program, spec, allocator, false);
    if (!data.ok) return fail(data.error, ExitCode.failed);
    try {
        const format = model.program.formatOf(model.program.params[0] ?? model.lowered.graph.nodes[0]!)?.name ?? '?';
        emit({ type: 'start', file: relative(io.cwd, model.file), model: model.lowered.graph.model, format, batch, samples: data.value.rows, weights: weightsName, structureHash: model.structureHash });
        const result = runInference(model.program, data.value, batch, weights, allocator, true);
        if (!result.ok) return fail(result.error, ExitCode.failed);
        const r = result.value;
        // ECE beside accuracy (docs/distillation.md); a distilled student's confidences come from its posterior.
        const calibrated = runCalibration(model.program, data.value, r.outputs, weights.kind === 'patterns' ? weights.byName : undefined, versionDirectory, batch);
        if (!calibrated.ok) return fail(calibrated.error, ExitCode.failed);
        const c = calibrated.value;
        const accuracy = c !== undefined ? c.calibration.accuracy : r.accuracy;
        emit({ type: 'done', ...(accuracy !== undefined ? { accuracy } : {}), ...(c !== undefined ? { ece: c.calibration.ece, nll: c.calibration.nll, predictive: c.predictive } : {}), samples: r.samples, ms: Math.round(r.ms), memory: memoryEvent(r.memory) });
        if (!json) {
            const calibration = c !== undefined ? `, ECE ${(100 * c.calibration.ece).toFixed(2)}% (${c.predictive === 'laplace' ? `Laplace posterior, τ ${c.scale}` : 'softmax confidence'})` : '';
            io.stdout(`${model.lowered.graph.model} (${weightsName}) on ${data.value.name}: ${r.samples} samples${accuracy !== undefined ? `, accuracy ${(100 * accuracy).toFixed(2)}%` : ''}${calibration}, ${r.ms.toFixed(0)} ms, peak ${formatBytes(r.memory.peak)}\n`);
            io.stdout(memoryTable(r.memory, 'inference memory'));
        }
        return ExitCode.ok;
    } finally {
        releaseDataset(data.value, allocator);
    }
}

interface RunFlags {
    readonly file: string;
    readonly model?: string;
    readonly data?: string;
    readonly input?: string;
    readonly batch?: number;
    readonly init: boolean;
}

/** Parses the flags of `phg run`. */
export function parseRunFlags(args: readonly string[]): RunFlags | { readonly error: EngineError } {
    const bad = (message: string): { error: EngineError } => ({ error: { code: engineErrorCodes.badFlag, message } });
    const positional: string[] = [];
    const out: { -readonly [K in keyof RunFlags]?: RunFlags[K] } = {};
    for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (!arg.startsWith('--')) { positional.push(arg); continue; }
        if (arg === '--json') continue;
        if (arg === '--init') { out.init = true; continue; }
        const value = args[i + 1];
        if (value === undefined || value.startsWith('--')) return bad(`${arg} needs a value`);
        i++;
        if (arg === '--model') out.model = value;
        else if (arg === '--data') out.data = value;
        else if (arg === '--input') out.input = value;
        else if (arg === '--batch') {
            const n = Number(value);
            if (!Number.isInteger(n) || n < 1) return bad(`--batch must be an integer ≥ 1, not '${value}'`);
            out.batch = n;
        } else return bad(`unknown option '${arg}'`);
    }
    if (out.data !== undefined && out.input !== undefined) return bad('--data and --input exclude each other');
    if (positional.length !== 1) return bad(positional.length === 0 ? 'no .phg file given' : `one .phg file expected, got ${positional.length}`);
    return { ...out, file: positional[0]!, init: out.init ?? false };
}
