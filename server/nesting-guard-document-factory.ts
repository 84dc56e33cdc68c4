// The parser is recursive descent: each bracket level costs a handful of stack frames, and a few
// hundred nested brackets overflow Node's stack. Left alone, that RangeError aborts the whole
// build and leaves every request waiting for a document that never gets parsed. This factory
// turns it into an ordinary syntax error at the deepest bracket, on an empty syntax tree.
import { DefaultLangiumDocumentFactory, type AstNode, type ParseResult, type URI } from 'langium';
import type { ParserOptions } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';

type ParserError = ParseResult['parserErrors'][number];
type ParserToken = ParserError['token'];

/** Parses documents, reporting nesting too deep for the parser as a syntax error instead of crashing. */
export class NestingGuardDocumentFactory extends DefaultLangiumDocumentFactory {
    protected override parse<T extends AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
        try {
            return super.parse<T>(uri, text, options);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            return this.tooDeeplyNested<T>(uri, text);
        }
    }

    protected override async parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
        try {
            return await super.parseAsync<T>(uri, text, cancellationToken);
        } catch (error) {
            if (!(error instanceof RangeError)) throw error;
            return this.tooDeeplyNested<T>(uri, text);
        }
    }

    private tooDeeplyNested<T extends AstNode>(uri: URI, text: string): ParseResult<T> {
        const empty = super.parse<T>(uri, '');
        const deepest = findDeepestBracket(text);
        const message = deepest.depth > 0
            ? `This expression is nested ${deepest.depth} brackets deep, too deep to parse; give inner parts names (h = ...).`
            : 'This file is nested too deeply to parse; give inner parts of long expressions names (h = ...).';
        return { ...empty, parserErrors: [syntheticParserError(message, tokenAt(text, deepest.offset))] };
    }
}

/** The position of the opening bracket that reaches the greatest nesting depth. */
export function findDeepestBracket(text: string): { depth: number; offset: number } {
    let depth = 0;
    let deepest = { depth: 0, offset: 0 };
    for (let offset = 0; offset < text.length; offset++) {
        const char = text[offset];
        if (char === '(' || char === '[' || char === '{') {
            depth += 1;
            if (depth > deepest.depth) deepest = { depth, offset };
        } else if ((char === ')' || char === ']' || char === '}') && depth > 0) {
            depth -= 1;
        }
    }
    return deepest;
}

/** A one-character token at `offset`, with the 1-based line and column chevrotain tokens carry. */
function tokenAt(text: string, offset: number): ParserToken {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    const image = text.charAt(offset);
    return {
        image,
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
