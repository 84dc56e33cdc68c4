// Parse errors a newcomer can act on. Chevrotain's default message lists every token sequence
// that could have followed; with PHG's soft keywords that is ~50 lines for a half-typed
// expression. We name the construct that was expected instead ("an expression", "a type") and
// the token the parser stopped after.
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { closestName } from '../inference/spelling.js';

/** What each grammar rule expects, in words, when none of its alternatives matches. */
const expectedByRule: Readonly<Record<string, string>> = {
    PhgFile: 'a declaration (dimension, unit, format, data, algebra, model, train, distill or deploy)',
    Declaration: 'a declaration (dimension, unit, format, data, algebra, model, train, distill or deploy)',
    ModelStatement: 'a model statement (input, param, output, layer, plasticity or `name = expression`)',
    TrainSetting: 'a train setting (loss, format, accumulate, gradient, optimizer, validate, budget, batch, epochs, seed, …)',
    DeploySetting: 'a deploy setting (port, rotation, trust or host)',
    TypeExpr: 'a type such as [64]<px>, [3]<m/s>, class(10) or spikes[64]',
    ValueType: 'a type such as [64]<px> or [3]<m/s>',
    UnitExpr: 'a unit such as m, m/s^2, kg m / s^2 or 1/px',
    UnitProduct: 'a unit such as m, m/s^2, kg m / s^2 or 1/px',
    UnitPower: 'a unit such as m, m/s^2, kg m / s^2 or 1/px',
    UnitAtom: 'a unit name, 1, or a parenthesised unit',
    UnitDefinition: "a unit definition such as 0.3048<m> or <kg m / s^2>",
    Initializer: 'an initializer (he, glorot, zeros, ones, normal(mean, std), uniform(lo, hi), identity or a number)',
    ColumnSelector: 'a column selector (`columns 0..63` or `column 64`)',
    GradientMode: 'a gradient mode (`backprop` or `forward(tangents: 1)`)',
    Subspace: 'a subspace (scalar, vector, bivector, trivector, pseudoscalar, even, motor, rotor, grade(k) or grades(k, …))',
    SubspaceKind: 'a subspace (scalar, vector, bivector, trivector, pseudoscalar, even, motor, rotor)',
    NumberValue: 'a number',
    SignedNumber: 'a number',
    SignedQuantity: 'a number',
    SignedInt: 'an integer',
    Name: 'a name',
    QualifiedName: 'a name',
    SettingKey: 'a setting name'
};

/** Keywords that start a model statement or a declaration, for "did you mean". */
const statementKeywords: readonly string[] = ['input', 'param', 'output', 'layer', 'plasticity'];
const declarationKeywords: readonly string[] = ['module', 'dimension', 'unit', 'format', 'data', 'algebra', 'model', 'train', 'distill', 'deploy'];

/** Rules whose failure means an operand is missing. */
const expressionRules: ReadonlySet<string> = new Set([
    'Expression', 'Additive', 'Multiplicative', 'Unary', 'Primary', 'Argument', 'NameRef', 'QuantityLiteral', 'CallExpr'
]);

/** Readable names of terminals. */
const terminalWords: Readonly<Record<string, string>> = {
    ID: 'a name',
    INT: 'an integer',
    DECIMAL: 'a number',
    STRING: 'a string in double quotes',
    EOF: 'the end of the file'
};

/** Builds parse-error messages that name the missing construct rather than every possible token. */
export class PhgParserErrorMessageProvider implements IParserErrorMessageProvider {
    buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual, previous } = options;
        // `x<ms>`: a unit after a name reads as the start of `grade<2>(x)`.
        if (expected.name === 'INT' && previous?.image === '<' && ruleNameOf(options.ruleName) === 'CallExpr') {
            return `a unit can only follow a number (20<ms>); to give a value a unit, multiply it: x * 1<${actual.image}>`;
        }
        // `inptu x : [3]` parses as a named value `inptu` until the `=` is missing.
        const statement = keywordText(expected) === '=' && previous ? closestName(previous.image, statementKeywords) : undefined;
        if (statement && ruleNameOf(options.ruleName) === 'LetDecl') {
            return `unknown statement '${previous.image}'; did you mean '${statement}'? (a named value would continue with '=')`;
        }
        if (expected.name === 'EOF') {
            const keyword = closestName(actual.image, declarationKeywords);
            if (keyword) return `unknown declaration '${actual.image}'; did you mean '${keyword}'?`;
            return `expected ${expectedByRule['Declaration']} but found ${describeActual(actual)}`;
        }
        if (expected.name === 'ID' && isKeywordToken(actual)) {
            return `expected a name${after(previous)}, but '${actual.image}' is a reserved word`;
        }
        const message = `expected ${describeToken(expected)}${after(previous)} but found ${describeActual(actual)}`;
        // '=' never occurs inside an expression: an unfinished line swallowed the next statement's name.
        if (actual.image === '=' && previous && previous.startLine === actual.startLine && expressionRules.has(ruleNameOf(options.ruleName))) {
            return `${message}: the line before looks unfinished, so '${previous.image}' was read as part of it`;
        }
        return message;
    }

    buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        const keyword = closestName(options.firstRedundant.image, declarationKeywords);
        if (keyword && keyword !== options.firstRedundant.image) return `unknown declaration '${options.firstRedundant.image}'; did you mean '${keyword}'?`;
        return `expected ${expectedByRule['Declaration']} but found ${describeActual(options.firstRedundant)}`;
    }

    buildNoViableAltMessage(options: {
        expectedPathsPerAlt: TokenType[][][];
        actual: IToken[];
        previous: IToken;
        customUserDescription?: string;
        ruleName: string;
    }): string {
        const firstTokens = firstTokenTypes(options.expectedPathsPerAlt.flat());
        return describeExpectation(ruleNameOf(options.ruleName), firstTokens, options.previous, options.actual[0]);
    }

    buildEarlyExitMessage(options: {
        expectedIterationPaths: TokenType[][];
        actual: IToken[];
        previous: IToken;
        customUserDescription?: string;
        ruleName: string;
    }): string {
        const firstTokens = firstTokenTypes(options.expectedIterationPaths);
        return describeExpectation(ruleNameOf(options.ruleName), firstTokens, options.previous, options.actual[0]);
    }
}

