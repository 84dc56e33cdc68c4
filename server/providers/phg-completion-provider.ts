// Completion: Langium proposes keywords and the names a reference may link to (values, units,
// models, data sets); this adds what the grammar cannot know — the built-in functions where an
// expression may call one, and the numeric formats where a format is named — and drops the soft
// keywords Langium would otherwise offer wherever a name may stand (`range`, `data`, ...).
import { AstUtils, GrammarAST, URI, type AstNode, type AstNodeDescription, type ReferenceInfo } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import { ast, builtinFunctions, builtinUnitsUri, initializerArguments, optimizerArguments } from '../../language/index.js';
import { liveAnalysis } from '../build/live-analysis-limit.js';
// Not yet part of language/index.ts (see the report to the language engineer): the accepted format spellings.
import { knownFormatNames } from '../../language/formats/format-spelling.js';
import type { PhgLspServices } from '../phg-lsp-module.js';
import { valueSignature } from './value-descriptions.js';

const builtinDocumentUri = URI.parse(builtinUnitsUri).toString();

/** Rules whose keywords are only ever names when reached through them. */
const nameRules: ReadonlySet<string> = new Set(['Name', 'QualifiedName']);

/** Settings whose call is a constructor (optimizer, data source, encoder), not a model function. */
function callsAConstructor(node: AstNode | undefined): boolean {
    for (let current = node; current; current = current.$container) {
        if (ast.isOptimizerSetting(current) || ast.isCallSetting(current) || ast.isDataDecl(current) || ast.isInitCall(current) || ast.isDeploySetting(current)) return true;
        if (ast.isModelDecl(current) || ast.isLossSetting(current)) return false;
    }
    return false;
}

/** Whether the cursor is in an `init …` or an `optimizer …` (their names and arguments are completed apart). */
function constructorAt(node: AstNode | undefined): 'init' | 'optimizer' | undefined {
    for (let current = node; current; current = current.$container) {
        if (ast.isInitCall(current) || ast.isInitLiteral(current)) return 'init';
        if (ast.isOptimizerSetting(current)) return 'optimizer';
        if (ast.isModelDecl(current) || ast.isTrainDecl(current) || ast.isDistillDecl(current)) return undefined;
    }
    return undefined;
}

/** The initializer or optimizer whose arguments the cursor is in. */
function argumentOwner(node: AstNode | undefined): string | undefined {
    for (let current = node; current; current = current.$container) {
        if (ast.isInitCall(current)) return current.kind;
        if (ast.isOptimizerSetting(current)) return current.optimizer?.function;
    }
    return undefined;
}

/** PHG completion on top of Langium's grammar-driven one. */
export class PhgCompletionProvider extends DefaultCompletionProvider {
    constructor(private readonly phgServices: PhgLspServices) {
        super(phgServices);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): ReturnType<DefaultCompletionProvider['completionFor']> {
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule)?.name;
        if (GrammarAST.isKeyword(next.feature) && rule !== undefined && nameRules.has(rule)) return;
        const isName = GrammarAST.isRuleCall(next.feature) && next.feature.rule.ref?.name === 'ID' && rule === 'Name';
        const constructor = constructorAt(context.node);
        // `kind=Name` is only an initializer's name (`init he`).
        if (isName && next.property === 'kind') {
            this.completeInitializers(context, acceptor);
            return;
        }
        if (isName && next.property === 'function' && constructor === 'optimizer') {
            this.completeOptimizers(context, acceptor);
            return;
        }
        if (constructor !== undefined && (next.property === 'name' || next.property === 'target' || GrammarAST.isCrossReference(next.feature))) {
            // Inside an initializer's or optimizer's arguments: their names, not the model's values.
            this.completeArguments(context, acceptor, constructor);
            return;
        }
        if (isName && next.property === 'function' && !callsAConstructor(context.node)) {
            this.completeFunctions(context, acceptor);
            return;
        }
        if (isName && next.property === 'family') {
            this.completeFormats(context, acceptor);
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    private completeFunctions(context: CompletionContext, acceptor: CompletionAcceptor): void {
        for (const fn of builtinFunctions.values()) {
            acceptor(context, { label: fn.name, kind: CompletionItemKind.Function, detail: fn.summary, sortText: '2' });
        }
    }

    private completeInitializers(context: CompletionContext, acceptor: CompletionAcceptor): void {
        for (const [name, args] of initializerArguments) {
            acceptor(context, { label: name, kind: CompletionItemKind.Constructor, detail: args.length > 0 ? `${name}(${args.join(', ')})` : 'initializer', sortText: '0' });
        }
    }

    private completeOptimizers(context: CompletionContext, acceptor: CompletionAcceptor): void {
        for (const [name, args] of optimizerArguments()) {
            acceptor(context, { label: name, kind: CompletionItemKind.Constructor, detail: `${name}(${args.map((arg) => `${arg}:`).join(', ')})`, sortText: '0' });
        }
    }

    private completeArguments(context: CompletionContext, acceptor: CompletionAcceptor, constructor: 'init' | 'optimizer'): void {
        const call = argumentOwner(context.node);
        if (call === undefined) return;
        const names = constructor === 'init' ? initializerArguments.get(call) : optimizerArguments().get(call);
        for (const name of names ?? []) acceptor(context, { label: name, kind: CompletionItemKind.Field, insertText: `${name}: `, detail: `argument of ${call}`, sortText: '0' });
    }

    private completeFormats(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const root = context.document.parseResult.value;
        if (ast.isPhgFile(root)) {
            for (const alias of root.declarations.filter(ast.isFormatDecl)) {
                acceptor(context, { label: alias.name, kind: CompletionItemKind.TypeParameter, detail: `format ${alias.name} = …`, sortText: '0' });
            }
        }
        for (const name of knownFormatNames()) {
            acceptor(context, { label: name, kind: CompletionItemKind.TypeParameter, detail: 'numeric format', sortText: '1' });
        }
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        if (description.type === 'UnitDecl' || description.type === 'DimensionDecl') {
            const builtin = description.documentUri.toString() === builtinDocumentUri;
            // The built-in document lists base and derived units before the prefixed ones: keep that order.
            const order = builtin ? `2${description.path.replace(/\D/g, '').padStart(6, '0')}` : '0';
            return { ...item, kind: description.type === 'UnitDecl' ? CompletionItemKind.Unit : CompletionItemKind.TypeParameter, detail: node?.$cstNode?.text, sortText: order };
        }
        if (node && ast.isNamedValue(node)) {
            const analysis = liveAnalysis(AstUtils.getDocument(node), this.phgServices);
            const value = analysis?.valueOf(node);
            const detail = analysis && value ? valueSignature(value, analysis) : description.type;
            return { ...item, kind: ast.isParamDecl(node) ? CompletionItemKind.Field : CompletionItemKind.Variable, detail };
        }
        if (description.type === 'ModelDecl') return { ...item, kind: CompletionItemKind.Class, detail: 'model' };
        if (description.type === 'DataDecl') return { ...item, kind: CompletionItemKind.Struct, detail: 'data set' };
        return item;
    }
}
