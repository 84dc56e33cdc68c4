// Memory by lifetime class: what the engine's allocator measured at the run's peak, against the
// design-time plan for the same model and gradient mode when the language server provides one.
import type { MemoryReport, SpikingMemoryPlanReport } from '../../../cli/train-events.js';
import type { MemoryPlanView } from '../../panels/memory-plan.js';
import { formatBytes } from '../../training/format.js';
import { h, replaceChildren } from '../dom.js';

/** Display order; any class the engine adds later is shown after these. */
const CLASS_ORDER = ['param', 'state', 'gradient', 'activation', 'tape', 'tangent', 'quire'];

function classesOf(measured: MemoryReport | undefined, plan: MemoryPlanView): string[] {
    const names = new Set<string>(Object.keys(measured?.byClass ?? {}));
    if (plan.status === 'ready') Object.keys(plan.training.byClass).forEach((n) => names.add(n));
    names.delete('data');
    return [...CLASS_ORDER.filter((n) => names.has(n)), ...[...names].filter((n) => !CLASS_ORDER.includes(n)).sort()];
}

function bar(kind: 'measured' | 'planned', bytes: number, scale: number): HTMLElement {
    const element = h('div', { class: `bar ${kind}`, title: `${kind}: ${formatBytes(bytes)}` });
    element.style.width = `${scale > 0 ? Math.max(0, Math.min(100, (100 * bytes) / scale)) : 0}%`;
    return element;
}

function planNote(plan: MemoryPlanView): string {
    switch (plan.status) {
        case 'pending': return 'Design-time plan: waiting for the language server.';
        case 'unavailable': return `Design-time plan: not available (${plan.reason}).`;
        case 'ready': return `Design-time plan (${plan.trainingMode}): training peak ${formatBytes(plan.training.peak)}, inference peak ${formatBytes(plan.inference.peak)} (${(plan.training.peak / plan.inference.peak).toFixed(2)}×).`;
    }
}

/** Renders the memory section into `container` (a spiking run brings its own plan, from engine/spiking). */
export function renderMemory(container: HTMLElement, measured: MemoryReport | undefined, plan: MemoryPlanView, spikingPlan?: SpikingMemoryPlanReport): void {
    const planned = spikingPlan !== undefined ? spikingPlan.byClass : plan.status === 'ready' ? plan.training.byClass : undefined;
    const classes = classesOf(measured, plan);
    const scale = Math.max(0, ...classes.map((c) => Math.max(measured?.byClass[c as keyof MemoryReport['byClass']] ?? 0, planned?.[c as keyof typeof planned] ?? 0)));
    const rows = classes.map((name) => {
        const bytes = measured?.byClass[name as keyof MemoryReport['byClass']];
        const plannedBytes = planned?.[name as keyof typeof planned];
        return h('tr', { 'data-class': name },
            h('th', { scope: 'row' }, name),
            h('td', { class: 'num' }, bytes === undefined ? '—' : formatBytes(bytes)),
            h('td', { class: 'num' }, plannedBytes === undefined ? '—' : formatBytes(plannedBytes)),
            h('td', { class: 'bars' }, bytes === undefined ? undefined : bar('measured', bytes, scale), plannedBytes === undefined ? undefined : bar('planned', plannedBytes, scale)));
    });
    const totals = measured === undefined
        ? 'No memory measured yet.'
        : `Measured peak ${formatBytes(measured.peak)} · live ${formatBytes(measured.live)}` +
          (measured.byClass.data === undefined ? '' : ` · data set ${formatBytes(measured.byClass.data)} (not in peak)`) +
          (measured.rss === undefined ? '' : ` · process RSS ${formatBytes(measured.rss)} (includes the JS runtime)`);
    replaceChildren(container,
        h('p', { class: 'memory-totals', id: 'memory-totals' }, totals),
        h('table', { class: 'memory' },
            h('thead', {}, h('tr', {}, h('th', {}, 'class'), h('th', { class: 'num' }, 'measured'), h('th', { class: 'num' }, 'plan'), h('th', {}, ''))),
            h('tbody', {}, ...rows)),
        h('p', { class: 'plan-note', id: 'plan-note' }, spikingPlan !== undefined ? spikingPlanNote(spikingPlan) : planNote(plan)));
}

function spikingPlanNote(plan: SpikingMemoryPlanReport): string {
    return `Plan (engine/spiking, STDP): peak ${formatBytes(plan.peak)} · weights ${formatBytes(plan.weights)} (one per synapse) · STDP traces ${formatBytes(plan.traces)} (one per neuron, none per synapse) · learning state ${formatBytes(plan.learningState)} · tape ${plan.tape} B: STDP is local.`;
}
