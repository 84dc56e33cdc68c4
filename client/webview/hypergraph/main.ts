// The Hypergraph panel's webview: the lowered PHG IR of the document's models — a drawing (values
// in columns by depth, one marker per hyperedge joined to all its sources), the hyperedges and the
// values as tables — with a tab per model when the file trains several.
import './hypergraph.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { HypergraphEdge, HypergraphModel, HypergraphNode } from '../../../server/protocol.js';
import type { FromHypergraphWebview, HypergraphPanelModel, ToHypergraphWebview } from '../../panels/hypergraph-messages.js';
import { formatBytes } from '../../training/format.js';
import { h, replaceChildren } from '../dom.js';
import { panelChannel } from '../vscode-api.js';
import { drawHypergraph } from './graph-view.js';
import { renderEdges, renderNodes } from './tables.js';

interface SavedState {
    readonly model: HypergraphPanelModel;
    readonly selected: number;
}

const channel = panelChannel<SavedState, FromHypergraphWebview>();
const root = document.getElementById('root') ?? document.body;
let state: SavedState | undefined = channel.savedState();

function pick(item: HypergraphNode | HypergraphEdge): void {
    if (item.range !== undefined) channel.post({ type: 'reveal', range: item.range });
}

function summary(model: HypergraphModel): string {
    const params = model.nodes.filter((node) => node.role === 'param');
    const paramBytes = params.reduce((sum, node) => sum + node.bytes, 0);
    const maxArity = Math.max(0, ...model.edges.map((edge) => edge.arity));
    return `${model.nodes.length} values · ${model.edges.length} hyperedges (arity up to ${maxArity}) · ${params.length} params, ${formatBytes(paramBytes)} · ${model.format} · structure ${model.structureHash.slice(0, 12)}…`;
}

function render(saved: SavedState): void {
    const { result, file } = saved.model;
    const models = result.models;
    const model = models[Math.min(saved.selected, models.length - 1)];
    const notes = result.unavailable.map((entry) => h('p', { class: 'note' }, `${entry.title}: ${entry.reason}`));
    if (model === undefined) {
        replaceChildren(root, h('h2', { id: 'hypergraph-title' }, file), h('p', { class: 'placeholder', id: 'hypergraph-summary' }, result.reason ?? 'No model in this file could be lowered.'), ...notes);
        channel.post({ type: 'rendered', view: { title: '', nodeRows: 0, edgeRows: 0, drawnNodes: 0, drawnEdges: 0 } });
        return;
    }
    const tabs = models.length > 1 ? h('div', { class: 'tabs' }, ...models.map((entry, index) => {
        const tab = h('vscode-button', index === saved.selected ? {} : { secondary: '' }, entry.title);
        tab.addEventListener('click', () => show({ ...saved, selected: index }));
        return tab;
    })) : undefined;
    const drawing = h('div', { id: 'graph', class: 'graph' });
    const edges = h('div', { id: 'edges' });
    const nodes = h('div', { id: 'nodes' });
    replaceChildren(root,
        h('div', { class: 'title-row' }, h('h2', { id: 'hypergraph-title' }, model.title), h('span', { class: 'file' }, file)),
        tabs,
        h('p', { id: 'hypergraph-summary', class: 'summary' }, summary(model)),
        ...notes,
        h('section', {}, h('h3', {}, 'Graph'), drawing),
        h('section', {}, h('h3', {}, 'Hyperedges'), edges),
        h('section', {}, h('h3', {}, 'Values'), nodes));
    const drawn = drawHypergraph(drawing, model.nodes, model.edges, pick);
    const labels = new Map(model.nodes.map((node) => [node.name, node.label]));
    const edgeRows = renderEdges(edges, model.edges, labels, pick);
    const nodeRows = renderNodes(nodes, model.nodes, pick);
    channel.post({ type: 'rendered', view: { title: model.title, nodeRows, edgeRows, drawnNodes: drawn.nodes, drawnEdges: drawn.edges } });
}

function show(next: SavedState): void {
    state = next;
    channel.saveState(next);
    render(next);
}

window.addEventListener('message', (event: MessageEvent<ToHypergraphWebview>) => {
    if (event.data.type !== 'show') return;
    const sameFile = state?.model.result.uri === event.data.model.result.uri;
    show({ model: event.data.model, selected: sameFile ? state?.selected ?? 0 : 0 });
});

if (state !== undefined) render(state);
else replaceChildren(root, h('p', { class: 'placeholder' }, 'Run “PHG: Show Hypergraph” on a .phg file.'));
channel.post({ type: 'ready' });
