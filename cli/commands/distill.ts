// `phg distill FILE`: trains the student of a `distill` block from its teacher's newest version
// (docs/distillation.md) and saves it as a version in `.phg/versions/<n>/` whose record names the
// teacher's version and digests, with the student's Laplace posterior beside its weights. With
// --json it streams the JSON Lines events of `phg train` (cli/train-events.ts), with a `distill`
// part on the start and epoch events.
import { relative } from 'node:path';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import type { TrainEvent } from '../train-events.js';
import { loadData } from '../train-model-loader.js';
import { errorEvent, memoryEvent } from '../engine-events.js';
import { formatBytes, parseTrainFlags } from './train.js';
import { loadStudentModel } from '../distill/student-model.js';
import { loadTeacherVersion, teacherFisher, type TeacherFisher } from '../distill/teacher-version.js';
import { readSigningKeyOption, signVersionAfterTraining } from '../cert/version-signing.js';
import type { SigningKey } from '../../engine/signing/keys.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import type { TrainSettings } from '../../engine/train/settings.js';
import { describeOptimizer } from '../../engine/optim/optimizer.js';
import { RunStore } from '../../engine/store/run-store.js';
import { saveVersion } from '../../engine/store/version-store.js';
import { releaseDataset, type LoadedDataset } from '../../engine/data/csv-dataset.js';
import { engineErrorCodes, type EngineError } from '../../engine/errors.js';
import { trainStudent, teacherSoftTargetsOf, type Teacher } from '../../engine/distill/bayesian-distillation.js';
import { priorStrength } from '../../engine/distill/gaussian-prior.js';
import { encodePosterior, posteriorFileName } from '../../engine/distill/posterior-file.js';
import { choosePosteriorScale, studentCalibration } from '../../engine/distill/student-predictive.js';
import { sha256 } from '../../engine/store/version-store.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';

const usage = `usage: phg distill FILE [options]

Distils the student of a distill block from its teacher's newest trained version (train the
teacher first: phg train FILE --model TEACHER) and saves the student as a version in
.phg/versions/<n>/, with its Laplace posterior for predictive confidence (phg run reports its
accuracy and ECE).

options:
  --model S                    the distill block of student S (default: the file's first)
  --format NAME                numeric format of the student (posit16, posit<16>, bposit32, float32, ...)
  --accumulate quire|rounded   exact sums rounded once, or rounding at every add
  --epochs N  --batch B  --seed S
  --key FILE|-                 sign the saved version with this private key ('-': a PEM key on
                               stdin); default: $PHG_SIGNING_KEY, else the config dir's default.key
  --json                       stream JSON Lines events (start, step, epoch, done, error)

exit status: 0 distilled, 1 the model, the teacher or a numeric fault stopped it, 2 usage or I/O error
`;

/** The `phg distill` command. */
export const distillCommand: CliCommand = { name: 'distill', summary: 'distil a student from its teacher (Bayesian distillation) and save it as a version', usage, run: runDistill };

async function runDistill(args: readonly string[], io: CliIO): Promise<number> {
    try {
        return await distillFromArgs(args, io);
    } catch (error) {
        // A store write that fails (disk full, permissions) is the user's environment, not a bug.
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code !== 'string' || !code.startsWith('E')) throw error;
        const message = `cannot write the run or version store: ${(error as Error).message}`;
        if (args.includes('--json')) io.stdout(`${JSON.stringify(errorEvent({ code: engineErrorCodes.storeWrite, message }))}\n`);
        else io.stderr(`phg distill: ${engineErrorCodes.storeWrite} ${message}\n`);
        return ExitCode.failed;
    }
}

