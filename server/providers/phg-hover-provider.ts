// Hover: what the checker knows about the thing under the cursor. On a name (declaration or
// use): its inferred type, whether the dimension is written or inferred, and for a param the
// gradient's and learning rate's dimensions per training. Elsewhere in an expression: the type
// of the smallest enclosing expression (a call also gets the function's rule). Values and
// expressions add the design-time section (range, format, rounding error, best format, memory);
// a unit shows what it is in base units.
import { AstNodeHoverProvider } from 'langium/lsp';
import { AstUtils, CstUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { analyzeRepresentation, ast, builtinFunctions, builtinUnitsUri, describeUnit, layerStateHover, supportHover, type DocumentAnalysis, type ValueAnalysis } from '../../language/index.js';
import { liveAnalysis } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { representationNotes } from './representation-notes.js';
import { sourceExcerpt, trainingTitle, valueSignature } from './value-descriptions.js';

/** The built-in document's URI as Langium prints it (normalised, so comparable with `toString()`). */
const builtinDocumentUri = URI.parse(builtinUnitsUri).toString();

/** Hover contents built from the language's analysis. */
export class PhgHoverProvider extends AstNodeHoverProvider {
    constructor(private readonly services: PhgLspServices) {
        super(services);
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        return await super.getHoverContent(document, params) ?? this.expressionHover(document, params);
    }

    protected getAstNodeHoverContent(node: AstNode): string | undefined {
        if (ast.isNamedValue(node)) return this.namedValueHover(node);
        if (ast.isUnitDecl(node) || ast.isDimensionDecl(node)) return declarationHover(node);
        if (ast.isModelDecl(node)) return this.modelHover(node);
        if (ast.isDataDecl(node)) return this.dataHover(node);
        if (ast.isFormatDecl(node)) return markdown(codeBlock(sourceExcerpt(node, 200)), 'A numeric format alias.');
        return undefined;
    }

    private analysisOf(node: AstNode): DocumentAnalysis | undefined {
        return liveAnalysis(AstUtils.getDocument(node), this.services);
    }

    private namedValueHover(node: ast.NamedValue): string | undefined {
        const analysis = this.analysisOf(node);
        const value = analysis?.valueOf(node);
        if (!analysis || !value) return undefined;
        const parts = [codeBlock(valueSignature(value, analysis)), dimensionNote(value, analysis)];
        const multivector = analysis.multivectorOf(node);
        if (multivector !== undefined) parts.push(supportHover(multivector));
        if (ast.isParamDecl(node)) parts.push(gradientNote(node, analysis));
        if (ast.isDataColumn(node)) parts.push(`A column of data set \`${node.$container.name}\`.`);
        const layerState = ast.isLayerDecl(node) ? layerStateHover(node, analysis.models.find((m) => m.model === node.$container)?.trainings[0]?.settings.format) : undefined;
        if (layerState !== undefined) parts.push(layerState);
        const representation = analyzeRepresentation(AstUtils.getDocument(node), this.services).describeValue(node);
        if (representation !== undefined) parts.push(...representationNotes(representation, value.type.dimension, analysis));
        return markdown(...parts);
    }

    private modelHover(model: ast.ModelDecl): string {
        const analysis = this.analysisOf(model);
        if (!analysis) return markdown(codeBlock(`model ${model.name}`));
        const modelAnalysis = analysis.models.find((candidate) => candidate.model === model);
        const values = modelAnalysis?.values ?? [];
        const interface_ = values.filter((value) => value.kind === 'input' || value.kind === 'output').map((value) => `- \`${valueSignature(value, analysis)}\``);
        const params = values.filter((value) => value.kind === 'param').length;
        const trainings = (modelAnalysis?.trainings ?? []).map((training) => `\`${trainingTitle(training.node)}\``);
        return markdown(
            codeBlock(model.like ? `model ${model.name} like ${model.like.$refText}` : `model ${model.name}`),
            [...interface_, `- ${params} ${params === 1 ? 'param' : 'params'}`].join('\n'),
            trainings.length > 0 ? `Trained by ${trainings.join(', ')}.` : 'No `train` block trains this model.'
        );
    }

    private dataHover(data: ast.DataDecl): string {
        const analysis = this.analysisOf(data);
        const columns = data.columns.map((column) => {
            const value = analysis?.valueOf(column);
            return `- \`${analysis && value ? valueSignature(value, analysis) : column.name}\``;
        });
        const header = `data ${data.name} = ${sourceExcerpt(data.source, 120)}${data.like ? ` like ${data.like.$refText}` : ''}`;
        return markdown(codeBlock(header), columns.length > 0 ? columns.join('\n') : `The columns of \`${data.like?.$refText ?? '?'}\`.`);
    }

    /** The type of the smallest expression around the cursor that the checker typed. */
    private expressionHover(document: LangiumDocument, params: HoverParams): Hover | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf) return undefined;
        const analysis = liveAnalysis(document, this.services);
        if (!analysis) return undefined;
        for (let node: AstNode | undefined = leaf.astNode; node; node = node.$container) {
            if (!ast.isExpression(node)) continue;
            const type = analysis.typeOf(node);
            if (!type) continue;
            const typeText = analysis.formatType(type);
            const parts: string[] = [];
            if (ast.isCallExpr(node)) {
                parts.push(codeBlock(`${node.function}(…) : ${typeText}`));
                const builtin = builtinFunctions.get(node.function);
                if (builtin) parts.push(`\`${builtin.name}\`: ${builtin.summary}.`);
            } else {
                parts.push(codeBlock(`${sourceExcerpt(node)} : ${typeText}`));
                const value = ast.isQuantityLiteral(node) && node.unit ? analysis.quantityOf(node) : undefined;
                if (value !== undefined) parts.push(`= ${value} ${analysis.formatDimension(type.dimension)} in coherent base units.`);
            }
            const multivector = analysis.multivectorOf(node);
            if (multivector !== undefined) parts.push(supportHover(multivector));
            if (analysis.sandwichOf(node) !== undefined) parts.push('One sandwich operation R x ~R: a single hyperedge of three operands in the PHG IR.');
            const representation = analyzeRepresentation(document, this.services).describeExpression(node);
            if (representation !== undefined) parts.push(...representationNotes(representation, type.dimension, analysis));
            return { contents: { kind: 'markdown', value: markdown(...parts) }, range: node.$cstNode?.range };
        }
        return undefined;
    }
}

