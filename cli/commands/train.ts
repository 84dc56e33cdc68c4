// `phg train FILE`: trains a model's `train` block with the engine, checkpointing every epoch into
// `.phg/runs/<id>/` and saving the result as `.phg/versions/<n>/`. With --json it streams the
// JSON Lines events of cli/train-events.ts; otherwise a progress line per epoch and a summary table.
import type { CliCommand } from '../command.js';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import type { TrainEvent } from '../train-events.js';
import { loadData, loadTrainingModel } from '../train-model-loader.js';
import { trainSpikingModel } from '../spiking/spiking-train.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { runTraining } from '../../engine/train/trainer.js';
import { decodeCheckpoint, encodeCheckpoint, type LoadedCheckpoint } from '../../engine/train/checkpoint.js';
import type { MemoryReport } from '../../engine/train/memory-report.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import { describeOptimizer } from '../../engine/optim/optimizer.js';
import { RunStore } from '../../engine/store/run-store.js';
import { saveVersion } from '../../engine/store/version-store.js';
import { readSigningKeyOption, signVersionAfterTraining, type TrainingSignature } from '../cert/version-signing.js';
import type { SigningKey } from '../../engine/signing/keys.js';
import { releaseDataset } from '../../engine/data/csv-dataset.js';
import { errorEvent, memoryEvent } from '../engine-events.js';
import { engineErrorCodes, type EngineError } from '../../engine/errors.js';
import { relative } from 'node:path';
import { trainWorkerScript } from '../train-worker-path.js';

const usage = `usage: phg train FILE [options]

Trains the model of a train block and saves it as a version in .phg/versions/<n>/.

options:
  --model M                    train block of model M (default: the file's first)
  --gradient backprop|forward[:K]
                               gradient mode (forward: K tangents per step, default 1)
  --format NAME                numeric format of every value (posit16, posit<16>, bposit32, float32, ...)
  --accumulate quire|rounded   exact sums rounded once, or rounding at every add
  --epochs N  --batch B  --seed S
  --lr LR                      the optimizer's learning rate (forward gradients need small ones, ~5e-4)
  --accumulate-steps N         N micro-batches of B rows per optimizer step (gradient accumulation)
  --workers W                  split each micro-batch across W worker threads
  --resume RUN                 continue run RUN (an id under .phg/runs/) from its last checkpoint
  --key FILE|-                 sign the saved version with this private key ('-': a PEM key on
                               stdin, the editor's secret storage); default: $PHG_SIGNING_KEY,
                               else the config dir's default.key when it exists
  --json                       stream JSON Lines events (start, step, epoch, done, error)

exit status: 0 trained, 1 the model, its data or a numeric fault stopped it, 2 usage or I/O error
`;

/** Parsed flags of `phg train`. */
interface TrainFlags {
    readonly file: string;
    readonly model?: string;
    readonly gradient?: TrainSettings['gradient'];
    readonly format?: string;
    readonly accumulate?: 'quire' | 'rounded';
    readonly epochs?: number;
    readonly batch?: number;
    readonly accumulateSteps?: number;
    readonly workers?: number;
    readonly seed?: number;
    /** Overrides the optimizer's learning rate. */
    readonly lr?: number;
    readonly resume?: string;
    /** `--key`: the private key file that signs the saved version, or '-' for a PEM key on stdin. */
    readonly key?: string;
    readonly json: boolean;
}

/** The `phg train` command. */
export const trainCommand: CliCommand = { name: 'train', summary: 'train a model and save it as a version', usage, run: runTrain };

async function runTrain(args: readonly string[], io: CliIO): Promise<number> {
    try {
        return await trainFromArgs(args, io);
    } catch (error) {
        // A store write that fails (disk full, permissions) is the user's environment, not a bug.
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code !== 'string' || !code.startsWith('E')) throw error;
        const message = `cannot write the run or version store: ${(error as Error).message}`;
        if (args.includes('--json')) io.stdout(`${JSON.stringify(errorEvent({ code: engineErrorCodes.storeWrite, message }))}\n`);
        else io.stderr(`phg train: ${engineErrorCodes.storeWrite} ${message}\n`);
        return ExitCode.failed;
    }
}

