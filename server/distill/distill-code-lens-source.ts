// The lenses on a `distill` block: `▶ Distill` (runs PHG: Distill Model on its student) and what
// the student takes from its teacher — `prior from Mlp: 4 of 4 parameters (scale 10, λ 1) · soft
// labels T 2, α 0.1 · posterior τ chosen on validation` — from the checker's distillation plan.
import type { LangiumDocument } from 'langium';
import type { CodeLens, Range } from 'vscode-languageserver';
import { analyzeDocument, distillationPlans, type DistillationPlan, type PhgAddedServices } from '../../language/index.js';
import { exceedsLiveAnalysisLimit } from '../build/live-analysis-limit.js';
import type { CodeLensSource } from '../providers/composite-code-lens-provider.js';

/** The client command the lens runs (client/commands/distill-model.ts). */
export const distillCommandId = 'phg.distillModel';

/** `▶ Distill` and the prior summary above each distill block. */
export class DistillCodeLensSource implements CodeLensSource {
    constructor(private readonly services: PhgAddedServices) {}

    provideCodeLens(document: LangiumDocument): CodeLens[] {
        if (exceedsLiveAnalysisLimit(document)) return [];
        const uri = document.uri.toString();
        return distillationPlans(analyzeDocument(document, this.services)).flatMap((plan) => {
            const range = headerRange(plan);
            if (range === undefined) return [];
            return [
                { range, command: { title: '▶ Distill', command: distillCommandId, arguments: [{ uri, model: plan.student.name }] } },
                // A lens without a command is a label: the summary is information, not an action.
                { range, command: { title: distillSummary(plan), command: '' } }
            ];
        });
    }
}

/** `prior from Mlp: 4 of 4 parameters (scale 10, λ 1) · soft labels T 2, α 0.1 · posterior τ 0.03`. */
export function distillSummary(plan: DistillationPlan): string {
    const settings = plan.settings;
    const withPrior = plan.params.filter((param) => param.source === 'prior').length;
    const teacher = plan.teacher.name;
    const source = settings.prior === undefined
        ? `no prior from ${teacher}`
        : `prior from ${teacher}: ${withPrior} of ${plan.params.length} parameters (scale ${settings.prior.scale}, λ ${settings.prior.damping})`;
    const soft = settings.alpha > 0 ? ` · soft labels T ${settings.temperature}, α ${settings.alpha}` : ' · no soft labels (α 0)';
    const posterior = settings.posterior.scale !== undefined ? `posterior τ ${settings.posterior.scale}` : 'posterior τ chosen on validation';
    return `${source}${soft} · ${posterior}`;
}

function headerRange(plan: DistillationPlan): Range | undefined {
    const range = plan.node.$cstNode?.range;
    if (range === undefined) return undefined;
    return { start: range.start, end: { line: range.start.line, character: range.start.character + 1 } };
}
