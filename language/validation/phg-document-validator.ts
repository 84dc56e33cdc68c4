// Langium's document validator, adapted to PHG: parse errors carry PHG0001 and only the first
// one of each block is shown (recovery noise after it is dropped); link errors get messages in
// the user's terms ("unknown unit 'mss'; did you mean 'ms'?") and codes; the semantic analysis
// contributes its diagnostics, with related locations in the same document.
import {
    AstUtils, Cancellation, DefaultDocumentValidator, DocumentValidator, type AstNode, type LangiumDocument, type ParseResult, type ValidationAcceptor, type ValidationOptions
} from 'langium';
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PhgDocumentAnalyzer } from '../analysis/document-analyzer.js';
import type { PhgDiagnostic } from '../analysis/analysis-types.js';
import { isDistillDecl, isTrainDecl, type DistillDecl, type PhgFile, type TrainDecl } from '../generated/ast.js';
import { blocksWithParseErrors, isQuietAt } from '../analysis/parse-error-blocks.js';
import { closestName } from '../inference/spelling.js';
import type { PhgCoreServices } from '../phg-module.js';
import type { DiagnosticCode } from './diagnostic-codes.js';

const severities: Readonly<Record<PhgDiagnostic['severity'], DiagnosticSeverity>> = { error: 1, warning: 2, info: 3, hint: 4 };

/** Validates a document: syntax, links, and the semantic analysis. */
export class PhgDocumentValidator extends DefaultDocumentValidator {
    private readonly analyzer: PhgDocumentAnalyzer;
    private readonly services: PhgCoreServices;

