// What `phg train` and `phg run` share: check a .phg file the way the editor does, pick the
// `train` block of a model, lower it to the IR (with the format flag applied), compile it for the
// engine, and load its data. Every failure is an engine error value with a code, never a throw.
import { resolve } from 'node:path';
import { analyzeDocument } from '../language/index.js';
import type { DocumentAnalysis, TrainingAnalysis } from '../language/index.js';
import { lowerTraining, type LoweredTraining, type LoweringProblem } from '../language/lowering/index.js';
import { parseFormat } from '../engine/numeric/index.js';
import { structureHash } from '../engine/ir/canonical.js';
import { Program } from '../engine/exec/program.js';
import type { AccumulateMode } from '../engine/kernels/accumulation.js';
import type { TrackedAllocator } from '../engine/memory/allocator.js';
import { loadCsvDataset, type DataSpec, type LoadedDataset } from '../engine/data/csv-dataset.js';
import { checkBinding } from '../engine/data/batches.js';
import { engineErrorCodes, failure, success, type EngineError, type Result } from '../engine/errors.js';
import { checkPhgFiles } from './workspace.js';
import { formatOverride, withoutErrors } from './model-checks.js';

/** A train block, lowered and compiled. */
export interface LoadedTrainingModel {
    readonly file: string;
    readonly analysis: DocumentAnalysis;
    readonly training: TrainingAnalysis;
    readonly lowered: LoweredTraining;
    readonly program: Program;
    readonly structureHash: string;
}

/** Overrides from flags that change the lowering or the compilation. */
export interface ModelOverrides {
    readonly model?: string;
    /** A format spelling (`posit16`, `posit<16>`, `float32`). */
    readonly format?: string;
    readonly accumulate?: AccumulateMode;
}

/** Checks, lowers and compiles the train block of `overrides.model` (or the file's first one). */
export async function loadTrainingModel(path: string, cwd: string, overrides: ModelOverrides): Promise<Result<LoadedTrainingModel>> {
    const file = resolve(cwd, path);
    const workspace = await checkPhgFiles([file]);
    if (workspace.errors.length > 0 || workspace.documents.length === 0) {
        return failure(engineErrorCodes.badModel, `cannot read ${path}: ${workspace.errors[0]?.message ?? 'no document'}`, { location: { file: path } });
    }
    const document = workspace.documents[0]!;
    const checked = withoutErrors(document, cwd, path);
    if (!checked.ok) return checked;
    const analysis = analyzeDocument(document, workspace.services);
    const trainings = analysis.trainings.filter((t) => t.node.$type === 'TrainDecl');
    const training = overrides.model !== undefined ? trainings.find((t) => t.model?.name === overrides.model) : trainings[0];
    if (training === undefined) {
        const available = trainings.map((t) => t.model?.name).filter((name) => name !== undefined).join(', ');
        const what = overrides.model !== undefined ? `no train block for model '${overrides.model}'` : 'no train block';
        return failure(engineErrorCodes.badModel, `${path}: ${what}${available !== '' ? ` (trained models: ${available})` : ''}`, { location: { file: path } });
    }
    const formatFlag = formatOverride(overrides.format);
    if (!formatFlag.ok) return formatFlag;
    const format = formatFlag.value;
    const lowered = lowerTraining(analysis, training, file, (name) => parseFormat(name)?.bytes, format !== undefined ? { format } : {});
    if (!('graph' in lowered) || lowered.problems.length > 0) return { ok: false, error: loweringError(path, lowered.problems) };
    const accumulate = overrides.accumulate ?? lowered.accumulate;
    const program = Program.compile(lowered.graph, accumulate);
    if (!(program instanceof Program)) {
        return failure(engineErrorCodes.notExecutable, `${path}: model ${lowered.graph.model} cannot run: ${program.problems.map((p) => p.message).join('; ')}`, { location: { file: path } });
    }
    return success({ file, analysis, training, lowered: { ...lowered, accumulate }, program, structureHash: structureHash(lowered.graph) });
}

/** Loads a csv data set in the formats of the program's inputs, checking it feeds the model. */
export function loadData(program: Program, spec: DataSpec, allocator: TrackedAllocator, withTargets: boolean): Result<LoadedDataset> {
    const formatOf = (column: string): ReturnType<Program['formatOf']> => {
        const node = program.nodes.get(column);
        return node !== undefined && (node.role === 'input' || node.role === 'target') ? program.formatOf(node) : undefined;
    };
    const loaded = loadCsvDataset(spec, formatOf, allocator);
    if (!loaded.ok) return loaded;
    const bound = checkBinding(program, loaded.value, withTargets);
    return bound.ok ? loaded : bound;
}

function loweringError(path: string, problems: readonly LoweringProblem[]): EngineError {
    const first = problems[0];
    const range = first?.node.$cstNode?.range;
    return {
        code: engineErrorCodes.notExecutable,
        message: `${path}${range !== undefined ? `:${range.start.line + 1}:${range.start.character + 1}` : ''}: ${first?.message ?? 'cannot lower the model'}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
        location: { file: path, ...(range !== undefined ? { line: range.start.line + 1, column: range.start.character + 1 } : {}) }
    };
}
