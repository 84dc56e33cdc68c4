// Semantic tokens: what the TextMate grammar cannot know. A soft keyword used as a name
// (`alpha`, `range`, `data`) is a variable here; a name is coloured by what it refers to (input,
// param, model, unit); built-in functions and units are marked as the default library.
import { AstUtils, isReference, URI, type AstNode, type Reference } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { ast, builtinFunctions, builtinUnitsUri } from '../../language/index.js';

const builtinDocumentUri = URI.parse(builtinUnitsUri).toString();

/** The token type of a declaration, whether it is highlighted where declared or where used. */
function tokenTypeOf(node: AstNode): string | undefined {
    switch (node.$type) {
        case 'InputDecl': return SemanticTokenTypes.variable;
        case 'ParamDecl': return SemanticTokenTypes.parameter;
        case 'LetDecl': case 'OutputDecl': case 'LayerDecl': return SemanticTokenTypes.variable;
        case 'DataColumn': return SemanticTokenTypes.property;
        case 'ModelDecl': return SemanticTokenTypes.class;
        case 'DataDecl': return SemanticTokenTypes.struct;
        case 'UnitDecl': case 'DimensionDecl': case 'FormatDecl': return SemanticTokenTypes.type;
        case 'AlgebraDecl': return SemanticTokenTypes.namespace;
        default: return undefined;
    }
}

/** `readonly` for inputs (data flows in, nothing assigns them); `defaultLibrary` for built-ins. */
function modifiersOf(target: AstNode, declaration: boolean): string[] {
    const modifiers: string[] = [];
    if (declaration) modifiers.push(SemanticTokenModifiers.declaration);
    if (target.$type === 'InputDecl' || target.$type === 'DataColumn') modifiers.push(SemanticTokenModifiers.readonly);
    if (AstUtils.getDocument(target).uri.toString() === builtinDocumentUri) modifiers.push(SemanticTokenModifiers.defaultLibrary);
    return modifiers;
}

/** Highlights declarations, references and calls from the linked syntax tree. */
export class PhgSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declared = tokenTypeOf(node);
        if (declared !== undefined && 'name' in node && typeof node.name === 'string') {
            acceptor({ node, property: 'name', type: declared, modifier: modifiersOf(node, true) });
        }
        if (ast.isCallExpr(node)) {
            const builtin = builtinFunctions.has(node.function);
            acceptor({ node, property: 'function', type: SemanticTokenTypes.function, modifier: builtin ? [SemanticTokenModifiers.defaultLibrary] : [] });
            return;
        }
        if (ast.isValueSetting(node) || ast.isCallSetting(node)) {
            acceptor({ node, property: 'key', type: SemanticTokenTypes.keyword });
        }
        for (const [property, reference] of referencesOf(node)) {
            const target = reference.ref;
            const type = target ? tokenTypeOf(target) : undefined;
            if (target && type) acceptor({ node, property, type, modifier: modifiersOf(target, false) });
        }
    }
}

/** The node's own single-valued cross-references, by property. */
function referencesOf(node: AstNode): [string, Reference][] {
    const found: [string, Reference][] = [];
    for (const [property, value] of Object.entries(node)) {
        if (property.startsWith('$')) continue;
        if (isReference(value)) found.push([property, value]);
    }
    return found;
}
