// A .phg source's model as certificates and serving see it: checked by the language (every
// diagnostic, grouped into the certificate's check families), lowered to the PHG IR exactly as
// `phg train` lowers it (the train block's format and loss, so structure hashes agree), with its
// deploy blocks and its validation set (the canary's held-out rows).
import { readFileSync } from 'node:fs';
import type { CertificateCheck } from '../../engine/attest/certificate.js';
import type { DataSpec } from '../../engine/data/csv-dataset.js';
import type { IrGraph } from '../../engine/ir/types.js';
import type { AccumulateMode } from '../../engine/kernels/accumulation.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { currentModelOf } from '../../engine/verify/current-model.js';
import type { CurrentModel } from '../../engine/verify/verify-certificate.js';
import { analyzeDocument, ast } from '../../language/index.js';
import { lowerModel, lowerTraining } from '../../language/lowering/index.js';
import { toCheckDiagnostics, type CheckDiagnostic } from '../check-report.js';
import { checkPhgFiles } from '../workspace.js';
import { readDeploySettings, type DeploySettings } from './deploy-settings.js';

/** A checked and lowered model of a source file. */
export interface SourceModel {
    readonly file: string;
    readonly sourceBytes: Buffer;
    readonly model: string;
    readonly graph: IrGraph;
    readonly accumulate: AccumulateMode;
    /** The language's check families, passed or not. */
    readonly checks: readonly CertificateCheck[];
    /** Every error diagnostic of the file (certify refuses while there are any). */
    readonly errors: readonly CheckDiagnostic[];
    readonly deploys: readonly DeploySettings[];
    /** The train block's `validate on` set, if any. */
    readonly validate?: DataSpec;
    /** Batch size of the train block. */
    readonly batch: number;
}

/** Check families of the certificate, by diagnostic code prefix. */
const checkFamilies: readonly { readonly name: string; readonly prefix: string }[] = [
    { name: 'dimensions', prefix: 'PHG1' }, { name: 'shapes', prefix: 'PHG2' }, { name: 'grades', prefix: 'PHG3' }, { name: 'ranges', prefix: 'PHG4' }
];

/** What selects the model in a file. */
export interface SourceModelSelection {
    /** A model name; default: the only model, or the model of the only deploy/train block. */
    readonly model?: string;
    /** A canonical format overriding the train block's (as `phg train --format`). */
    readonly format?: string;
}

/** Why a source model could not be loaded: a message, and whether the model's own errors are the cause. */
export interface SourceModelFailure {
    readonly ok: false;
    readonly message: string;
    /** True when the file has errors (exit 1 territory), false for usage or I/O problems. */
    readonly modelErrors: boolean;
}

/** Checks and lowers the selected model of `file`; problems a user can fix are messages. */
export async function loadSourceModel(file: string, selection: SourceModelSelection = {}): Promise<{ readonly ok: true; readonly source: SourceModel } | SourceModelFailure> {
    let sourceBytes: Buffer;
    try {
        sourceBytes = readFileSync(file);
    } catch {
        return { ok: false, message: `cannot read ${file}`, modelErrors: false };
    }
    const workspace = await checkPhgFiles([file]);
    const document = workspace.documents[0];
    if (!document) return { ok: false, message: `cannot read ${file}`, modelErrors: false };
    const diagnostics = toCheckDiagnostics(document, process.cwd());
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const analysis = analyzeDocument(document, workspace.services);
    const root = analysis.root;
    const deployDecls = root.declarations.filter(ast.isDeployDecl);
    const names = analysis.models.map((entry) => entry.model.name);
    const chosen = selection.model ?? (names.length === 1 ? names[0] : deployDecls.length === 1 ? deployDecls[0]?.model.$refText : undefined);
    if (!chosen) return { ok: false, message: names.length === 0 ? `${file} declares no model` : `${file} declares several models (${names.join(', ')}); choose one with --model`, modelErrors: false };
    const modelAnalysis = analysis.models.find((entry) => entry.model.name === chosen);
    if (!modelAnalysis) return { ok: false, message: `${file} has no model named ${chosen} (it has ${names.join(', ') || 'none'})`, modelErrors: false };
    const formatBytes = (name: string): number | undefined => parseFormat(name)?.bytes;
    const training = modelAnalysis.trainings.find((entry) => ast.isTrainDecl(entry.node));
    let graph: IrGraph;
    let accumulate: AccumulateMode = 'quire';
    let validate: DataSpec | undefined;
    let batch = 32;
    if (training) {
        const lowered = lowerTraining(analysis, training, file, formatBytes, selection.format ? { format: selection.format } : {});
        if (!('graph' in lowered) || lowered.problems.length > 0) {
            return loweringFailure(chosen, lowered.problems, errors);
        }
        graph = lowered.graph;
        accumulate = lowered.accumulate;
        validate = lowered.validate;
        batch = lowered.settings.batch;
    } else {
        const lowered = lowerModel({ analysis, model: modelAnalysis, format: selection.format ?? 'float32', formatBytes });
        if (lowered.problems.length > 0) return loweringFailure(chosen, lowered.problems, errors);
        graph = lowered.graph;
    }
    const checks = checkFamilies.map((family) => {
        const found = diagnostics.filter((diagnostic) => diagnostic.code?.startsWith(family.prefix));
        return { name: family.name, passed: !found.some((diagnostic) => diagnostic.severity === 'error'), problems: found.length };
    });
    return {
        ok: true,
        source: {
            file, sourceBytes, model: chosen, graph, accumulate, checks, errors, batch,
            deploys: deployDecls.map((deploy) => readDeploySettings(deploy, analysis)),
            ...(validate ? { validate } : {})
        }
    };
}

/** A model that cannot be lowered: its checker errors say why (lowering's own messages name IR nodes). */
function loweringFailure(model: string, problems: readonly { readonly message: string }[], errors: readonly CheckDiagnostic[]): SourceModelFailure {
    if (errors.length === 0) return { ok: false, message: `${model} cannot be lowered: ${problems.map((problem) => problem.message).join('; ')}`, modelErrors: true };
    const listed = errors.map((error) => `\n  ${error.file}:${error.range.start.line + 1}:${error.range.start.character + 1} ${error.code ?? ''} ${error.message}`).join('');
    return { ok: false, message: `${model} has ${errors.length} error${errors.length === 1 ? '' : 's'} (phg check shows them in full):${listed}`, modelErrors: true };
}

/** The current model of a source, for staleness checks. */
export async function currentModelFromSource(file: string, model: string): Promise<{ readonly ok: true; readonly model: CurrentModel } | { readonly ok: false; readonly message: string }> {
    const loaded = await loadSourceModel(file, { model });
    if (!loaded.ok) return { ok: false, message: `cannot compare with the source: ${loaded.message}` };
    return { ok: true, model: currentModelOf(loaded.source.graph) };
}
