// The outline: models with their inputs, params, named values and outputs (each with its
// inferred type), data sets with their columns, and the train / distill / deploy blocks, which
// have no name of their own and so are titled by their header (`train Mlp on train_set`).
import { DocumentState, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { ast, type DocumentAnalysis } from '../../language/index.js';
import { liveAnalysis } from '../build/live-analysis-limit.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { trainingTitle } from './value-descriptions.js';

const valueKinds: Readonly<Record<string, SymbolKind>> = {
    InputDecl: SymbolKind.Variable,
    ParamDecl: SymbolKind.Field,
    LetDecl: SymbolKind.Variable,
    OutputDecl: SymbolKind.Property,
    LayerDecl: SymbolKind.Object,
    DataColumn: SymbolKind.Field
};

/** Document symbols for the outline, breadcrumbs and "go to symbol". */
export class PhgDocumentSymbolProvider implements DocumentSymbolProvider {
    constructor(private readonly services: PhgLspServices) {}

    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value;
        if (!ast.isPhgFile(root)) return [];
        // Symbols need only the parse; types come from the analysis when linking has happened.
        const analysis = document.state >= DocumentState.Linked ? liveAnalysis(document, this.services) : undefined;
        return root.declarations.flatMap((declaration) => declarationSymbol(declaration, analysis));
    }
}

function declarationSymbol(declaration: ast.Declaration, analysis: DocumentAnalysis | undefined): DocumentSymbol[] {
    if (ast.isModelDecl(declaration)) {
        const children = declaration.statements.flatMap((statement) => ast.isNamedValue(statement) ? valueSymbol(statement, analysis) : []);
        return symbol(declaration, declaration.name, SymbolKind.Class, declaration.like ? `like ${declaration.like.$refText}` : 'model', children);
    }
    if (ast.isDataDecl(declaration)) {
        return symbol(declaration, declaration.name, SymbolKind.Struct, 'data', declaration.columns.flatMap((column) => valueSymbol(column, analysis)));
    }
    if (ast.isTrainDecl(declaration) || ast.isDistillDecl(declaration)) return symbol(declaration, trainingTitle(declaration), SymbolKind.Event, '');
    if (ast.isDeployDecl(declaration)) return symbol(declaration, `deploy ${declaration.name}`, SymbolKind.Module, `serves ${declaration.model?.$refText ?? '…'}`);
    if (ast.isUnitDecl(declaration)) return symbol(declaration, declaration.name, SymbolKind.Constant, 'unit');
    if (ast.isDimensionDecl(declaration)) return symbol(declaration, declaration.name, SymbolKind.TypeParameter, 'dimension');
    if (ast.isFormatDecl(declaration)) return symbol(declaration, declaration.name, SymbolKind.TypeParameter, 'format');
    if (ast.isAlgebraDecl(declaration)) return symbol(declaration, declaration.name, SymbolKind.Namespace, 'algebra');
    return [];
}

function valueSymbol(value: ast.NamedValue, analysis: DocumentAnalysis | undefined): DocumentSymbol[] {
    const analysed = analysis?.valueOf(value);
    const detail = analysed && analysis ? analysis.formatType(analysed.type) : '';
    return symbol(value, value.name, valueKinds[value.$type] ?? SymbolKind.Variable, detail);
}

/** One symbol; none when the parser could not give the node a name or a position. */
function symbol(node: AstNode, name: string | undefined, kind: SymbolKind, detail: string, children: DocumentSymbol[] = []): DocumentSymbol[] {
    const range = node.$cstNode?.range;
    if (!range || !name) return [];
    const selectionRange = GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range ?? range;
    return [{ name, kind, detail, range, selectionRange, ...(children.length > 0 ? { children } : {}) }];
}
