// `phg plan FILE [--json]`: the design-time memory plan of every train and distill block (and every
// model no block trains) — peak bytes and bytes by lifetime class of inference, backprop and
// forward(K), or of the student's distillation, predicted from the lowered IR (nothing runs). The class names and byte counts are those
// `phg train --json` and `phg run --json` measure; docs/memory.md is the policy both follow.
import { resolve } from 'node:path';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../command.js';
import type { CliIO } from '../io.js';
import { displayPath, formatHumanDiagnostic, toCheckDiagnostics } from '../check-report.js';
import { checkPhgFiles } from '../workspace.js';
import { spikingPlanTable } from '../spiking/spiking-plan-table.js';
import { analyzeDocument, analyzeRepresentation, ast, formatByteSize, memoryPlanJson, modelPlanJson, peakClasses, type DesignSubject, type ModelPlanJson, type PlannedPeakJson } from '../../language/index.js';

const usage = `usage: phg plan FILE [--json]

Prints the memory plan of each train block of FILE: peak bytes and bytes by lifetime class
(param, state, activation, tape, tangent, gradient, quire) of an inference step at the block's
batch, a backprop step and a forward-gradient step, predicted from the model (nothing runs).
A distill block gets the student's inference and the peak phg distill reports (its "backprop"
in --json: the student's steps with their soft labels, or the teacher's soft-label pass).
A model no train block trains is planned for inference in float32 at batch 32.

options:
  --json   print {"models":[{"model","batch","format","inference":{"peak","byClass"},
           "backprop":{…},"forward":{"tangents",…}}]} (and "unplanned" when a model cannot be planned)

exit status: 0 planned within every budget, 1 errors in the file or a block over its budget
(PHG4101/PHG4102), 2 usage or I/O error; a model the engine cannot run yet is listed with the
reason ("unplanned" in --json) and does not fail
`;

/** The `phg plan` command. */
export const planCommand: CliCommand = { name: 'plan', summary: 'print the memory plan of a model file', usage, run: runPlan };

async function runPlan(args: readonly string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const unknown = args.find((arg) => arg.startsWith('-') && arg !== '--json');
    const files = args.filter((arg) => !arg.startsWith('-'));
    if (unknown !== undefined || files.length !== 1) {
        io.stderr(unknown !== undefined ? `phg plan: unknown option '${unknown}'\n` : `phg plan: ${files.length === 0 ? 'no .phg file given' : `one .phg file expected, got ${files.length}`}\n`);
        io.stderr(usage);
        return ExitCode.usage;
    }
    const file = resolve(io.cwd, files[0]!);
    const workspace = await checkPhgFiles([file]);
    const document = workspace.documents[0];
    if (document === undefined) {
        const reason = workspace.errors[0]?.message ?? workspace.failures[0]?.message ?? 'cannot be checked';
        io.stderr(`phg plan: cannot read '${displayPath(file, io.cwd)}': ${reason}\n`);
        return ExitCode.usage;
    }
    const representation = analyzeRepresentation(document, workspace.services);
    const subjects = representation.subjects;
    const overBudget = representation.diagnostics.filter((d) => d.code === 'PHG4101' || d.code === 'PHG4102');
    // Errors in the file leave models unchecked (and unplanned): the file is wrong. A model the engine
    // cannot run yet (a distill block, spiking layers) is listed with the reason; that is not an error.
    const fileErrors = toCheckDiagnostics(document, io.cwd).filter((d) => d.severity === 'error' && d.code !== 'PHG4101' && d.code !== 'PHG4102');
    if (json) {
        io.stdout(`${JSON.stringify(memoryPlanJson(subjects))}\n`);
    } else {
        const text = document.textDocument.getText();
        for (const error of fileErrors) io.stdout(formatHumanDiagnostic(error, () => text));
        if (subjects.length === 0) io.stdout(`${displayPath(file, io.cwd)}: no model to plan${fileErrors.length > 0 ? ' (the errors above leave none checked)' : ''}\n`);
        const analysis = analyzeDocument(document, workspace.services);
        for (const subject of subjects) io.stdout(spikingPlanTable(analysis, subject.model.model, subject.training) ?? planTable(subject));
        const budgetErrors = toCheckDiagnostics(document, io.cwd).filter((d) => d.code === 'PHG4101' || d.code === 'PHG4102');
        for (const error of budgetErrors) io.stdout(formatHumanDiagnostic(error, () => text));
    }
    return fileErrors.length > 0 || overBudget.length > 0 || subjects.length === 0 ? ExitCode.failed : ExitCode.ok;
}

