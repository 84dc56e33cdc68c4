// The Rotation panel's webview. It renders whatever service the extension sends — the state
// machine of the newest rotation, the versions, the canary's disagreement and latency, the
// counters, the history — saves it with setState so a hidden-then-shown panel comes back at once,
// and tells the extension what it put on screen.
import './rotation.css';
import type { FromRotationWebview, RotationPanelModel, ToRotationWebview } from '../../panels/rotation-messages.js';
import { canaryDisagreement, canaryLatency, lastCanaryRotation, litStages, percent, rotationSummary } from '../../serving/rotation-view.js';
import { lastRotation, type ServiceState } from '../../serving/service-state.js';
import { h, replaceChildren } from '../dom.js';
import { panelChannel } from '../vscode-api.js';
import { renderHistory } from './history-table.js';
import { ServiceHeader } from './service-header.js';
import { renderStateMachine } from './state-machine.js';

const channel = panelChannel<RotationPanelModel, FromRotationWebview>();
const root = document.getElementById('root') ?? document.body;

const header = new ServiceHeader(() => channel.post({ type: 'rotate' }), () => channel.post({ type: 'stop' }), () => channel.post({ type: 'showLog' }));
const machine = h('div', { id: 'state-machine' });
const versions = h('div', { id: 'versions', class: 'cards' });
const canary = h('div', { id: 'canary', class: 'cards' });
const counters = h('div', { id: 'counters', class: 'cards' });
const history = h('div', { id: 'history' });
const body = h('div', { id: 'service-body' },
    h('section', {}, h('h3', {}, 'Warm rotation'), machine),
    h('section', {}, h('h3', {}, 'Versions'), versions),
    h('section', {}, h('h3', {}, 'Canary'), canary),
    h('section', {}, h('h3', {}, 'Requests'), counters),
    h('section', {}, h('h3', {}, 'History of rotations and rollbacks'), history));

function card(id: string, label: string, value: string, note = ''): HTMLElement {
    return h('div', { class: 'card', id }, h('span', { class: 'card-label' }, label), h('span', { class: 'card-value' }, value), h('span', { class: 'card-note' }, note));
}

function version(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : `v${value}`;
}

function renderVersions(service: ServiceState): void {
    replaceChildren(versions,
        card('active-version', 'active', version(service.activeVersion)),
        card('previous-version', 'previous (grace)', version(service.previousVersion), service.previousVersion !== null ? 'kept loaded for instant rollback' : ''),
        card('candidate-version', 'candidate', version(service.candidateVersion), service.candidateVersion !== null ? service.stage : ''),
        card('available-versions', 'in the store', service.availableVersions.length === 0 ? '—' : service.availableVersions.map((entry) => `v${entry}`).join(' ')));
}

function renderCanary(service: ServiceState): void {
    const rotation = lastCanaryRotation(service.rotations);
    if (rotation === undefined) {
        replaceChildren(canary, h('p', { class: 'empty' }, 'No canary replayed yet: a rotation replays recent requests and held-out rows through both versions.'));
        return;
    }
    replaceChildren(canary,
        card('canary-disagreement', `disagreement (rotation #${rotation.id})`, canaryDisagreement(rotation, service.policy?.maxDisagreement) ?? '—'),
        card('canary-latency', 'latency active → candidate', canaryLatency(rotation) ?? '—'),
        card('canary-errors', 'candidate errors', String(rotation.canary?.candidateErrors ?? 0)));
}

function renderCounters(service: ServiceState): void {
    const last = lastRotation(service);
    const grace = last?.grace;
    const cards = [
        card('requests', 'requests', service.counters === undefined ? '—' : String(service.counters.requests)),
        card('errors', 'errors', service.counters === undefined ? '—' : String(service.counters.errors),
            service.counters !== undefined && service.counters.requests > 0 ? percent(service.counters.errors / service.counters.requests) : '')
    ];
    if (grace !== undefined) {
        cards.push(card('grace', `grace window (rotation #${last?.id ?? ''})`, `${grace.requests} requests · ${grace.errors} errors`,
            `${grace.fallbacks} answered by the old version · ${grace.disagreements}/${grace.shadowed} shadowed disagree`));
    }
    replaceChildren(counters, ...cards);
}

function render(model: RotationPanelModel): void {
    const service = model.service;
    if (service === undefined) {
        replaceChildren(root, h('p', { class: 'placeholder', id: 'service-line' }, 'No service yet. Run “PHG: Serve Model” on a .phg file with signed versions.'));
        channel.post({ type: 'rendered', view: { phase: undefined, activeVersion: undefined, stage: 'idle', lastRotation: '', litStages: [], historyRows: 0 } });
        return;
    }
    if (!root.contains(header.element)) replaceChildren(root, header.element, body);
    header.update(service);
    const newest = lastRotation(service);
    renderStateMachine(machine, newest, service.stage);
    renderVersions(service);
    renderCanary(service);
    renderCounters(service);
    const historyRows = renderHistory(history, service.rotations);
    channel.post({
        type: 'rendered',
        view: {
            phase: service.phase,
            activeVersion: service.activeVersion,
            stage: service.stage,
            lastRotation: newest === undefined ? '' : rotationSummary(newest),
            litStages: litStages(newest),
            historyRows
        }
    });
}

// Keep only the newest update and render it on the next frame — or after 100 ms, since a webview
// the browser considers in the background may not get animation frames at all.
let latest: RotationPanelModel | undefined;
function renderLatest(): void {
    const model = latest;
    latest = undefined;
    if (model !== undefined) render(model);
}
window.addEventListener('message', (event: MessageEvent<ToRotationWebview>) => {
    if (event.data.type !== 'show') return;
    channel.saveState(event.data.model);
    const scheduled = latest !== undefined;
    latest = event.data.model;
    if (!scheduled) {
        requestAnimationFrame(renderLatest);
        setTimeout(renderLatest, 100);
    }
});

render(channel.savedState() ?? { service: undefined });
channel.post({ type: 'ready' });