    constructor(services: PhgCoreServices) {
        super(services);
        this.services = services;
        this.analyzer = services.analysis.DocumentAnalyzer;
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        for (const diagnostic of own) diagnostics.push({ ...diagnostic, code: 'PHG0002' });
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        const root = parseResult.value as AstNode;
        // A block with a lexing error already has its diagnostic; parse errors there follow from it.
        const seenBlocks = new Set<number>(parseResult.lexerErrors.map((error) => blockIndexAt(root, {
            range: { start: { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 }, end: { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 } }
        })));
        for (const diagnostic of own) {
            const block = blockIndexAt(root, diagnostic);
            if (seenBlocks.has(block)) continue;
            seenBlocks.add(block);
            diagnostics.push({ ...diagnostic, code: 'PHG0001' });
        }
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        // Cheap on purpose: a syntax-and-names-only validation must not run the whole analysis.
        const quiet = blocksWithParseErrors(document, document.parseResult.value as PhgFile);
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) continue;
            const container = error.info.container;
            if (isQuietAt(quiet, container) || isNameInUnresolvedTraining(container)) continue;
            const name = reference.$refText;
            const { code, message } = this.describeLinkingError(error.info.container, error.info.property, name, () => {
                try {
                    return this.services.references.ScopeProvider.getScope(error.info).getAllElements().map((element) => element.name).toArray();
                } catch {
                    return [];
                }
            });
            diagnostics.push({
                severity: 1,
                range: reference.$refNode?.range ?? container.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                message,
                code,
                source: this.getSource(),
                data: { code: DocumentValidator.LinkingError, containerType: container.$type, property: error.info.property, refText: name }
            });
        }
    }

    protected override async validateAst(rootNode: AstNode, options: ValidationOptions, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const diagnostics = await super.validateAst(rootNode, options, cancelToken);
        if (options.categories && !options.categories.includes('fast')) return diagnostics;
        const document = AstUtils.getDocument(rootNode);
        const uri = document.uri.toString();
        const design = this.services.analysis.RepresentationAnalyzer.analyze(document).diagnostics;
        for (const diagnostic of [...this.analyzer.analyze(document).diagnostics, ...design]) {
            diagnostics.push({
                severity: severities[diagnostic.severity],
                range: diagnostic.range,
                message: diagnostic.message,
                code: diagnostic.code,
                source: this.getSource(),
                relatedInformation: diagnostic.related.map((related) => ({ location: { uri, range: related.range }, message: related.message })),
                data: { code: diagnostic.code }
            });
        }
        return diagnostics;
    }

    /**
     * Every PHG check runs in the analysis; walking each node for registry checks costs ~15 ms on
     * a 2,000-line file, so the walk happens only if someone registered a per-node check.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        this.hasNodeChecks ??= this.services.shared.AstReflection.getAllTypes()
            .some((type) => !this.validationRegistry.getChecks(type).isEmpty());
        if (this.hasNodeChecks) await super.validateAstNodes(rootNode, options, acceptor, cancelToken);
    }

    private hasNodeChecks: boolean | undefined;

    private describeLinkingError(container: AstNode, property: string, name: string, candidates: () => string[]): { code: DiagnosticCode; message: string } {
        const suggestion = (): string => {
            const closest = closestName(name, candidates());
            return closest ? `; did you mean '${closest}'?` : '';
        };
        switch (`${container.$type}.${property}`) {
            case 'UnitRef.unit':
                return { code: 'PHG1101', message: `unknown unit '${name}'${suggestion()} (declare it with \`unit ${name} = …\`)` };
            case 'UnitDecl.base':
                return { code: 'PHG1102', message: `unknown dimension '${name}'${suggestion()} (declare it with \`dimension ${name}\`)` };
            case 'NameRef.target':
            case 'LayerDecl.source': {
                const where = AstUtils.getContainerOfType(container, (node): node is AstNode => node.$type === 'ModelDecl' || node.$type === 'TrainDecl' || node.$type === 'DistillDecl');
                const scope = where?.$type === 'ModelDecl' ? `in model ${(where as { name?: string }).name ?? ''}` : 'among the model\'s values and the data\'s columns';
                return { code: 'PHG0101', message: `unknown name '${name}' ${scope}${suggestion()}` };
            }
            case 'PlasticityDecl.layer':
                return { code: 'PHG0103', message: `unknown layer '${name}'${suggestion()}` };
            case 'TrainDecl.model': case 'DistillDecl.student': case 'DistillDecl.teacher': case 'DeployDecl.model': case 'ModelDecl.like':
                return { code: 'PHG0103', message: `unknown model '${name}'${suggestion()}` };
            case 'TrainDecl.data': case 'DistillDecl.data': case 'ValidateSetting.data': case 'DataDecl.like':
                return { code: 'PHG0103', message: `unknown data set '${name}'${suggestion()}` };
            case 'MultivectorElement.algebra': case 'BladeExpr.algebra':
                return { code: 'PHG0103', message: `unknown algebra '${name}'${suggestion()}` };
            default:
                return { code: 'PHG0103', message: `unknown name '${name}'${suggestion()}` };
        }
    }
}

/** A value name in a training whose model or data does not resolve: that error is already reported. */
function isNameInUnresolvedTraining(node: AstNode): boolean {
    if (node.$type !== 'NameRef') return false;
    const training = AstUtils.getContainerOfType(node, (n): n is TrainDecl | DistillDecl => isTrainDecl(n) || isDistillDecl(n));
    if (!training) return false;
    const model = isTrainDecl(training) ? training.model?.ref : training.student?.ref;
    return model === undefined || training.data?.ref === undefined;
}

/** Index of the top-level declaration a diagnostic falls in; gaps between declarations get their own negative index. */
function blockIndexAt(root: AstNode, diagnostic: Pick<Diagnostic, 'range'>): number {
    const declarations = (root as { declarations?: AstNode[] }).declarations ?? [];
    const line = diagnostic.range.start.line;
    const character = diagnostic.range.start.character;
    for (let i = 0; i < declarations.length; i++) {
        const range = declarations[i]?.$cstNode?.range;
        if (!range) continue;
        const afterStart = line > range.start.line || (line === range.start.line && character >= range.start.character);
        const beforeEnd = line < range.end.line || (line === range.end.line && character <= range.end.character);
        if (afterStart && beforeEnd) return i;
        if (!afterStart) return -1 - i;
    }
    return -1 - declarations.length;
}
