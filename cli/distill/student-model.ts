// What `phg distill` and `phg run` need of a distill block: the file checked the way the editor
// checks it, the block of `overrides.model` (a student's name) or the file's first, lowered for the
// engine (its format flag applied) and compiled — the same shape `phg train` loads a train block in.
import { resolve } from 'node:path';
import { analyzeDocument, distillationPlans, lowerDistillation, type DistillationPlan } from '../../language/index.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { structureHash } from '../../engine/ir/canonical.js';
import { Program } from '../../engine/exec/program.js';
import { engineErrorCodes, failure, success, type Result } from '../../engine/errors.js';
import { checkPhgFiles } from '../workspace.js';
import type { LoadedTrainingModel, ModelOverrides } from '../train-model-loader.js';
import { formatOverride, withoutErrors } from '../model-checks.js';

/** A distill block's student, lowered and compiled, with the block's plan. */
export interface LoadedStudentModel extends LoadedTrainingModel {
    readonly plan: DistillationPlan;
}

/** Whether a file has a distill block for `model` (or any, without a name): `phg run` asks before loading one. */
export async function hasDistillBlock(path: string, cwd: string, model: string | undefined): Promise<boolean> {
    const workspace = await checkPhgFiles([resolve(cwd, path)]);
    const document = workspace.documents[0];
    if (document === undefined) return false;
    return distillationPlans(analyzeDocument(document, workspace.services)).some((plan) => model === undefined || plan.student.name === model);
}

/** Checks, lowers and compiles the distill block of `overrides.model` (or the file's first). */
export async function loadStudentModel(path: string, cwd: string, overrides: ModelOverrides): Promise<Result<LoadedStudentModel>> {
    const file = resolve(cwd, path);
    const workspace = await checkPhgFiles([file]);
    const document = workspace.documents[0];
    if (workspace.errors.length > 0 || document === undefined) {
        return failure(engineErrorCodes.badModel, `cannot read ${path}: ${workspace.errors[0]?.message ?? 'no document'}`, { location: { file: path } });
    }
    const checked = withoutErrors(document, cwd, path);
    if (!checked.ok) return checked;
    const analysis = analyzeDocument(document, workspace.services);
    const plans = distillationPlans(analysis);
    const plan = overrides.model !== undefined ? plans.find((candidate) => candidate.student.name === overrides.model) : plans[0];
    if (plan === undefined) {
        const available = plans.map((candidate) => candidate.student.name).join(', ');
        const what = overrides.model !== undefined ? `no distill block for student '${overrides.model}'` : 'no distill block';
        return failure(engineErrorCodes.badModel, `${path}: ${what}${available !== '' ? ` (distilled students: ${available})` : ''}`, { location: { file: path } });
    }
    const training = analysis.trainings.find((candidate) => candidate.node === plan.node)!;
    const formatFlag = formatOverride(overrides.format);
    if (!formatFlag.ok) return formatFlag;
    const format = formatFlag.value;
    const lowered = lowerDistillation(analysis, plan, file, (name) => parseFormat(name)?.bytes, format !== undefined ? { format } : {});
    if (!('student' in lowered)) {
        const first = lowered.problems[0];
        const range = first?.node.$cstNode?.range;
        return failure(engineErrorCodes.notExecutable, `${path}${range !== undefined ? `:${range.start.line + 1}:${range.start.character + 1}` : ''}: ${first?.message ?? 'cannot lower the student'}`, { location: { file: path, ...(range !== undefined ? { line: range.start.line + 1, column: range.start.character + 1 } : {}) } });
    }
    const accumulate = overrides.accumulate ?? lowered.student.accumulate;
    const program = Program.compile(lowered.student.graph, accumulate);
    if (!(program instanceof Program)) {
        return failure(engineErrorCodes.notExecutable, `${path}: student ${plan.student.name} cannot run: ${program.problems.map((p) => p.message).join('; ')}`, { location: { file: path } });
    }
    return success({ file, analysis, training, lowered: { ...lowered.student, accumulate }, program, structureHash: structureHash(lowered.student.graph), plan });
}