async function trainFromArgs(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseTrainFlags(args);
    const json = args.includes('--json');
    const emit = (event: TrainEvent): void => { if (json) io.stdout(`${JSON.stringify(event)}\n`); };
    const fail = (error: EngineError, exit: number): number => {
        if (json) emit(errorEvent(error));
        else io.stderr(`phg train: ${error.code} ${error.message}\n`);
        return exit;
    };
    if ('error' in parsed) {
        const exit = fail(parsed.error, ExitCode.usage);
        if (!json) io.stderr(usage);
        return exit;
    }
    const flags = parsed;
    // A key named on the command line is read before training: a bad one should not cost a run.
    let signingKey: SigningKey | undefined;
    if (flags.key !== undefined) {
        const key = await readSigningKeyOption(flags.key, io, process.env);
        if (!key.ok) return fail({ code: engineErrorCodes.badFlag, message: `--key: ${key.message}` }, ExitCode.usage);
        signingKey = key.key;
    }
    // A model with spiking layers learns by STDP (engine/spiking), not by gradients.
    const spiking = await trainSpikingModel(flags, json, io);
    if (spiking !== undefined) return spiking;
    let resume: { store: RunStore; checkpoint: LoadedCheckpoint } | undefined;
    if (flags.resume !== undefined) {
        const opened = RunStore.open(io.cwd, flags.resume);
        if (!opened.ok) return fail(opened.error, ExitCode.usage);
        const bytes = opened.value.readCheckpoint();
        if (bytes === undefined) return fail({ code: engineErrorCodes.resumeMismatch, message: `run ${flags.resume} has no checkpoint yet (it was stopped before its first epoch ended); start it again` }, ExitCode.failed);
        const checkpoint = decodeCheckpoint(bytes, opened.value.checkpointFile);
        if (!checkpoint.ok) return fail(checkpoint.error, ExitCode.failed);
        resume = { store: opened.value, checkpoint: checkpoint.value };
    }
    const runInfo = resume?.store.info<{ format: string; accumulate: 'quire' | 'rounded'; model: string }>();
    const loaded = await loadTrainingModel(flags.file, io.cwd, {
        ...(flags.model ?? runInfo?.model ? { model: flags.model ?? runInfo?.model } : {}),
        ...(runInfo !== undefined ? { format: runInfo.format } : flags.format !== undefined ? { format: flags.format } : {}),
        ...(runInfo !== undefined ? { accumulate: runInfo.accumulate } : flags.accumulate !== undefined ? { accumulate: flags.accumulate } : {})
    });
    if (!loaded.ok) return fail(loaded.error, loaded.error.code === engineErrorCodes.badFlag ? ExitCode.usage : ExitCode.failed);
    const model = loaded.value;
    if (resume !== undefined && resume.checkpoint.structureHash !== model.structureHash) {
        return fail({ code: engineErrorCodes.resumeMismatch, message: `run ${resume.store.id} trained another structure of ${model.lowered.graph.model} (${resume.checkpoint.structureHash.slice(0, 19)}…, now ${model.structureHash.slice(0, 19)}…); start a new run` }, ExitCode.failed);
    }
    const base = resume?.checkpoint.settings ?? model.lowered.settings;
    const settings: TrainSettings = {
        ...base,
        ...(resume === undefined && flags.gradient !== undefined ? { gradient: flags.gradient } : {}),
        ...(resume === undefined && flags.batch !== undefined ? { batch: flags.batch } : {}),
        ...(resume === undefined && flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(resume === undefined && flags.lr !== undefined ? { optimizer: { ...base.optimizer, lr: flags.lr } } : {}),
        ...(resume === undefined && flags.accumulateSteps !== undefined ? { accumulateSteps: flags.accumulateSteps } : {}),
        // Workers are how a run computes, not what it learns (with quire): a resume may change them.
        ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
        ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {})
    };
    const allocator = new TrackedAllocator();
    const train = loadData(model.program, model.lowered.train, allocator, true);
    if (!train.ok) return fail(train.error, ExitCode.failed);
    const validate = model.lowered.validate !== undefined ? loadData(model.program, model.lowered.validate, allocator, true) : undefined;
    if (validate !== undefined && !validate.ok) return fail(validate.error, ExitCode.failed);
    const graph = model.lowered.graph;
    const format = model.program.formatOf(model.program.params[0] ?? graph.nodes[0]!)?.name ?? '?';
    const store = resume?.store ?? RunStore.create(io.cwd, { file: relative(io.cwd, model.file), model: graph.model, format, accumulate: model.program.accumulate, structureHash: model.structureHash, settings });
    const accumulateSteps = settings.accumulateSteps ?? 1;
    const workers = settings.workers ?? 1;
    const stepsPerEpoch = Math.ceil(train.value.rows / (settings.batch * accumulateSteps));
    const firstEpoch = (resume?.checkpoint.position.epoch ?? 0) + 1;
    emit({
        type: 'start', runId: store.id, file: relative(io.cwd, model.file), model: graph.model, format, accumulate: model.program.accumulate,
        gradient: settings.gradient, optimizer: describeOptimizer(settings.optimizer), epochs: settings.epochs, batch: settings.batch,
        ...(accumulateSteps > 1 ? { accumulateSteps } : {}), ...(workers > 1 ? { workers } : {}), seed: settings.seed,
        stepsPerEpoch, trainSamples: train.value.rows, validateSamples: validate?.ok === true ? validate.value.rows : 0, structureHash: model.structureHash, firstEpoch,
        ...(resume !== undefined ? { resumedFrom: resume.store.id } : {})
    });
    if (!json) io.stdout(`training ${graph.model} (${format}, ${model.program.accumulate}, ${settings.gradient.mode}${settings.gradient.mode === 'forward' ? `:${settings.gradient.tangents}` : ''}, ${describeOptimizer(settings.optimizer)}${accumulateSteps > 1 ? `, ${accumulateSteps} micro-batches of ${settings.batch}` : ''}${workers > 1 ? `, ${workers} workers` : ''}) — run ${store.id}${resume !== undefined ? `, resumed at epoch ${firstEpoch}` : ''}\n`);
    let stop: 'SIGINT' | 'SIGTERM' | undefined;
    const onSigint = (): void => { stop = 'SIGINT'; };
    const onSigterm = (): void => { stop = 'SIGTERM'; };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    let outcome: Awaited<ReturnType<typeof runTraining>>;
    try {
        outcome = await runTraining({
            program: model.program, settings, train: train.value, ...(validate?.ok === true ? { validate: validate.value } : {}), allocator,
            stopRequested: () => stop,
            workerScript: trainWorkerScript(),
            ...(resume !== undefined ? { resume: resume.checkpoint } : {}),
            stepEventEvery: Math.max(1, Math.floor(stepsPerEpoch / 10)),
            observer: {
                step: (e) => {
                    emit({ type: 'step', epoch: e.epoch, step: e.step, stepsPerEpoch: e.stepsPerEpoch, loss: finite(e.loss), memory: memoryEvent(e.memory) });
                    if (!json && io.interactive) io.stdout(`\r  epoch ${e.epoch}/${settings.epochs} ${progressBar(e.step / e.stepsPerEpoch)} loss ${e.loss.toFixed(4)}`);
                },
                checkpoint: (state) => {
                    store.writeCheckpoint(encodeCheckpoint(state, model.structureHash));
                    store.writeMetrics(state.history.map((r) => ({ ...r, memory: memoryEvent(r.memory) })));
                },
                epoch: (r) => {
                    emit({ type: 'epoch', epoch: r.epoch, epochs: r.epochs, loss: finite(r.loss), accuracy: finite(r.accuracy), trainAccuracy: finite(r.trainAccuracy), ...(Number.isFinite(r.validationLoss) ? { validationLoss: r.validationLoss } : {}), ms: Math.round(r.ms), cpuMs: Math.round(r.cpuMs), memory: memoryEvent(r.memory) });
                    if (!json) io.stdout(`${io.interactive ? '\r' : ''}  epoch ${r.epoch}/${r.epochs}  loss ${r.loss.toFixed(4)}  ${score(r.accuracy, r.validationLoss)}  ${Math.round(r.ms)} ms  peak ${formatBytes(r.memory.peak)}${' '.repeat(10)}\n`);
                }
            }
        });
    } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
    }
    try {
        if (outcome.kind === 'failed') return fail(withForwardGradientHint(outcome.error, settings), ExitCode.failed);
        if (outcome.kind === 'interrupted') {
            if (json) emit({ type: 'done', accuracy: finite(outcome.history[outcome.history.length - 1]?.accuracy ?? NaN), epochs: outcome.history.length, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version: '', weightsDigest: '', runId: store.id, interrupted: outcome.signal });
            else io.stdout(`\nstopped by ${outcome.signal}: checkpoint saved; continue with phg train ${flags.file} --resume ${store.id}\n`);
            return ExitCode.ok;
        }
        const lastValidationLoss = outcome.history[outcome.history.length - 1]?.validationLoss ?? NaN;
        const saved = saveVersion(io.cwd, {
            model: graph.model,
            structureHash: model.structureHash,
            weights: outcome.executor.params.map((t, i) => ({ name: model.program.params[i]!.name, format: t.format, shape: t.shape, data: t.data })),
            training: { run: store.id, format, accumulate: model.program.accumulate, gradient: `${settings.gradient.mode}${settings.gradient.mode === 'forward' ? `:${settings.gradient.tangents}` : ''}`, optimizer: describeOptimizer(settings.optimizer), epochs: settings.epochs, batch: settings.batch, seed: settings.seed, trainSamples: train.value.rows },
            metrics: { accuracy: finite(outcome.accuracy), ...(Number.isFinite(lastValidationLoss) ? { validationLoss: lastValidationLoss } : {}), loss: finite(outcome.history[outcome.history.length - 1]?.loss ?? NaN), trainingPeakBytes: outcome.memory.peak }
        });
        const version = relative(io.cwd, saved.directory) || saved.directory;
        // A configured signing key signs the new version at once, so a watching service can rotate to it.
        const signature = signVersionAfterTraining(io.cwd, saved.version, process.env, signingKey);
        const signatureMessage = describeSignature(signature, saved.version);
        emit({ type: 'done', accuracy: finite(outcome.accuracy), ...(Number.isFinite(lastValidationLoss) ? { validationLoss: lastValidationLoss } : {}), epochs: settings.epochs, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version, weightsDigest: saved.weightsDigest, runId: store.id, signature: signature.status, signatureMessage });
        if (!json) io.stdout(summaryTable(graph.model, score(outcome.accuracy, lastValidationLoss), validate !== undefined, outcome.ms, settings.epochs, outcome.memory, version, saved.weightsDigest) + `${signatureMessage}\n`);
        return ExitCode.ok;
    } finally {
        if (outcome.kind !== 'failed') outcome.executor.dispose();
        releaseDataset(train.value, allocator);
        if (validate?.ok === true) releaseDataset(validate.value, allocator);
    }
}

