// Inlay hints: the inferred dimension where the source leaves it out, at the very place the
// annotation would go: `param W1 : [64, 32]⟨<1/px>⟩`, `h⟨: [32]<1>⟩ = relu(...)`. A hint whose
// dimension is fully known carries the edit, so double-clicking it writes the annotation. After
// each param, the bytes it takes in the format its model trains in: `param W1 … init he ⟨4.0 KiB posit<16>⟩`.
import { GrammarUtils, type LangiumDocument } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams, type Position, type Range } from 'vscode-languageserver';
import type { ast} from '../../language/index.js';
import type { DesignSubject, DocumentAnalysis, ValueAnalysis } from '../../language/index.js';
import { analyzeRepresentation, formatByteSize } from '../../language/index.js';
import { liveAnalysis } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';

/** Inferred dimensions of unannotated params, named values and outputs. */
export class PhgInlayHintProvider implements InlayHintProvider {
    constructor(private readonly services: PhgLspServices) {}

    getInlayHints(document: LangiumDocument, params: InlayHintParams): InlayHint[] {
        const analysis = liveAnalysis(document, this.services);
        if (!analysis) return [];
        const hints: InlayHint[] = [];
        const representation = analyzeRepresentation(document, this.services);
        for (const model of analysis.models) {
            for (const value of model.values) {
                const hint = inferredDimensionHint(value, analysis, document);
                if (hint && within(hint.position, params.range)) hints.push(hint);
            }
            const subject = representation.subjectOfModel(model.model);
            for (const value of model.values) {
                const hint = subject !== undefined && value.node.$container === model.model ? paramBytesHint(value, subject, document) : undefined;
                if (hint && within(hint.position, params.range)) hints.push(hint);
            }
        }
        return hints;
    }
}

/** The hint for one value, or undefined when its dimension is written (or not inferred). */
export function inferredDimensionHint(value: ValueAnalysis, analysis: DocumentAnalysis, document: LangiumDocument): InlayHint | undefined {
    if (value.dimensionAnnotated || value.inferredDimensionText === undefined) return undefined;
    if (value.kind !== 'param' && value.kind !== 'let' && value.kind !== 'output') return undefined;
    const place = annotationPlace(value.node, document);
    if (!place) return undefined;
    const unit = `<${value.inferredDimensionText}>`;
    const label = place.afterType ? unit : `: ${analysis.formatType(value.type)}`;
    const edit = value.suggestedAnnotation;
    return {
        position: place.position,
        label,
        kind: InlayHintKind.Type,
        paddingLeft: !place.afterType,
        tooltip: edit ? 'Inferred dimension. Double-click to write it down.' : 'Inferred dimension; it has free variables, so it cannot be written down yet.',
        ...(edit ? { textEdits: [{ range: { start: edit.position, end: edit.position }, newText: edit.text }] } : {})
    };
}

/** The bytes a param takes in the format its model is trained in, after its declaration. */
export function paramBytesHint(value: ValueAnalysis, subject: DesignSubject, document: LangiumDocument): InlayHint | undefined {
    if (value.kind !== 'param' || !('graph' in subject.lowered)) return undefined;
    const node = subject.lowered.map.nodeOfValue(value.node);
    const end = value.node.$cstNode?.end;
    if (node === undefined || end === undefined) return undefined;
    const state = subject.training !== undefined && subject.settings.stateTensorsPerParam > 0
        ? ` Training adds ${subject.settings.stateTensorsPerParam} optimizer state ${subject.settings.stateTensorsPerParam === 1 ? 'copy' : 'copies'} of it.`
        : '';
    return {
        position: document.textDocument.positionAt(end),
        label: `${formatByteSize(node.bytes)} ${node.format}`,
        paddingLeft: true,
        tooltip: `Bytes of ${value.name} in ${node.format} (${subject.title}).${state}`
    };
}

/** After the written type (`[64, 32]`), or after the name when the value has no type at all. */
function annotationPlace(node: ast.NamedValue, document: LangiumDocument): { position: Position; afterType: boolean } | undefined {
    const type = 'type' in node ? node.type : undefined;
    if (type?.$cstNode) return { position: document.textDocument.positionAt(type.$cstNode.end), afterType: true };
    const name = GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
    return name ? { position: document.textDocument.positionAt(name.end), afterType: false } : undefined;
}

function within(position: Position, range: Range): boolean {
    const after = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
    const before = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
    return after && before;
}
