import {
    createCompletionParser,
    createDefaultCoreModule,
    createLangiumParser,
    type AstNode,
    type LangiumCompletionParser,
    type LangiumParser,
    type ParseResult,
    type ParserOptions,
    createDefaultSharedCoreModule,
    inject,
    type DefaultSharedCoreModuleContext,
    type LangiumCoreServices,
    type LangiumSharedCoreServices,
    type Module,
    type PartialLangiumCoreServices
} from 'langium';
import { PhgDocumentAnalyzer } from './analysis/document-analyzer.js';
import { PhgRepresentationAnalyzer } from './representation/representation-analysis.js';
import { PhgBuiltinDocument } from './builtins/builtin-document.js';
import { PhgGeneratedModule, PhgGeneratedSharedModule } from './generated/module.js';
import { PhgScopeComputation } from './scoping/phg-scope-computation.js';
import { PhgScopeProvider } from './scoping/phg-scope-provider.js';
import { PhgLexerErrorMessageProvider, PhgParserErrorMessageProvider } from './syntax/parser-error-messages.js';
import { guardNesting, nestingError } from './syntax/nesting-guard.js';
import { limitRepetitionRecovery } from './syntax/repetition-recovery-guard.js';
import { PhgDocumentValidator } from './validation/phg-document-validator.js';

/**
 * LL(3) instead of Langium's default ALL(*): PHG needs no more, and unbounded lookahead makes a
 * half-typed call (`relu(x @`) parse as a name followed by garbage, with a useless message.
 * A unit test builds the parser with validations on to prove the grammar has no LL(3) ambiguity.
 */
export const phgParserConfig = { maxLookahead: 3 } as const;

/** Services the PHG language adds to Langium's core (parsing, linking, validation, analysis). */
export type PhgAddedServices = {
    builtins: {
        /** The built-in dimensions and units, as a parsed document user files link into. */
        BuiltinDocument: PhgBuiltinDocument;
    };
    analysis: {
        /** Dimension and shape inference and every semantic check; cached per parse. */
        DocumentAnalyzer: PhgDocumentAnalyzer;
        /** Memory plans, value ranges and their PHG4xxx checks, from the lowered models; cached per parse. */
        RepresentationAnalyzer: PhgRepresentationAnalyzer;
    };
};

/** The PHG language's core services: everything but the editor protocol. */
export type PhgCoreServices = LangiumCoreServices & PhgAddedServices;

/** Wires the PHG language's own core services into Langium's dependency injection. */
export const PhgModule: Module<PhgCoreServices, PartialLangiumCoreServices & PhgAddedServices> = {
    builtins: {
        BuiltinDocument: (services) => new PhgBuiltinDocument(() => services.shared.workspace.LangiumDocumentFactory)
    },
    analysis: {
        DocumentAnalyzer: (services) => new PhgDocumentAnalyzer(services.builtins.BuiltinDocument),
        RepresentationAnalyzer: (services) => new PhgRepresentationAnalyzer(services.analysis.DocumentAnalyzer)
    },
    parser: {
        LangiumParser: (services) => createNestingGuardedParser(services),
        CompletionParser: (services) => createNestingGuardedCompletionParser(services),
        ParserErrorMessageProvider: () => new PhgParserErrorMessageProvider(),
        LexerErrorMessageProvider: () => new PhgLexerErrorMessageProvider(),
        ParserConfig: () => phgParserConfig
    },
    references: {
        ScopeProvider: (services) => new PhgScopeProvider(services),
        ScopeComputation: (services) => new PhgScopeComputation(services)
    },
    validation: {
        DocumentValidator: (services) => new PhgDocumentValidator(services)
    }
};

/**
 * Langium's parser, reading input through the nesting guard (syntax/nesting-guard.ts), its error
 * recovery bounded (syntax/repetition-recovery-guard.ts): neither deep input nor many errors overflow it.
 */
function createNestingGuardedParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    limitRepetitionRecovery(parser);
    const parse = parser.parse.bind(parser);
    parser.parse = <T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> => {
        const guarded = guardNesting(input);
        const result = parse<T>(guarded.text, options);
        if (guarded.cutAt !== undefined) result.parserErrors.unshift(nestingError(guarded.text, guarded.cutAt, guarded.reason));
        return result;
    };
    return parser;
}

/**
 * The completion parser re-reads the text before the cursor on every completion request: it
 * needs the same guards, or 500 nested parentheses (or 3,000 lines in error) overflow its stack.
 */
function createNestingGuardedCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = createCompletionParser(services);
    limitRepetitionRecovery(parser);
    const parse = parser.parse.bind(parser);
    parser.parse = (input: string) => parse(guardNesting(input).text);
    return parser;
}

/**
 * Creates the PHG language services without LSP, for the CLI and tests. The language server
 * composes `PhgModule` with its LSP providers instead (server/phg-lsp-module.ts).
 */
export function createPhgCoreServices(context: DefaultSharedCoreModuleContext): {
    shared: LangiumSharedCoreServices;
    Phg: PhgCoreServices;
} {
    const shared = inject(createDefaultSharedCoreModule(context), PhgGeneratedSharedModule);
    const Phg = inject(createDefaultCoreModule({ shared }), PhgGeneratedModule, PhgModule);
    shared.ServiceRegistry.register(Phg);
    return { shared, Phg };
}