/** Parses the flags of `phg train` (exported for tests). */
export function parseTrainFlags(args: readonly string[]): TrainFlags | { readonly error: EngineError } {
    const bad = (message: string): { error: EngineError } => ({ error: { code: engineErrorCodes.badFlag, message } });
    const positional: string[] = [];
    const out: { -readonly [K in keyof TrainFlags]?: TrainFlags[K] } = { json: false };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        if (arg === '--json') {
            out.json = true;
            continue;
        }
        const value = args[i + 1];
        if (value === undefined || value.startsWith('--')) return bad(`${arg} needs a value`);
        i++;
        switch (arg) {
            case '--model': out.model = value; break;
            case '--format': out.format = value; break;
            case '--resume': out.resume = value; break;
            case '--key': out.key = value; break;
            case '--accumulate':
                if (value !== 'quire' && value !== 'rounded') return bad(`--accumulate must be quire or rounded, not '${value}'`);
                out.accumulate = value;
                break;
            case '--gradient': {
                const match = /^(backprop|forward)(?::(\d+))?$/.exec(value);
                if (match === null || (match[1] === 'backprop' && match[2] !== undefined) || match[2] === '0') return bad(`--gradient must be backprop, forward or forward:K with K ≥ 1, not '${value}'`);
                out.gradient = match[1] === 'backprop' ? { mode: 'backprop', tangents: 1 } : { mode: 'forward', tangents: Number(match[2] ?? 1) };
                break;
            }
            case '--lr': {
                const lr = Number(value);
                if (!Number.isFinite(lr) || lr <= 0) return bad(`--lr must be a positive number, not '${value}'`);
                out.lr = lr;
                break;
            }
            case '--epochs': case '--batch': case '--seed': case '--accumulate-steps': case '--workers': {
                const n = Number(value);
                const min = arg === '--seed' ? 0 : 1;
                if (!Number.isInteger(n) || n < min) return bad(`${arg} must be an integer ≥ ${min}, not '${value}'`);
                if (arg === '--epochs') out.epochs = n;
                else if (arg === '--batch') out.batch = n;
                else if (arg === '--accumulate-steps') out.accumulateSteps = n;
                else if (arg === '--workers') out.workers = n;
                else out.seed = n;
                break;
            }
            default: return bad(`unknown option '${arg}'`);
        }
    }
    if (positional.length !== 1) return bad(positional.length === 0 ? 'no .phg file given' : `one .phg file expected, got ${positional.length}`);
    return { ...out, file: positional[0]!, json: out.json ?? false };
}

