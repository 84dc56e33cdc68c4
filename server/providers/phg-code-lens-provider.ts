// Code lenses: on every model its memory plan — `inference 29.6 KiB · training 34.3 KiB (1.16×,
// forward) · backprop 44.3 KiB (1.50×)`, from its first train block (or the defaults when none
// trains it) — and on every train block its own plan against its budget, then `▶ Train`. The plan
// lenses open the plan (PHG: Show Memory Plan), `▶ Train` runs PHG: Train Model on the block's model.
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams, Range } from 'vscode-languageserver';
import { analyzeRepresentation, ast, formatByteSize, spikingPlanLensTitle, type DesignSubject, type MemoryPlan } from '../../language/index.js';
import { exceedsLiveAnalysisLimit, liveAnalysis } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';

/** The client commands the lenses run (client/commands/). */
export const lensCommands = { showMemoryPlan: 'phg.showMemoryPlan', trainModel: 'phg.trainModel' } as const;

/** Memory plans and ▶ Train above models and train blocks. */
export class PhgCodeLensProvider implements CodeLensProvider {
    constructor(private readonly services: PhgLspServices) {}

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        if (exceedsLiveAnalysisLimit(document)) return [];
        const representation = analyzeRepresentation(document, this.services);
        const uri = document.uri.toString();
        const lenses: CodeLens[] = [];
        const root = document.parseResult.value;
        if (!ast.isPhgFile(root)) return [];
        // Spiking models are planned by engine/spiking (the IR planner has no spiking layers).
        const analysis = liveAnalysis(document, this.services);
        const spikingTitle = (model: ast.ModelDecl | undefined, training: ast.TrainDecl | undefined): string | undefined =>
            analysis !== undefined && model !== undefined ? spikingPlanLensTitle(analysis, model, analysis.trainings.find((t) => t.node === training)) : undefined;
        for (const declaration of root.declarations) {
            const range = headerRange(declaration);
            if (range === undefined) continue;
            if (ast.isModelDecl(declaration)) {
                const spiking = spikingTitle(declaration, undefined);
                if (spiking !== undefined) {
                    lenses.push(lens(range, spiking, lensCommands.showMemoryPlan, [uri]));
                    continue;
                }
                const subject = representation.subjectOfModel(declaration);
                if (subject !== undefined) lenses.push(lens(range, modelLensTitle(subject), lensCommands.showMemoryPlan, [uri]));
            } else if (ast.isTrainDecl(declaration) || ast.isDistillDecl(declaration)) {
                const spiking = ast.isTrainDecl(declaration) ? spikingTitle(declaration.model?.ref, declaration) : undefined;
                const subject = spiking === undefined ? representation.subjectOfTraining(declaration) : undefined;
                if (spiking !== undefined) lenses.push(lens(range, spiking, lensCommands.showMemoryPlan, [uri]));
                else if (subject !== undefined) lenses.push(lens(range, trainingLensTitle(subject), lensCommands.showMemoryPlan, [uri]));
                const model = ast.isTrainDecl(declaration) ? declaration.model?.ref?.name : undefined;
                if (model !== undefined) lenses.push(lens(range, '▶ Train', lensCommands.trainModel, [{ uri, model }]));
            }
        }
        return lenses;
    }
}

/** `inference 1.2 MiB · training 2.3 MiB (1.9×, forward) · backprop 7.9 MiB (6.6×)`. */
export function modelLensTitle(subject: DesignSubject): string {
    const plan = planOf(subject);
    if (typeof plan === 'string') return `memory plan unavailable: ${plan}`;
    const inference = `inference ${formatByteSize(plan.inference.peak)}`;
    // A distilled model: its distill block's plan (a student trains with backprop only).
    if (subject.training !== undefined && ast.isDistillDecl(subject.training.node) && plan.backprop !== undefined) return `${inference} · distill ${formatByteSize(plan.backprop.peak)} (${(plan.backprop.peak / plan.inference.peak).toFixed(2)}×)`;
    if (plan.backprop === undefined || plan.forward === undefined) return `${inference} (${plan.format}, batch ${plan.batch}; no train block)`;
    const ratio = (peak: number): string => `${(peak / plan.inference.peak).toFixed(2)}×`;
    const forward = plan.forward.tangents === 1 ? 'forward' : `forward(${plan.forward.tangents})`;
    return `${inference} · training ${formatByteSize(plan.forward.peak)} (${ratio(plan.forward.peak)}, ${forward}) · backprop ${formatByteSize(plan.backprop.peak)} (${ratio(plan.backprop.peak)})`;
}

/** The block's own plan against its budget: `backprop 44.3 KiB of 4.0 MiB · 1.50× of 2.0`. */
export function trainingLensTitle(subject: DesignSubject): string {
    const plan = planOf(subject);
    if (typeof plan === 'string') return `memory plan unavailable: ${plan}`;
    const mode = subject.gradient.mode === 'backprop' ? plan.backprop : plan.forward;
    if (mode === undefined) return `inference ${formatByteSize(plan.inference.peak)}`;
    const distill = subject.training !== undefined && ast.isDistillDecl(subject.training.node);
    const name = distill ? 'distill' : subject.gradient.mode === 'backprop' ? 'backprop' : `forward(${subject.gradient.tangents})`;
    const ratio = mode.peak / plan.inference.peak;
    const settings = subject.training?.settings;
    const memory = settings?.memoryBudgetBytes !== undefined
        ? `${formatByteSize(mode.peak)} of ${formatByteSize(settings.memoryBudgetBytes)}${mode.peak > settings.memoryBudgetBytes ? ' ⚠ over budget' : ''}`
        : formatByteSize(mode.peak);
    const ratioText = settings?.memoryRatio !== undefined
        ? `${ratio.toFixed(2)}× of ${settings.memoryRatio}${ratio > settings.memoryRatio ? ' ⚠ over budget' : ''}`
        : `${ratio.toFixed(2)}× inference`;
    return `${name} ${memory} · ${ratioText} (${plan.format}, batch ${plan.batch})`;
}

function planOf(subject: DesignSubject): MemoryPlan | string {
    const outcome = subject.plan;
    if (outcome === undefined) return 'unavailable' in subject.lowered ? subject.lowered.unavailable : 'the model cannot be lowered';
    return outcome.ok ? outcome.plan : outcome.problems.map((problem) => problem.message).join('; ');
}

function lens(range: Range, title: string, command: string, args: unknown[]): CodeLens {
    return { range, command: { title, command, arguments: args } };
}

// The first line of a declaration: where its lens sits.
function headerRange(declaration: ast.Declaration): Range | undefined {
    const range = declaration.$cstNode?.range;
    if (range === undefined) return undefined;
    return { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } };
}
