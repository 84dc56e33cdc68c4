// The hypergraph as tables: one row per hyperedge (grouped by edge: target = op(sources), with its
// arity) and one row per value (role, shape, dimension, format, lifetime class, bytes). A row
// click shows its source.
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { HypergraphEdge, HypergraphNode } from '../../../server/protocol.js';
import { formatBytes } from '../../training/format.js';
import { h, replaceChildren } from '../dom.js';
import { shapeText } from './graph-view.js';

function table(columns: readonly string[], rows: readonly HTMLElement[]): HTMLElement {
    const header = h('vscode-table-header', { slot: 'header' }, ...columns.map((column) => h('vscode-table-header-cell', {}, column)));
    return h('vscode-table', { zebra: '', 'bordered-rows': '', 'min-column-width': '4' }, header, h('vscode-table-body', { slot: 'body' }, ...rows));
}

/** Renders the hyperedges; returns the number of rows. */
export function renderEdges(container: HTMLElement, edges: readonly HypergraphEdge[], labels: ReadonlyMap<string, string>, onPick: (edge: HypergraphEdge) => void): number {
    const rows = edges.map((edge, index) => {
        const row = h('vscode-table-row', { 'data-edge': String(index) },
            h('vscode-table-cell', {}, String(index + 1)),
            h('vscode-table-cell', { class: 'code' }, edge.op),
            h('vscode-table-cell', {}, String(edge.arity)),
            h('vscode-table-cell', { class: 'code' }, edge.sources.map((source) => labels.get(source) ?? source).join(', ')),
            h('vscode-table-cell', { class: 'code' }, labels.get(edge.target) ?? edge.target),
            h('vscode-table-cell', {}, edge.attributes ?? ''));
        row.addEventListener('click', () => onPick(edge));
        return row;
    });
    replaceChildren(container, table(['#', 'op', 'arity', 'sources (in order)', 'target', 'attributes'], rows));
    return rows.length;
}

/** Renders the values; returns the number of rows. */
export function renderNodes(container: HTMLElement, nodes: readonly HypergraphNode[], onPick: (node: HypergraphNode) => void): number {
    const rows = nodes.map((node) => {
        const row = h('vscode-table-row', { 'data-node': node.name },
            h('vscode-table-cell', { class: 'code' }, node.label === node.name ? node.name : `${node.name}  ${node.label}`),
            h('vscode-table-cell', {}, node.role),
            h('vscode-table-cell', { class: 'code' }, shapeText(node)),
            h('vscode-table-cell', { class: 'code' }, node.dimension),
            h('vscode-table-cell', { class: 'code' }, node.support === undefined ? node.format : `${node.format} · ${node.support}`),
            h('vscode-table-cell', {}, node.lifetime),
            h('vscode-table-cell', { class: 'num' }, formatBytes(node.bytes)));
        row.addEventListener('click', () => onPick(node));
        return row;
    });
    replaceChildren(container, table(['value', 'role', 'shape', 'dimension', 'format', 'lifetime', 'bytes'], rows));
    return rows.length;
}