/** Langium decorates chevrotain rule names with invisible characters; strip them. */
function ruleNameOf(name: string): string {
    return name.replace(/[\u200B-\u200D\uFEFF]/g, '');
}

function describeExpectation(ruleName: string, firstTokens: readonly TokenType[], previous: IToken, actual: IToken | undefined): string {
    const found = actual ? describeActual(actual) : 'the end of the file';
    if ((ruleName === 'Declaration' || ruleName === 'PhgFile') && actual) {
        const keyword = closestName(actual.image, declarationKeywords);
        if (keyword) return `unknown declaration '${actual.image}'; did you mean '${keyword}'?`;
    }
    const wantedHere = expectedByRule[ruleName];
    if (wantedHere && !expressionRules.has(ruleName)) return `expected ${wantedHere}${after(previous)} but found ${found}`;
    if (expressionRules.has(ruleName) || startsAnExpression(firstTokens)) {
        if (actual?.image === '<') {
            return `expected an expression${after(previous)} but found '<': a unit follows a number directly, as in 20<ms>`;
        }
        return `expected an expression${after(previous)} but found ${found}`;
    }
    const wanted = expectedByRule[ruleName];
    if (wanted) return `expected ${wanted}${after(previous)} but found ${found}`;
    const words = [...new Set(firstTokens.map(describeToken))];
    if (words.length > 0 && words.length <= 4) return `expected ${joinAlternatives(words)}${after(previous)} but found ${found}`;
    return `unexpected ${found}${after(previous)}`;
}

/** An expression can start with a number, a name, `(` or a unary minus: if all three are possible, say "an expression". */
function startsAnExpression(tokens: readonly TokenType[]): boolean {
    const names = new Set(tokens.map((token) => token.name));
    return (names.has('INT') || names.has('DECIMAL')) && names.has('ID') && names.has('(');
}

function firstTokenTypes(paths: readonly TokenType[][]): TokenType[] {
    const seen = new Map<string, TokenType>();
    for (const path of paths) {
        const first = path[0];
        if (first && !seen.has(first.name)) seen.set(first.name, first);
    }
    return [...seen.values()];
}

function describeToken(token: TokenType): string {
    const word = terminalWords[token.name];
    if (word) return word;
    return `'${keywordText(token)}'`;
}

function describeActual(token: IToken): string {
    if (token.tokenType?.name === 'EOF' || token.image === '') return 'the end of the file';
    return `'${token.image}'`;
}

/** " after 'x'" when the previous token is a real one (not the start of the file). */
function after(previous: IToken | undefined): string {
    if (!previous || previous.tokenType?.name === 'EOF' || !previous.image || Number.isNaN(previous.startOffset)) return '';
    return ` after '${previous.image}'`;
}

function isKeywordToken(token: IToken): boolean {
    const name = token.tokenType?.name ?? '';
    return !(name in terminalWords) && /^[A-Za-z_]/.test(token.image);
}

function keywordText(token: TokenType): string {
    return token.name.endsWith(':KW') ? token.name.slice(0, -3) : token.name;
}

function joinAlternatives(words: readonly string[]): string {
    if (words.length === 1) return words[0] ?? '';
    return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Lexer messages: the character, not chevrotain's offset arithmetic. */
export class PhgLexerErrorMessageProvider implements ILexerErrorMessageProvider {
    buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.substring(startOffset, startOffset + length);
        const shown = text.length > 20 ? `${text.slice(0, 17)}…` : text;
        return `unexpected character${length === 1 ? '' : 's'} '${shown}': PHG has no use for ${length === 1 ? 'it' : 'them'} here`;
    }

    buildUnableToPopLexerModeMessage(token: IToken): string {
        return `unexpected '${token.image}'`;
    }
}
