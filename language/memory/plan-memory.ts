// The design-time memory planner: from a lowered graph and its training settings alone (nothing
// runs), the peak bytes and their breakdown by lifetime class of an inference step, a backprop
// step and a forward-gradient step — the numbers the engine's tracked allocator measures, because
// both follow docs/memory.md. Each step is replayed on top of the floor into a byte ledger.
import { validateGraph } from '../../engine/ir/validate.js';
import type { IrGraph, LifetimeClass } from '../../engine/ir/types.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { isExecutableFormat } from '../../engine/tensor/tensor.js';
import { replayAccumulated } from './accumulation-plan.js';
import { replayBackpropStep } from './backprop-step.js';
import { ByteLedger } from './byte-ledger.js';
import { replayForwardGradientStep } from './forward-gradient-step.js';
import { GraphFacts, isClassLabel, isLeaf } from './graph-facts.js';
import { replayInferenceStep } from './inference-step.js';
import { allocateFloor } from './memory-floor.js';
import { plannedOps } from './op-memory-rules.js';
import type { MemoryPlan, ModePlan, PlanOutcome, PlanProblem, PlanSettings, PlannedMode, ValueLifetime } from './plan-types.js';

/** Which training steps to plan (inference is always planned: it is every ratio's denominator). */
export interface PlannedSteps {
    readonly backprop: boolean;
    readonly forward: boolean;
}

/**
 * Plans inference, backprop and forward-gradient training of a lowered graph (training steps only
 * when the graph has a loss, and only those `steps` asks for).
 */
export function planMemory(graph: IrGraph, settings: PlanSettings, steps: PlannedSteps = { backprop: true, forward: true }): PlanOutcome {
    const formatProblems = settingsAndFormatProblems(graph, settings);
    if (formatProblems.length > 0) return { ok: false, problems: formatProblems };
    const facts = new GraphFacts(graph);
    const problems = graphProblems(graph, facts);
    if (problems.length > 0) return { ok: false, problems };
    const inference = replay(facts, 'inference', settings);
    const training = facts.training !== undefined;
    const backprop = training && steps.backprop ? replay(facts, 'backprop', settings) : undefined;
    const forward = training && steps.forward ? replay(facts, 'forward', settings) : undefined;
    const numeric = graph.nodes.find((node) => !isClassLabel(node));
    const plan: MemoryPlan = {
        model: graph.model,
        batch: settings.batch,
        format: numeric?.format ?? 'float32',
        inference: inference.plan,
        ...(backprop !== undefined ? { backprop: backprop.plan } : {}),
        ...(forward !== undefined ? { forward: { ...forward.plan, tangents: settings.tangents } } : {}),
        lifetimes: lifetimesOf(facts, settings, backprop?.tape ?? new Set(), forward?.carriers ?? new Set())
    };
    return { ok: true, plan };
}

function replay(facts: GraphFacts, mode: PlannedMode, settings: PlanSettings): { plan: ModePlan; tape?: ReadonlySet<string>; carriers?: ReadonlySet<string> } {
    if (mode !== 'inference' && settings.accumulation !== undefined) return replayAccumulated(facts, mode, settings);
    const ledger = new ByteLedger();
    const arena = allocateFloor(ledger, facts, mode, settings);
    let tape: ReadonlySet<string> | undefined;
    let carriers: ReadonlySet<string> | undefined;
    if (mode === 'inference') replayInferenceStep(ledger, facts, settings);
    else if (mode === 'backprop') tape = replayBackpropStep(ledger, facts, settings).tape;
    else carriers = replayForwardGradientStep(ledger, facts, settings);
    const peak = ledger.peak();
    return { plan: { mode, ...peak, arena }, ...(tape !== undefined ? { tape } : {}), ...(carriers !== undefined ? { carriers } : {}) };
}

// The engine refuses these graphs; the planner says why instead of planning something that never runs.
function settingsAndFormatProblems(graph: IrGraph, settings: PlanSettings): PlanProblem[] {
    const problems: PlanProblem[] = [];
    if (!Number.isInteger(settings.batch) || settings.batch < 1) problems.push({ message: `batch must be a whole number ≥ 1, not ${settings.batch}` });
    if (!Number.isInteger(settings.tangents) || settings.tangents < 1) problems.push({ message: `forward gradients need at least one tangent, not ${settings.tangents}` });
    const formats = [...new Set(graph.nodes.filter((node) => !isClassLabel(node)).map((node) => node.format)), ...(settings.stateFormat !== undefined ? [settings.stateFormat] : [])];
    for (const name of formats) {
        const format = parseFormat(name);
        if (format === undefined) problems.push({ message: `unknown format ${name}` });
        else if (!isExecutableFormat(format)) problems.push({ message: `the engine cannot hold ${format.name} tensors yet (64-bit posit patterns)` });
    }
    return problems;
}

// Structure the engine would reject, operations without a memory rule, malformed GA edges.
function graphProblems(graph: IrGraph, facts: GraphFacts): PlanProblem[] {
    const problems: PlanProblem[] = [];
    for (const problem of validateGraph(graph, (name) => facts.formats.find((format) => format.name === name)?.bytes)) problems.push({ message: problem.message, ...(problem.node !== undefined ? { node: problem.node } : {}) });
    for (const edge of graph.edges) if (!plannedOps.has(edge.op)) problems.push({ message: `operation ${edge.op} has no memory rule (the engine does not execute it yet)`, node: edge.target });
    if (problems.length > 0) return problems;
    for (const edge of graph.edges) {
        const problem = facts.gaProblem(edge);
        if (problem !== undefined) problems.push({ message: problem, node: edge.target });
    }
    return problems;
}

// How each node lives in each step: leaves always `param`; computed values in the steps whose
// schedule computes them; backprop keeps tape values; forward mode gives dependent values a tangent.
function lifetimesOf(facts: GraphFacts, settings: PlanSettings, tape: ReadonlySet<string>, carriers: ReadonlySet<string>): Map<string, ValueLifetime> {
    const inInference = new Set(facts.inference.edges.map((edge) => edge.target));
    const inTraining = new Set(facts.training?.edges.map((edge) => edge.target) ?? []);
    const training = facts.training !== undefined;
    const withTargets = settings.inferenceWithTargets ?? true;
    const lifetimes = new Map<string, ValueLifetime>();
    for (const node of facts.graph.nodes) {
        const bytes = facts.bytesAt(node, settings.batch);
        if (isLeaf(node)) {
            lifetimes.set(node.name, { node: node.name, bytes, inference: 'param', ...(training ? { backprop: 'param', forward: { primal: 'param', tangent: node.role === 'param' } } : {}) });
            continue;
        }
        const isBatch = node.role === 'input' || node.role === 'target';
        const inference: LifetimeClass | undefined = inInference.has(node.name) || node.role === 'input' || (withTargets && node.role === 'target') ? 'activation' : undefined;
        const trained = training && (isBatch || inTraining.has(node.name));
        const backprop: LifetimeClass | undefined = trained ? (tape.has(node.name) && !isClassLabel(node) ? 'tape' : 'activation') : undefined;
        lifetimes.set(node.name, {
            node: node.name,
            bytes,
            ...(inference !== undefined ? { inference } : {}),
            ...(backprop !== undefined ? { backprop } : {}),
            ...(trained ? { forward: { primal: 'activation', tangent: carriers.has(node.name) } } : {})
        });
    }
    return lifetimes;
}