async function distillFromArgs(args: readonly string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const emit = (event: TrainEvent): void => { if (json) io.stdout(`${JSON.stringify(event)}\n`); };
    const say = (text: string): void => { if (!json) io.stdout(text); };
    const fail = (error: EngineError, exit: number): number => {
        if (json) emit(errorEvent(error));
        else io.stderr(`phg distill: ${error.code} ${error.message}\n`);
        return exit;
    };
    const flags = parseTrainFlags(args);
    if ('error' in flags) {
        const exit = fail(flags.error, ExitCode.usage);
        if (!json) io.stderr(usage);
        return exit;
    }
    if (flags.resume !== undefined || flags.gradient !== undefined) return fail({ code: engineErrorCodes.badFlag, message: `${flags.resume !== undefined ? '--resume' : '--gradient'} is not an option of phg distill (a student trains with backprop, in one go)` }, ExitCode.usage);
    // A key named on the command line is read before distilling, as phg train does.
    let signingKey: SigningKey | undefined;
    if (flags.key !== undefined) {
        const key = await readSigningKeyOption(flags.key, io, process.env);
        if (!key.ok) return fail({ code: engineErrorCodes.badFlag, message: `--key: ${key.message}` }, ExitCode.usage);
        signingKey = key.key;
    }
    const loaded = await loadStudentModel(flags.file, io.cwd, { ...(flags.model !== undefined ? { model: flags.model } : {}), ...(flags.format !== undefined ? { format: flags.format } : {}), ...(flags.accumulate !== undefined ? { accumulate: flags.accumulate } : {}) });
    if (!loaded.ok) return fail(loaded.error, loaded.error.code === engineErrorCodes.badFlag ? ExitCode.usage : ExitCode.failed);
    const student = loaded.value;
    const plan = student.plan;
    const distill = plan.settings;
    const teacherVersion = await loadTeacherVersion(flags.file, io.cwd, plan.teacher.name, process.env);
    if (!teacherVersion.ok) return fail(teacherVersion.error, ExitCode.failed);
    const settings: TrainSettings = {
        ...student.lowered.settings,
        ...(flags.batch !== undefined ? { batch: flags.batch } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {})
    };
    const allocator = new TrackedAllocator();
    let fisher: TeacherFisher | undefined;
    if (distill.prior !== undefined) {
        say(`teacher ${plan.teacher.name} (${relative(io.cwd, teacherVersion.value.directory)}): Fisher information over its training data…\n`);
        // The sample is drawn with the teacher's seed, so every student of this teacher shares one Fisher.
        const computed = teacherFisher(teacherVersion.value, io.cwd, distill.prior.sample, teacherVersion.value.model.lowered.settings.seed, new TrackedAllocator());
        if (!computed.ok) return fail(computed.error, ExitCode.failed);
        fisher = computed.value;
    }
    const train = loadData(student.program, student.lowered.train, allocator, true);
    if (!train.ok) return fail(train.error, ExitCode.failed);
    const validate = student.lowered.validate !== undefined ? loadData(student.program, student.lowered.validate, allocator, true) : undefined;
    if (validate !== undefined && !validate.ok) return fail(validate.error, ExitCode.failed);
    const teacherProgram = teacherVersion.value.model.program;
    // The teacher reads the same rows in its own input formats.
    const trainForTeacher = loadData(teacherProgram, student.lowered.train, allocator, false);
    if (!trainForTeacher.ok) return fail(trainForTeacher.error, ExitCode.failed);
    const scoredBy: LoadedDataset = validate?.ok === true ? validate.value : train.value;
    const scoredForTeacher = loadData(teacherProgram, student.lowered.validate ?? student.lowered.train, allocator, true);
    const datasets: LoadedDataset[] = [train.value, trainForTeacher.value, ...(validate?.ok === true ? [validate.value] : []), ...(scoredForTeacher.ok ? [scoredForTeacher.value] : [])];
    try {
        const teacher: Teacher = { program: teacherProgram, weights: teacherVersion.value.weights, ...(fisher !== undefined ? { fisher: fisher.fisher } : {}) };
        const teacherScore = scoredForTeacher.ok ? teacherSoftTargetsOf(teacher, scoredForTeacher.value, 1, settings.batch, new TrackedAllocator()) : undefined;
        const teacherAccuracy = teacherScore?.ok === true ? teacherScore.value.teacherAccuracy ?? -1 : -1;
        const graph = student.lowered.graph;
        const format = student.program.formatOf(student.program.params[0] ?? graph.nodes[0]!)?.name ?? '?';
        const store = RunStore.create(io.cwd, { file: relative(io.cwd, student.file), model: graph.model, format, accumulate: student.program.accumulate, structureHash: student.structureHash, settings, distill: { teacher: plan.teacher.name, teacherVersion: teacherVersion.value.version } });
        const stepsPerEpoch = Math.ceil(train.value.rows / settings.batch);
        const priorParams = plan.params.filter((param) => param.source === 'prior').map((param) => param.name);
        const softLabelOnlyParams = plan.params.filter((param) => param.source !== 'prior').map((param) => param.name);
        let strength: ReturnType<typeof priorStrength> | undefined;
        const records: unknown[] = [];
        const versionFolder = relative(io.cwd, teacherVersion.value.directory) || teacherVersion.value.directory;
        let stop: 'SIGINT' | 'SIGTERM' | undefined;
        const onSigint = (): void => { stop = 'SIGINT'; };
        const onSigterm = (): void => { stop = 'SIGTERM'; };
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigterm);
        const result = await trainStudent({
            teacher, program: student.program, settings, train: train.value, trainForTeacher: trainForTeacher.value, ...(validate?.ok === true ? { validate: validate.value } : {}),
            recipe: {
                alpha: distill.alpha, temperature: distill.temperature, startFromTeacher: distill.prior !== undefined,
                ...(distill.prior !== undefined ? { prior: { scale: distill.prior.scale, damping: distill.prior.damping } } : {}),
                posterior: { damping: distill.prior?.damping ?? 1 }
            },
            allocator,
            stopRequested: () => stop,
            stepEventEvery: Math.max(1, Math.floor(stepsPerEpoch / 10)),
            observer: {
                step: (e) => emit({ type: 'step', epoch: e.epoch, step: e.step, stepsPerEpoch: e.stepsPerEpoch, loss: finite(e.loss), memory: memoryEvent(e.memory) }),
                epoch: (r) => {
                    const distillInfo = { dataLoss: finite(r.dataLoss), softLoss: finite(r.softLoss), priorPenalty: finite(r.priorPenalty), teacherAccuracy: finite(teacherAccuracy) };
                    records.push({ ...r, memory: memoryEvent(r.memory), distill: distillInfo });
                    store.writeMetrics(records);
                    emit({ type: 'epoch', epoch: r.epoch, epochs: r.epochs, loss: finite(r.loss), accuracy: finite(r.accuracy), trainAccuracy: finite(r.trainAccuracy), ms: Math.round(r.ms), cpuMs: Math.round(r.cpuMs), memory: memoryEvent(r.memory), distill: distillInfo });
                    if (r.epoch % Math.max(1, Math.ceil(r.epochs / 10)) === 0 || r.epoch === r.epochs) say(`  epoch ${r.epoch}/${r.epochs}  loss ${r.loss.toFixed(4)} (labels ${r.dataLoss.toFixed(4)}${distill.alpha > 0 ? `, soft labels ${r.softLoss.toFixed(4)}` : ''}${distill.prior !== undefined ? `, prior ${r.priorPenalty.toFixed(4)}` : ''})  accuracy ${(100 * r.accuracy).toFixed(2)}%\n`);
                }
            },
            onReady: (ready) => {
                strength = ready.priors.some((prior) => prior !== undefined) ? priorStrength(ready.priors) : undefined;
                emit({
                    type: 'start', runId: store.id, file: relative(io.cwd, student.file), model: graph.model, format, accumulate: student.program.accumulate,
                    gradient: { mode: 'backprop', tangents: 1 }, optimizer: describeOptimizer(settings.optimizer), epochs: settings.epochs, batch: settings.batch, seed: settings.seed,
                    stepsPerEpoch, trainSamples: train.value.rows, validateSamples: validate?.ok === true ? validate.value.rows : 0, structureHash: student.structureHash, firstEpoch: 1,
                    distill: {
                        teacher: plan.teacher.name, teacherVersion: versionFolder, teacherWeightsDigest: `sha256:${teacherVersion.value.weightsSha256}`,
                        ...(teacherVersion.value.runId !== undefined ? { teacherRunId: teacherVersion.value.runId } : {}),
                        teacherAccuracy: finite(teacherAccuracy), temperature: distill.temperature, alpha: distill.alpha, priorParams, softLabelOnlyParams,
                        ...(distill.prior !== undefined && fisher !== undefined && strength !== undefined ? { prior: { scale: distill.prior.scale, damping: distill.prior.damping, medianSigma: strength.medianSigma, meanSigma: strength.meanSigma, fisherRows: fisher.fisher.samples, fisherReused: fisher.reused } } : {})
                    }
                });
                say(`distilling ${graph.model} from ${plan.teacher.name} (${versionFolder}, ${format}, ${student.program.accumulate}, T ${distill.temperature}, α ${distill.alpha}, ${describeOptimizer(settings.optimizer)}) — run ${store.id}\n` +
                    (strength !== undefined && distill.prior !== undefined && fisher !== undefined ? `  prior: ${priorParams.join(', ')} ~ N(teacher, σ²), median σ ${strength.medianSigma.toPrecision(3)} (scale ${distill.prior.scale}, λ ${distill.prior.damping}; Fisher over ${fisher.fisher.samples} rows${fisher.reused ? ', reused' : `, ${(fisher.ms / 1000).toFixed(1)} s`})\n` : '  no prior: plain knowledge distillation\n') +
                    (softLabelOnlyParams.length > 0 ? `  soft labels only: ${softLabelOnlyParams.join(', ')}\n` : ''));
            }
        }).finally(() => {
            process.off('SIGINT', onSigint);
            process.off('SIGTERM', onSigterm);
        });
        if (!result.ok) return fail(result.error, ExitCode.failed);
        const outcome = result.value.outcome;
        if (outcome.kind === 'failed') return fail(outcome.error, ExitCode.failed);
        try {
            if (outcome.kind === 'interrupted') {
                if (json) emit({ type: 'done', accuracy: finite(outcome.history[outcome.history.length - 1]?.accuracy ?? NaN), epochs: outcome.history.length, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version: '', weightsDigest: '', runId: store.id, interrupted: outcome.signal });
                else io.stdout(`\nstopped by ${outcome.signal}: no version saved (a distillation does not resume; run it again)\n`);
                return ExitCode.ok;
            }
            const posterior = result.value.posterior!;
            const weights = new Map<string, NumberPatternArray>(outcome.executor.params.map((tensor, p) => [student.program.params[p]!.name, tensor.data]));
            const predictive = { posterior, samples: distill.posterior.samples, seed: settings.seed, batch: settings.batch };
            // τ: the block's, or the one with the lowest NLL on the validation rows (none: the softmax at the weights).
            let scale = distill.posterior.scale ?? 0;
            if (distill.posterior.scale === undefined && validate?.ok === true) {
                const chosen = choosePosteriorScale(student.program, weights, validate.value, predictive, new TrackedAllocator());
                if (!chosen.ok) return fail(chosen.error, ExitCode.failed);
                scale = chosen.value.scale;
            }
            const scored = studentCalibration(student.program, weights, scoredBy, [scale], predictive, new TrackedAllocator());
            if (!scored.ok) return fail(scored.error, ExitCode.failed);
            const calibration = scored.value[0]!;
            const posteriorBytes = encodePosterior(posterior, { scale, samples: distill.posterior.samples, seed: settings.seed });
            const saved = saveVersion(io.cwd, {
                model: graph.model,
                structureHash: student.structureHash,
                weights: outcome.executor.params.map((t, i) => ({ name: student.program.params[i]!.name, format: t.format, shape: t.shape, data: t.data })),
                training: {
                    run: store.id, format, accumulate: student.program.accumulate, gradient: 'backprop', optimizer: describeOptimizer(settings.optimizer), epochs: settings.epochs, batch: settings.batch, seed: settings.seed, trainSamples: train.value.rows,
                    distill: {
                        teacher: { model: plan.teacher.name, version: teacherVersion.value.version, weightsSha256: teacherVersion.value.weightsSha256, recordSha256: teacherVersion.value.recordSha256, recordSigned: teacherVersion.value.recordSigned, structureHash: teacherVersion.value.model.structureHash.replace(/^sha256:/, '') },
                        temperature: distill.temperature, alpha: distill.alpha, priorParams, softLabelOnlyParams,
                        prior: distill.prior !== undefined && fisher !== undefined ? { kind: 'gaussian', scale: distill.prior.scale, damping: distill.prior.damping, fisher: { file: `${versionFolder}/fisher.bin`, sha256: fisher.sha256, rows: fisher.fisher.samples, data: fisher.data, dataSha256: fisher.dataSha256 } } : null
                    },
                    posterior: { file: posteriorFileName, sha256: sha256(posteriorBytes), kind: 'laplace', scale, samples: distill.posterior.samples, scaleChosenOn: distill.posterior.scale !== undefined ? 'block' : validate?.ok === true ? 'validation' : 'none' }
                },
                metrics: { accuracy: calibration.accuracy, ece: calibration.ece, nll: finite(calibration.nll), scoredOn: scoredBy.name, teacherAccuracy: finite(teacherAccuracy), loss: finite(outcome.history[outcome.history.length - 1]?.loss ?? NaN), trainingPeakBytes: outcome.memory.peak },
                files: [{ name: posteriorFileName, bytes: posteriorBytes }]
            });
            const version = relative(io.cwd, saved.directory) || saved.directory;
            const signature = signVersionAfterTraining(io.cwd, saved.version, process.env, signingKey);
            const signatureMessage = signature.status === 'signed' ? `signed version ${saved.version}` : signature.status === 'no-key' ? `version ${saved.version} is unsigned: no signing key at ${signature.keyFile} (phg keys generate creates one)` : `version ${saved.version} is unsigned: signing failed: ${signature.message}`;
            emit({ type: 'done', accuracy: calibration.accuracy, epochs: settings.epochs, ms: Math.round(outcome.ms), memory: memoryEvent(outcome.memory), version, weightsDigest: saved.weightsDigest, runId: store.id, signature: signature.status, signatureMessage, ece: calibration.ece, posteriorScale: scale });
            say(`\n${graph.model}: ${scoredBy === train.value ? 'training' : 'validation'} accuracy ${(100 * calibration.accuracy).toFixed(2)}%, ECE ${(100 * calibration.ece).toFixed(2)}% (${scale > 0 ? `Laplace posterior, τ ${scale}` : 'softmax at the trained weights'}); teacher ${teacherAccuracy >= 0 ? `${(100 * teacherAccuracy).toFixed(2)}%` : 'unscored'}\n` +
                `  ${(outcome.ms / 1000).toFixed(2)} s for ${settings.epochs} epochs, training peak ${formatBytes(outcome.memory.peak)}\n` +
                `saved ${version} (weights ${saved.weightsDigest.slice(0, 19)}…, teacher ${plan.teacher.name} v${teacherVersion.value.version})\n${signatureMessage}\n`);
            return ExitCode.ok;
        } finally {
            outcome.executor.dispose();
        }
    } finally {
        for (const dataset of datasets) releaseDataset(dataset, allocator);
    }
}

// JSON has no NaN or Infinity: report them as the −1 sentinel `phg train` uses.
function finite(value: number): number {
    return Number.isFinite(value) ? value : -1;
}
