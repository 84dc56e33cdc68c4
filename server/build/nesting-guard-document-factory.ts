// Parses documents so that no input can abort a build. A syntax tree that cannot be built would
// leave every request waiting for a document state that never comes, so:
// - nesting deeper than the parser's stack allows is blanked out first (nesting-limit.ts) and
//   reported as a syntax error where it starts;
// - should the parser still throw, the document gets an empty tree and a syntax error saying so.
import { DefaultLangiumDocumentFactory, type AstNode, type ParseResult, type ParserOptions, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { limitNesting, maximumNesting } from './nesting-limit.js';

type ParserError = ParseResult['parserErrors'][number];
type ParserToken = ParserError['token'];

/** Parses documents, reporting absurd nesting as a syntax error instead of overflowing the stack. */
export class NestingGuardDocumentFactory extends DefaultLangiumDocumentFactory {
    protected override parse<T extends AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
        const limited = limitNesting(text);
        try {
            return withNestingError(super.parse<T>(uri, limited.text, options), text, limited.tooDeep);
        } catch (error) {
            return this.unparsable<T>(uri, error);
        }
    }

    protected override async parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        const limited = limitNesting(text);
        try {
            return withNestingError(await super.parseAsync<T>(uri, limited.text, cancellationToken), text, limited.tooDeep);
        } catch (error) {
            return this.unparsable<T>(uri, error);
        }
    }

    private unparsable<T extends AstNode>(uri: URI, error: unknown): ParseResult<T> {
        // A parser exception is a bug; log it for the output channel (and the robustness test).
        console.error('PHG: the parser failed:', error);
        const empty = super.parse<T>(uri, '');
        const reason = error instanceof Error ? error.message : String(error);
        return { ...empty, parserErrors: [syntheticParserError(`The parser failed on this file (${reason}); the file is shown as empty until it parses.`, tokenAt('', 0))] };
    }
}

function withNestingError<T extends AstNode>(result: ParseResult<T>, text: string, tooDeep: { offset: number; depth: number } | undefined): ParseResult<T> {
    if (tooDeep === undefined) return result;
    const message = `Nested ${tooDeep.depth} levels deep here; PHG parses at most ${maximumNesting}. Give inner parts of the expression names (h = ...).`;
    return { ...result, parserErrors: [syntheticParserError(message, tokenAt(text, tooDeep.offset)), ...result.parserErrors] };
}

/** A one-character token at `offset`, with the 1-based line and column chevrotain tokens carry. */
function tokenAt(text: string, offset: number): ParserToken {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return {
        image: text.charAt(offset),
        startOffset: offset,
        endOffset: offset,
        startLine: line,
        endLine: line,
        startColumn: column,
        endColumn: column,
        tokenTypeIdx: 0,
        tokenType: { name: 'NestingTooDeep' }
    };
}

function syntheticParserError(message: string, token: ParserToken): ParserError {
    return { name: 'NestingTooDeepError', message, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } };
}