/** One subject's plan as a table, for people. */
function planTable(subject: DesignSubject): string {
    const entry = modelPlanJson(subject);
    const header = `${subject.title}`;
    if ('reason' in entry) return `${header}: no plan — ${entry.reason}\n\n`;
    const rows: [string, PlannedPeakJson, string][] = [['inference', entry.inference, '']];
    const ratio = (plan: PlannedPeakJson): string => ` (${(plan.peak / entry.inference.peak).toFixed(2)}×)`;
    const distill = isDistillSubject(subject);
    if (entry.backprop !== undefined) rows.push([distill ? 'distill' : 'backprop', entry.backprop, ratio(entry.backprop)]);
    if (entry.forward !== undefined) rows.push([`forward(${entry.forward.tangents})`, entry.forward, ratio(entry.forward)]);
    const columns = ['peak', ...peakClasses];
    const cells = rows.map(([, plan]) => [plan.peak, ...peakClasses.map((c) => plan.byClass[c])].map(String));
    const widths = columns.map((name, i) => Math.max(name.length, ...cells.map((row) => row[i]!.length)));
    const line = (label: string, values: readonly string[], tail: string): string => `  ${label.padEnd(12)} ${values.map((v, i) => v.padStart(widths[i]!)).join('  ')}${tail}`;
    return [
        `${header} — ${settingsText(subject, entry)}; bytes:`,
        line('', columns, ''),
        ...rows.map(([label, plan], i) => line(label, cells[i]!, `   ${formatByteSize(plan.peak)}${rows[i]![2]}`)),
        ...rows.flatMap(([label, plan]) => (plan.accumulation !== undefined ? [accumulationText(label, plan.accumulation)] : [])),
        ...(distill ? [distillText(subject)].filter((text) => text !== '') : []),
        ''
    ].join('\n') + '\n';
}

// The cost of accumulation beside its saving, for people.
function accumulationText(label: string, a: NonNullable<PlannedPeakJson['accumulation']>): string {
    const split = `${a.steps > 1 ? `${a.steps} micro-batches` : 'one batch'}${a.workers > 1 ? ` on ${a.workers} workers` : ''}`;
    return `  ${label}: ${split}, ${a.rowsPerStep} rows per step, ${a.updateRows} per update; accumulators ${formatByteSize(a.accumulatorTotal)} (one quire per ${label === 'backprop' ? 'parameter element' : 'tangent'}${a.workers > 1 ? ' in each worker' : ''}) against ${formatByteSize(a.saving)} saved per thread; one batch of ${a.updateRows} rows: ${formatByteSize(a.oneBatchPeak)}`;
}

/** Whether a subject is a distill block. */
function isDistillSubject(subject: DesignSubject): boolean {
    return subject.training !== undefined && ast.isDistillDecl(subject.training.node);
}

// What a distillation's peak is made of, beyond an ordinary backprop step (docs/memory.md, "Distillation").
function distillText(subject: DesignSubject): string {
    const outcome = subject.plan;
    const node = subject.training?.node;
    if (outcome?.ok !== true || outcome.plan.backprop === undefined || node === undefined || !ast.isDistillDecl(node)) return '';
    const step = outcome.plan.backprop;
    const soft = step.atPeak.filter((buffer) => buffer.role === 'soft-labels').reduce((sum, buffer) => sum + buffer.bytes, 0);
    const teacher = node.teacher?.$refText ?? 'the teacher';
    if (step.moment.phase === 'teacher') return `  distill: the peak is ${teacher}'s soft-label pass over the student's rows (its parameters, scratch and values at batch ${outcome.plan.batch}), before the student trains`;
    return `  distill: the student's backprop step with the soft labels of its batch (${teacher}'s and its own, float64: ${formatByteSize(soft)})`;
}

function settingsText(subject: DesignSubject, entry: ModelPlanJson): string {
    const node = subject.training?.node;
    const mode = subject.gradient.mode === 'backprop' ? 'backprop' : `forward(${subject.gradient.tangents})`;
    const trains = subject.training === undefined ? 'no train block (defaults)' : node !== undefined && ast.isDistillDecl(node) ? `distils from ${node.teacher?.$refText ?? 'its teacher'} with backprop` : `trains with ${mode}`;
    const settings = subject.training?.settings;
    const budgets = [
        settings?.memoryBudgetBytes !== undefined ? `budget ${formatByteSize(settings.memoryBudgetBytes)}` : undefined,
        settings?.memoryRatio !== undefined ? `ratio ${settings.memoryRatio}` : undefined
    ].filter((part): part is string => part !== undefined);
    return `${entry.format}, batch ${entry.batch}, ${trains}${budgets.length > 0 ? `, ${budgets.join(', ')}` : ''}`;
}