/** Whether the dimension is written, inferred, or left free by the program. */
function dimensionNote(value: ValueAnalysis, analysis: DocumentAnalysis): string {
    const text = `\`${analysis.formatDimension(value.type.dimension)}\``;
    if (value.dimensionAnnotated) return `Dimension ${text}, as written.`;
    if (value.inferredDimensionText === undefined) return `Dimension ${text}: no unit is written, so it is dimensionless.`;
    const free = value.type.dimension.variables.map((variable) => `\`${variable.name}\``);
    if (free.length > 0) return `Dimension ${text}, inferred; ${free.join(', ')} ${free.length === 1 ? 'is' : 'are'} free: nothing in the program fixes ${free.length === 1 ? 'it' : 'them'}.`;
    return `Dimension ${text}, inferred.`;
}

/** ∂L/∂W and the learning rate's dimension, one line per training of the param's model. */
function gradientNote(param: ast.ParamDecl, analysis: DocumentAnalysis): string {
    const gradients = analysis.gradientsOf(param);
    if (gradients.length === 0) return 'No `train` block trains this model yet, so the gradient has no dimension to show.';
    return gradients.map((gradient) => {
        const format = (dimension: typeof gradient.gradient): string => `\`<${analysis.formatDimension(dimension)}>\``;
        return `\`${trainingTitle(gradient.training)}\` (loss ${format(gradient.loss)}): gradient ∂L/∂${param.name} ${format(gradient.gradient)}, learning rate ${format(gradient.learningRate)}.`;
    }).join('\n\n');
}

/** A unit or dimension declaration, with its trailing comment (the built-ins describe themselves that way). */
function declarationHover(node: ast.UnitDecl | ast.DimensionDecl): string {
    const document = AstUtils.getDocument(node);
    const builtin = document.uri.toString() === builtinDocumentUri;
    const end = node.$cstNode?.range.end;
    const restOfLine = end ? document.textDocument.getText({ start: end, end: { line: end.line + 1, character: 0 } }) : '';
    const comment = /^\s*\/\/\s*(.+?)\s*$/.exec(restOfLine)?.[1];
    const what = ast.isUnitDecl(node) ? (builtin ? 'A built-in unit' : 'A unit declared in this workspace') : (builtin ? 'A built-in base dimension' : 'A base dimension declared in this workspace');
    return markdown(codeBlock(sourceExcerpt(node, 200)), `${what}${comment ? `: ${comment}` : ''}.`, ast.isUnitDecl(node) ? unitMeaning(node) : '');
}

/** `N` = `kg*m/s^2`, dimension Mass*Length/Time^2; a scaled unit with its factor (`ms` = 0.001 `s`). */
function unitMeaning(unit: ast.UnitDecl): string {
    const description = describeUnit(unit);
    if (description === undefined) return '';
    const scale = description.scale === 1 ? '' : `${description.scale} `;
    if (description.baseUnits === '1') return `\`${unit.name}\` = ${scale}\`1\`: dimensionless.`;
    return `\`${unit.name}\` = ${scale}\`${description.baseUnits}\`, dimension ${description.dimensions}.`;
}

function codeBlock(code: string): string {
    return '```phg\n' + code + '\n```';
}

function markdown(...parts: string[]): string {
    return parts.filter((part) => part !== '').join('\n\n');
}
