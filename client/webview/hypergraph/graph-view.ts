// The hypergraph drawn as SVG: a box per value (name, shape, format), a round marker per
// hyperedge (its op) joined to each of its sources and to its target. Built with the DOM API,
// never from markup strings.
import type { HypergraphEdge, HypergraphNode } from '../../../server/protocol.js';
import { layoutHypergraph, layoutMetrics } from '../../panels/hypergraph-layout.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
}

/** `[64, 32]` → `64×32`; a batched value gets `B×` in front; a scalar is `scalar`. */
export function shapeText(node: HypergraphNode): string {
    const axes = node.shape.length === 0 ? 'scalar' : node.shape.join('×');
    return node.batched ? `B×${axes}` : axes;
}

/** Draws the graph; returns the counts of boxes and markers drawn. */
export function drawHypergraph(container: HTMLElement, nodes: readonly HypergraphNode[], edges: readonly HypergraphEdge[], onPick: (item: HypergraphNode | HypergraphEdge) => void): { readonly nodes: number; readonly edges: number } {
    const layout = layoutHypergraph(nodes, edges);
    const { nodeWidth, nodeHeight } = layoutMetrics;
    const root = svg('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': 'hypergraph' });
    const byName = new Map(nodes.map((node) => [node.name, node]));
    const wires = svg('g', { class: 'wires' });
    const markers = svg('g', { class: 'hyperedges' });
    for (const placed of layout.edges) {
        const edge = edges[placed.index] as HypergraphEdge;
        for (const source of placed.sources) wires.append(svg('path', { d: `M ${source.x} ${source.y} C ${source.x + 30} ${source.y}, ${placed.x - 30} ${placed.y}, ${placed.x} ${placed.y}`, class: 'wire' }));
        wires.append(svg('line', { x1: placed.x, y1: placed.y, x2: placed.target.x - 3, y2: placed.target.y, class: 'wire out' }));
        const marker = svg('g', { class: `hyperedge arity-${edge.arity}`, 'data-edge': placed.index, tabindex: 0 });
        marker.append(svg('circle', { cx: placed.x, cy: placed.y, r: 15 }), svg('text', { x: placed.x, y: placed.y + 4, 'text-anchor': 'middle' }, shortOp(edge.op)), svg('title', {}, `${edge.target} = ${edge.op}(${edge.sources.join(', ')})`));
        marker.addEventListener('click', () => onPick(edge));
        markers.append(marker);
    }
    const boxes = svg('g', { class: 'values' });
    for (const placed of layout.nodes) {
        const node = byName.get(placed.name) as HypergraphNode;
        const box = svg('g', { class: `value role-${node.role}`, 'data-node': node.name, tabindex: 0 });
        box.append(
            svg('rect', { x: placed.x, y: placed.y, width: nodeWidth, height: nodeHeight, rx: 5 }),
            svg('text', { x: placed.x + 8, y: placed.y + 16, class: 'value-name' }, clip(node.label, 18)),
            svg('text', { x: placed.x + 8, y: placed.y + 32, class: 'value-type' }, clip(`${shapeText(node)} ${node.format}`, 22)),
            svg('title', {}, `${node.name}: ${node.role} · ${shapeText(node)} · <${node.dimension}> · ${node.format} · ${node.lifetime} · ${node.bytes} B`));
        box.addEventListener('click', () => onPick(node));
        boxes.append(box);
    }
    root.append(wires, markers, boxes);
    container.replaceChildren(root);
    return { nodes: layout.nodes.length, edges: layout.edges.length };
}

function clip(text: string, length: number): string {
    return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** Ops as the marker prints them: symbols where the source writes one. */
function shortOp(op: string): string {
    const symbols: Record<string, string> = { matmul: '@', add: '+', sub: '−', mul: '×', div: '÷', neg: '−x', geometric_product: 'GP', sandwich: 'RxR̃', cross_entropy: 'CE' };
    return symbols[op] ?? (op.length <= 5 ? op : op.slice(0, 4));
}
