// PHG4001 and PHG4002: where a value's range leaves its format's dynamic range. An error when the
// whole range lies outside (every value is lost to maxpos/∞ or to minpos/0), a warning when part
// of it does (those values saturate). A value is reported where its range first leaves the
// format: what is computed from an out-of-range value inherits the problem and is not reported
// again. The quick fix switches the training to the narrowest format that covers the range.
import type { AstNode } from 'langium';
import type { IrNode } from '../../engine/ir/types.js';
import { parseFormat, type NumericFormat } from '../../engine/numeric/index.js';
import type { DocumentAnalysis, RelatedLocation } from '../analysis/analysis-types.js';
import { relatedAt, rangeOf } from '../analysis/diagnostic-sink.js';
import type { Expression, NamedValue } from '../generated/ast.js';
import { isExpression, isFormatSetting, isNamedValue } from '../generated/ast.js';
import { narrowestCovering } from '../ranges/format-candidates.js';
import type { Interval } from '../ranges/interval.js';
import { dynamicRangeFit } from '../ranges/rounding-error.js';
import type { DesignDiagnostic } from './design-diagnostic.js';
import type { DesignSubject } from './design-subjects.js';
import { formatInterval, formatNumber, formatPowerOfTwo } from './number-text.js';
import { settingEdit, type QuickFix } from './setting-edits.js';

/** The PHG4001/PHG4002 diagnostics of one subject. */
export function rangeDiagnostics(subject: DesignSubject, analysis: DocumentAnalysis, namesTraining: boolean): DesignDiagnostic[] {
    if (!('graph' in subject.lowered)) return [];
    const { graph, map } = subject.lowered;
    const format = parseFormat(subject.format);
    const ranges = subject.ranges;
    if (format === undefined || ranges === undefined) return [];
    const producer = new Map(graph.edges.map((edge) => [edge.target, edge]));
    const flagged = new Map<string, 'above' | 'below'>();
    const diagnostics: DesignDiagnostic[] = [];
    const leaves = graph.nodes.filter((node) => !producer.has(node.name));
    const byName = new Map(graph.nodes.map((node) => [node.name, node]));
    const computed = graph.edges.map((edge) => byName.get(edge.target)!);
    for (const node of [...leaves, ...computed]) {
        if (node.format.startsWith('class(')) continue;
        const range = ranges.get(node.name)!;
        const fit = dynamicRangeFit(format, range);
        if (fit.fit === 'inside') continue;
        const inherited = producer.get(node.name)?.sources.some((source) => flagged.get(source) === fit.side) === true;
        flagged.set(node.name, fit.side);
        if (inherited) continue;
        const source = map.sourceOf(node);
        if (source === undefined) continue;
        const declared = subject.declared.get(node.name);
        const anchor = declared !== undefined && !producer.has(node.name) ? declared.spec : source;
        const text = describeValue(node, source, range, analysis);
        const message = `${fit.fit === 'outside' ? outsideMessage(text, format, fit.side) : partlyMessage(text, range, format, fit.side)}${namesTraining ? ` (in ${subject.title})` : ''}`;
        diagnostics.push({
            code: fit.fit === 'outside' ? 'PHG4001' : 'PHG4002',
            severity: fit.fit === 'outside' ? 'error' : 'warning',
            message,
            range: isNamedValue(anchor) ? rangeOf({ node: anchor, property: 'name' }) : rangeOf({ node: anchor }),
            node: anchor,
            related: relatedRanges(subject, node, producer, format),
            fixes: widening(subject, range, format)
        });
    }
    return diagnostics;
}

/** `'x' ranges over [0, 16] px` or `` `exp(x)` ranges over … ``. */
function describeValue(node: IrNode, source: AstNode, range: Interval, analysis: DocumentAnalysis): string {
    const type = isNamedValue(source) ? analysis.valueOf(source)?.type : isExpression(source) ? analysis.typeOf(source) : undefined;
    const unit = type !== undefined ? analysis.formatDimension(type.dimension) : '1';
    const name = isNamedValue(source) ? `'${(source as NamedValue).name}'` : `\`${excerpt(source as Expression) ?? node.name}\``;
    return `${name} ranges over ${formatInterval(range)}${unit === '1' ? '' : ` ${unit}`}`;
}

function outsideMessage(value: string, format: NumericFormat, side: 'above' | 'below'): string {
    const posit = format.family !== 'ieee';
    if (side === 'above') {
        return `${value}, entirely beyond ${format.name}'s largest value ${formatPowerOfTwo(format.maxPos)}: every value would ${posit ? 'be stored as ±maxpos' : 'overflow to ±∞'}`;
    }
    return `${value}: every nonzero value lies below ${format.name}'s smallest positive value ${formatPowerOfTwo(format.minPos)}, so it would ${posit ? 'be stored as ±minpos' : 'round to 0 or to a subnormal'}`;
}

function partlyMessage(value: string, range: Interval, format: NumericFormat, side: 'above' | 'below'): string {
    const posit = format.family !== 'ieee';
    if (side === 'above') {
        return `${value}, beyond ${format.name}'s largest value ${formatPowerOfTwo(format.maxPos)}: values above it ${posit ? 'saturate at maxpos' : 'overflow to ±∞'}`;
    }
    const smallest = Math.min(Math.abs(range.lo), Math.abs(range.hi));
    return `${value}, down to ${formatNumber(smallest)}, below ${format.name}'s smallest positive value ${formatPowerOfTwo(format.minPos)}: smaller values ${posit ? 'round to minpos' : 'lose precision as subnormals or round to 0'}`;
}

// Why the range is what it is: the declared ranges it is computed from, and where the format is set.
function relatedRanges(subject: DesignSubject, node: IrNode, producer: ReadonlyMap<string, { sources: readonly string[] }>, format: NumericFormat): RelatedLocation[] {
    const related: RelatedLocation[] = [];
    const seen = new Set<string>();
    const pending = [node.name];
    while (pending.length > 0 && related.length < 3) {
        const name = pending.shift()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const declared = subject.declared.get(name);
        if (declared !== undefined) related.push(relatedAt({ node: declared.spec }, `'${name}' is declared in ${formatInterval(declared.range)}`));
        else pending.push(...(producer.get(name)?.sources ?? []));
    }
    const formatSetting = subject.training?.node.settings.find((setting) => isFormatSetting(setting) && setting.target === undefined);
    if (formatSetting !== undefined) related.push(relatedAt({ node: formatSetting }, `the training holds values in ${format.name}`));
    return related;
}

// Switch the training to the narrowest format whose dynamic range covers the value's range.
function widening(subject: DesignSubject, range: Interval, format: NumericFormat): QuickFix[] {
    const training = subject.training;
    const wider = narrowestCovering(range);
    if (training === undefined || wider === undefined || wider.name === format.name) return [];
    const edit = settingEdit(training.node, { setting: 'format', format: wider.name });
    return edit !== undefined ? [{ title: `Hold ${subject.title}'s values in ${wider.name} (covers ${formatInterval(range)})`, edits: [edit] }] : [];
}

function excerpt(node: AstNode): string | undefined {
    const text = node.$cstNode?.text.replace(/\s+/g, ' ').trim();
    if (text === undefined) return undefined;
    return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
