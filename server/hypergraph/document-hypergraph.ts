// The `phg/hypergraph` answer for a checked document: every design subject's lowered graph (the
// same lowering `phg train` and `phg certify` use), with dimensions in the file's own units, the
// source text of anonymous values, and source ranges for navigation from the panel.
import type { LangiumDocument } from 'langium';
import type { IrAttribute, IrDimension, IrEdge, IrGraph, IrNode, IrSourceRange } from '../../engine/ir/types.js';
import { currentModelOf } from '../../engine/verify/current-model.js';
import { analyzeDocument, analyzeRepresentation, type DesignSubject, type DocumentAnalysis } from '../../language/index.js';
import { exceedsLiveAnalysisLimit, liveAnalysisLimit } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import type { HypergraphEdge, HypergraphModel, HypergraphNode, HypergraphRange, HypergraphResult } from '../protocol.js';

/** The hypergraphs of a document's models. */
export function hypergraphOf(document: LangiumDocument, services: PhgLspServices): HypergraphResult {
    const uri = document.uri.toString();
    if (exceedsLiveAnalysisLimit(document)) return { uri, models: [], unavailable: [], reason: `the file is larger than ${liveAnalysisLimit / 1024} KiB; run phg check on it` };
    const analysis = analyzeDocument(document, services);
    const models: HypergraphModel[] = [];
    const unavailable: { title: string; reason: string }[] = [];
    const subjects = analyzeRepresentation(document, services).subjects;
    for (const subject of subjects) {
        if ('graph' in subject.lowered) models.push(modelOf(subject, subject.lowered.graph, analysis));
        else unavailable.push({ title: subject.title, reason: subject.lowered.unavailable });
    }
    return { uri, models, unavailable, ...(subjects.length === 0 ? { reason: 'no model in this file can be lowered (fix its errors first)' } : {}) };
}

function modelOf(subject: DesignSubject, graph: IrGraph, analysis: DocumentAnalysis): HypergraphModel {
    const map = 'map' in subject.lowered ? subject.lowered.map : undefined;
    return {
        title: subject.title,
        model: graph.model,
        format: subject.format,
        structureHash: currentModelOf(graph).structureHash,
        nodes: graph.nodes.map((node) => nodeOf(node, map?.labelOf(node.name) ?? node.name, analysis)),
        edges: graph.edges.map(edgeOf),
        outputs: graph.outputs,
        ...(graph.loss !== undefined ? { loss: graph.loss } : {})
    };
}

function nodeOf(node: IrNode, label: string, analysis: DocumentAnalysis): HypergraphNode {
    return {
        name: node.name,
        label,
        role: node.role,
        shape: node.shape,
        batched: node.batched,
        dimension: dimensionText(node.dimension, analysis),
        format: node.format,
        lifetime: node.lifetime,
        bytes: node.bytes,
        ...(node.support !== undefined ? { support: `${node.support.algebra} blades 0x${node.support.mask}` } : {}),
        ...(node.source !== undefined ? { range: rangeOf(node.source) } : {})
    };
}

function edgeOf(edge: IrEdge): HypergraphEdge {
    const attributes = Object.entries(edge.attributes ?? {}).map(([name, value]) => `${name}=${attributeText(value)}`).join(', ');
    return {
        op: edge.op,
        sources: edge.sources,
        target: edge.target,
        arity: edge.sources.length,
        ...(attributes !== '' ? { attributes } : {}),
        ...(edge.source !== undefined ? { range: rangeOf(edge.source) } : {})
    };
}

function attributeText(value: IrAttribute): string {
    return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/** An IR dimension (base name → exponent) printed in the file's units, as hover prints it. */
function dimensionText(dimension: IrDimension, analysis: DocumentAnalysis): string {
    const names = analysis.basis.names;
    const exponents = names.map((name) => dimension[name] ?? 0);
    const variables = Object.entries(dimension).filter(([name]) => !names.includes(name)).map(([name, exponent]) => ({ name, exponent }));
    return analysis.formatDimension({ exponents, variables });
}

function rangeOf(source: IrSourceRange): HypergraphRange {
    return { start: { line: source.startLine, character: source.startColumn }, end: { line: source.endLine, character: source.endColumn } };
}
