// The hover's design-time section for a value: its range (with its dimension) in the format the
// training holds it in, the worst rounding error over that range, the best candidate format, and
// how the value lives in the memory plan (lifetime class in each step, bytes at the batch).
import type { IrGraph } from '../../engine/ir/types.js';
import {
    formatByteSize, formatError, formatInterval, type Dimension, type DocumentAnalysis, type RoundingError, type ValueLifetime, type ValueRepresentation
} from '../../language/index.js';

/** The section, as Markdown paragraphs. */
export function representationNotes(info: ValueRepresentation, dimension: Dimension, analysis: DocumentAnalysis): string[] {
    const notes = [rangeNote(info, dimension, analysis)];
    const error = info.roundingError();
    if (error !== undefined) notes.push(`Worst-case rounding error ${errorText(error)}.`);
    const candidate = info.candidate();
    if (candidate !== undefined && info.format !== undefined) {
        if (candidate.format.name === info.format.name) notes.push(`Best candidate format: \`${candidate.format.name}\`, the one in use (smallest worst-case error at ${info.format.bits} bits or fewer).`);
        else if (candidate.wider) notes.push(`No format of ${info.format.bits} bits or fewer covers this range; the narrowest that does: \`${candidate.format.name}\` (${errorText(candidate.error)}).`);
        else notes.push(`Best candidate format: \`${candidate.format.name}\` (${errorText(candidate.error)}).`);
    }
    if (info.lifetime !== undefined) notes.push(memoryNote(info.lifetime, info));
    return notes;
}

function rangeNote(info: ValueRepresentation, dimension: Dimension, analysis: DocumentAnalysis): string {
    const unit = analysis.formatDimension(dimension);
    const where = `in \`${info.node.format}\` (${info.subject.title})`;
    const { range } = info;
    if (!Number.isFinite(range.lo) && !Number.isFinite(range.hi)) {
        const unbounded = 'graph' in info.subject.lowered ? unboundedLeaves(info.subject.lowered.graph, info.node.name, info) : [];
        const why = unbounded.length > 0 ? `: nothing bounds ${unbounded.map((name) => `\`${name}\``).join(', ')} (declare \`range [a, b]\`)` : '';
        return `Range unknown ${where}${why}.`;
    }
    const fit = info.fit;
    const limit = fit === undefined || fit.fit === 'inside' ? '' : fit.side === 'above' ? ' — beyond the format\'s largest value' : ' — below the format\'s smallest positive value';
    return `Range \`${formatInterval(range)}${unit === '1' ? '' : ` ${unit}`}\` ${where}${limit}.`;
}

function errorText(error: RoundingError): string {
    return error.kind === 'relative' ? `${formatError(error.value)} relative` : `${formatError(error.value)} of the range's largest magnitude (relative error is unbounded near 0)`;
}

function memoryNote(lifetime: ValueLifetime, info: ValueRepresentation): string {
    const bytes = formatByteSize(lifetime.bytes);
    const batch = info.node.batched ? ` at batch ${info.subject.settings.batch}` : '';
    if (lifetime.inference === 'param') {
        const state = info.node.role === 'param' && info.subject.training !== undefined && info.subject.settings.stateTensorsPerParam > 0
            ? `, plus ${info.subject.settings.stateTensorsPerParam} optimizer state ${info.subject.settings.stateTensorsPerParam === 1 ? 'copy' : 'copies'} in training`
            : '';
        return `Memory: ${bytes}, \`param\` for the whole run${state}.`;
    }
    const steps = [
        lifetime.inference !== undefined ? `inference \`${lifetime.inference}\`` : 'not computed by inference',
        ...(lifetime.backprop !== undefined ? [`backprop \`${lifetime.backprop}\``] : []),
        ...(lifetime.forward !== undefined ? [`forward \`${lifetime.forward.primal}\`${lifetime.forward.tangent ? ' + `tangent`' : ''}`] : [])
    ];
    return `Memory: ${bytes}${batch} — ${steps.join(' · ')}.`;
}

// The inputs and params without a declared range that a value is computed from.
function unboundedLeaves(graph: IrGraph, name: string, info: ValueRepresentation): string[] {
    const producer = new Map(graph.edges.map((edge) => [edge.target, edge]));
    const ranges = info.subject.ranges;
    const found: string[] = [];
    const seen = new Set<string>();
    const pending = [name];
    while (pending.length > 0 && found.length < 3) {
        const current = pending.shift()!;
        if (seen.has(current)) continue;
        seen.add(current);
        const edge = producer.get(current);
        if (edge !== undefined) pending.push(...edge.sources);
        else if (ranges?.get(current)?.lo === -Infinity) found.push(current);
    }
    return found;
}
