// Fetches the design-time memory plan of a model from the language server (`phg/memoryPlan`,
// issue 5) and reduces it to the panel's plan slot: inference against the mode the run trains in.
// The answer's shape follows `phg plan --json`: {"models":[{"model","batch","format",
// "inference":{peak,byClass},"backprop":{peak,byClass},"forward":{tangents,peak,byClass}}]}.
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GradientSetting } from '../../cli/train-events.js';
import { isUnavailable, sendCustomRequest } from '../custom-requests.js';
import type { MemoryPlanView, PlannedMemory } from './memory-plan.js';

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plannedMemory(value: unknown): PlannedMemory | undefined {
    if (!isObject(value) || typeof value.peak !== 'number' || !isObject(value.byClass)) return undefined;
    const byClass: Record<string, number> = {};
    for (const [name, bytes] of Object.entries(value.byClass)) if (typeof bytes === 'number') byClass[name] = bytes;
    return { peak: value.peak, byClass };
}

/** Picks the plan of one model and gradient mode out of a `phg/memoryPlan` answer. */
export function selectPlan(answer: unknown, model: string, gradient: GradientSetting): MemoryPlanView {
    const models = isObject(answer) && Array.isArray(answer.models) ? answer.models.filter(isObject) : [];
    const entry = models.find((m) => m.model === model);
    if (entry === undefined) return { status: 'unavailable', reason: `the memory plan has no model ${model}` };
    const inference = plannedMemory(entry.inference);
    const training = plannedMemory(gradient.mode === 'backprop' ? entry.backprop : entry.forward);
    if (inference === undefined || training === undefined) {
        return { status: 'unavailable', reason: `the memory plan of ${model} lacks ${inference === undefined ? 'inference' : gradient.mode}` };
    }
    const trainingMode = gradient.mode === 'backprop' ? 'backprop' : `forward(${gradient.tangents})`;
    return { status: 'ready', model, inference, training, trainingMode };
}

/** Asks the server for the plan of a file's model. */
export async function fetchMemoryPlan(client: LanguageClient | undefined, uri: string, model: string, gradient: GradientSetting): Promise<MemoryPlanView> {
    const answer = await sendCustomRequest(client, 'phg/memoryPlan', { uri });
    if (isUnavailable(answer)) return { status: 'unavailable', reason: answer.reason };
    return selectPlan(answer, model, gradient);
}