// JSON has no NaN or Infinity: report them as null-free sentinels the panel can show.
function finite(value: number): number {
    return Number.isFinite(value) ? value : -1;
}

function progressBar(fraction: number): string {
    const width = 20;
    const filled = Math.round(fraction * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** Bytes in a human unit. */
export function formatBytes(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** The memory table by lifetime class, for humans. */
export function memoryTable(memory: MemoryReport, title: string): string {
    const rows: [string, number][] = [['param', memory.byClass.param], ['state', memory.byClass.state], ['activation', memory.byClass.activation], ['tape', memory.byClass.tape], ['tangent', memory.byClass.tangent], ['gradient', memory.byClass.gradient], ['quire/scratch', memory.byClass.quire]];
    const lines = rows.map(([name, bytes]) => `  ${name.padEnd(14)} ${String(bytes).padStart(10)} B  ${formatBytes(bytes).padStart(10)}`);
    return [`${title} (measured by the tracked allocator, at the peak):`, ...lines, `  ${'peak'.padEnd(14)} ${String(memory.peak).padStart(10)} B  ${formatBytes(memory.peak).padStart(10)}`, `  data set (not in the peak): ${formatBytes(memory.byClass.data)}; process RSS (whole JS runtime): ${formatBytes(memory.rss)}`, ''].join('\n');
}

// Accuracy for classifiers, validation mse for regressions.
function score(accuracy: number, validationLoss: number): string {
    if (Number.isFinite(accuracy)) return `accuracy ${(100 * accuracy).toFixed(2)}%`;
    return Number.isFinite(validationLoss) ? `mse ${validationLoss.toPrecision(4)}` : 'no accuracy (no class labels)';
}

function summaryTable(model: string, scoreText: string, validated: boolean, ms: number, epochs: number, memory: MemoryReport, version: string, digest: string): string {
    return [
        '',
        `${model}: ${validated ? 'test' : 'training'} ${scoreText}, ${(ms / 1000).toFixed(2)} s for ${epochs} epoch${epochs === 1 ? '' : 's'} (${(ms / epochs).toFixed(1)} ms/epoch)`,
        memoryTable(memory, 'training memory'),
        `saved ${version} (weights ${digest.slice(0, 19)}…)`,
        ''
    ].join('\n');
}

function describeSignature(signature: TrainingSignature, version: number): string {
    switch (signature.status) {
        case 'signed': return `signed version ${version}${signature.results.some((result) => result.version === version && !result.certified) ? ' (no certificate of this structure yet: run phg certify, then phg sign-version, to make it servable)' : ''}`;
        case 'no-key': return `version ${version} is unsigned: no signing key at ${signature.keyFile} (phg keys generate creates one)`;
        case 'failed': return `version ${version} is unsigned: signing failed: ${signature.message}`;
    }
}

// A forward gradient is a noisy estimate whose variance grows with the number of parameters: a
// learning rate tuned for backprop makes it diverge within a few steps. Say so where it happens.
function withForwardGradientHint(error: EngineError, settings: TrainSettings): EngineError {
    if (error.code !== engineErrorCodes.numericFault || settings.gradient.mode !== 'forward') return error;
    const lr = settings.optimizer.lr;
    return { ...error, message: `${error.message}. Forward gradients tolerate only small learning rates (this run used lr ${lr}; about 5e-4 suits K = 1 on digits): try --lr ${Math.min(lr / 100, 5e-4)}` };
}
