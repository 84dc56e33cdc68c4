// `phg num FORMAT OP A [B [C]]` and `phg num FORMAT --batch`: the numeric core as a calculator, one
// operation at a time or JSON Lines in, JSON Lines out, so other implementations can be checked
// against it case by case.
import { ExitCode, type CliCommand } from '../command.js';
import type { CliIO } from '../io.js';
import {
    exactDecimal, parseFormatOrError, patternHex, roundDecimal, type NumericFormat, type Pattern
} from '../../engine/numeric/index.js';

const usage = `usage: phg num FORMAT OP A [B [C]] [--json]
       phg num FORMAT --batch

Evaluates one operation of a numeric format, rounded once, and prints the result's
pattern in hex, its exact value and its nearest float64.

FORMAT   posit<16>, bposit<32>, float32, … or a short name (posit8 … posit64,
         bposit16 … bposit64, float16, bfloat16, float32, float64)
OP       add sub mul div fma (A·B + C) sqrt neg encode decode dot
A B C    0x… bit patterns, or decimals (rounded once to FORMAT, e.g. 144179.2),
         NaR, inf; for dot, comma-separated lists: 1,2,0x3c00

--json   print {"pattern","exact","float64"} instead of text
--batch  read JSON Lines {"op":"add","a":"0x…","b":"0x…","c":"0x…"} or
         {"op":"dot","a":[…],"b":[…]} from stdin (other fields ignored); write one
         line per input, in order: {"result":"0x…"} or
         {"line":N,"error":{"code":…,"message":…}}

exit status: 0 ok, 1 some batch line failed, 2 usage error
`;

/** Operand counts of each operation. */
const arities = { add: 2, sub: 2, mul: 2, div: 2, fma: 3, sqrt: 1, neg: 1, encode: 1, decode: 1, dot: 2 } as const;
type Operation = keyof typeof arities;

/** A problem with one request: a stable code and a message naming the operand. */
interface RequestError {
    readonly code: 'malformed-json' | 'unknown-op' | 'operand-count' | 'bad-operand' | 'pattern-too-wide' | 'length-mismatch';
    readonly message: string;
}

type Outcome<T> = { readonly ok: T } | { readonly error: RequestError };

/** The `phg num` command. */
export const numCommand: CliCommand = {
    name: 'num',
    summary: 'posit / b-posit / IEEE calculator (one operation, or JSON Lines with --batch)',
    usage,
    run: runNum
};

function isOperation(op: string): op is Operation {
    return Object.prototype.hasOwnProperty.call(arities, op);
}

function operandError(code: RequestError['code'], message: string): { error: RequestError } {
    return { error: { code, message } };
}

/** One scalar operand: `0x…` bits, a JSON number, or decimal text. */
function parseOperand(format: NumericFormat, operand: unknown, name: string): Outcome<Pattern> {
    const text = typeof operand === 'number' ? String(operand) : operand;
    if (typeof text !== 'string') return operandError('bad-operand', `operand ${name} must be a string ("0x…" or a decimal), not ${JSON.stringify(operand)}`);
    const trimmed = text.trim();
    if (/^0x[0-9a-f]+$/i.test(trimmed)) {
        const pattern = format.fromBits(BigInt(trimmed));
        return pattern === undefined
            ? operandError('pattern-too-wide', `operand ${name} ${trimmed} is wider than ${format.name} (${format.bits} bits)`)
            : { ok: pattern };
    }
    const rounded = roundDecimal(format, trimmed);
    return rounded === undefined ? operandError('bad-operand', `operand ${name} '${text}' is neither a 0x… pattern nor a decimal`) : { ok: rounded };
}

/** A dot-product operand: a JSON array or comma-separated text of scalar operands. */
function parseVector(format: NumericFormat, operand: unknown, name: string): Outcome<Pattern[]> {
    const items = Array.isArray(operand) ? operand : typeof operand === 'string' ? operand.split(',') : undefined;
    if (items === undefined) return operandError('bad-operand', `operand ${name} of dot must be a list`);
    const patterns: Pattern[] = [];
    for (let i = 0; i < items.length; i++) {
        const parsed = parseOperand(format, items[i], `${name}[${i}]`);
        if ('error' in parsed) return parsed;
        patterns.push(parsed.ok);
    }
    return { ok: patterns };
}

/**
 * Evaluates one request on operands a, b, c (undefined = absent). Operands beyond the operation's
 * arity are an error when `strict` (command-line arguments) and ignored otherwise (JSON fields).
 */
function evaluate(format: NumericFormat, op: string, operands: readonly unknown[], strict: boolean): Outcome<Pattern> {
    if (!isOperation(op)) return operandError('unknown-op', `unknown operation '${op}'; expected one of ${Object.keys(arities).join(' ')}`);
    const arity = arities[op];
    const given = operands.filter((operand) => operand !== undefined).length;
    const missing = operands.slice(0, arity).some((operand) => operand === undefined);
    if (missing || (strict && given > arity)) {
        return operandError('operand-count', `${op} takes ${arity} operand${arity === 1 ? '' : 's'} (${['a', 'b', 'c'].slice(0, arity).join(', ')}), got ${given}`);
    }
    const names = ['a', 'b', 'c'];
    if (op === 'dot') {
        const a = parseVector(format, operands[0], 'a');
        if ('error' in a) return a;
        const b = parseVector(format, operands[1], 'b');
        if ('error' in b) return b;
        if (a.ok.length !== b.ok.length) return operandError('length-mismatch', `dot needs lists of equal length, got ${a.ok.length} and ${b.ok.length}`);
        const quire = format.createQuire();
        for (let i = 0; i < a.ok.length; i++) quire.addProduct(a.ok[i], b.ok[i]);
        return { ok: quire.round() };
    }
    const patterns: Pattern[] = [];
    for (let i = 0; i < arity; i++) {
        const parsed = parseOperand(format, operands[i], names[i]);
        if ('error' in parsed) return parsed;
        patterns.push(parsed.ok);
    }
    const [a, b, c] = patterns;
    switch (op) {
        case 'add': return { ok: format.add(a, b) };
        case 'sub': return { ok: format.sub(a, b) };
        case 'mul': return { ok: format.mul(a, b) };
        case 'div': return { ok: format.div(a, b) };
        case 'fma': return { ok: format.fma(a, b, c) };
        case 'sqrt': return { ok: format.sqrt(a) };
        case 'neg': return { ok: format.neg(a) };
        case 'encode':
        case 'decode': return { ok: a };
    }
}

/** The nearest float64 as JSON: a number when finite, else its name. */
function float64Json(value: number): number | string {
    return Number.isFinite(value) ? value : String(value);
}

async function runNum(args: readonly string[], io: CliIO): Promise<number> {
    const flags = args.filter((arg) => /^--?[a-z]/i.test(arg) && !/^-(\d|\.|inf)/i.test(arg));
    const positional = args.filter((arg) => !flags.includes(arg));
    const unknownFlag = flags.find((flag) => flag !== '--batch' && flag !== '--json');
    const batch = flags.includes('--batch');
    if (unknownFlag !== undefined || positional.length === 0) {
        io.stderr(unknownFlag !== undefined ? `phg num: unknown option '${unknownFlag}'\n` : 'phg num: no format given\n');
        io.stderr(usage);
        return ExitCode.usage;
    }
    const parsed = parseFormatOrError(positional[0]);
    if ('error' in parsed) {
        io.stderr(`phg num: ${parsed.error.message} [${parsed.error.code}]\n`);
        return ExitCode.usage;
    }
    const format = parsed.format;
    if (batch) {
        if (positional.length > 1) {
            io.stderr('phg num: --batch takes its operations from stdin, not from arguments\n');
            return ExitCode.usage;
        }
        return runBatch(format, io);
    }
    if (positional.length < 2) {
        io.stderr('phg num: no operation given\n');
        io.stderr(usage);
        return ExitCode.usage;
    }
    const operands = positional.slice(2);
    if (operands.length > 3) {
        io.stderr('phg num: at most three operands\n');
        return ExitCode.usage;
    }
    const outcome = evaluate(format, positional[1], [operands[0], operands[1], operands[2]], true);
    if ('error' in outcome) {
        io.stderr(`phg num: ${outcome.error.message} [${outcome.error.code}]\n`);
        return ExitCode.usage;
    }
    const pattern = outcome.ok;
    const report = { pattern: patternHex(format, pattern), exact: exactDecimal(format, pattern), float64: float64Json(format.decode(pattern)) };
    io.stdout(flags.includes('--json') ? JSON.stringify(report) + '\n' : `pattern  ${report.pattern}\nexact    ${report.exact}\nfloat64  ${report.float64}\n`);
    return ExitCode.ok;
}

/** One JSON Lines request → one output line (never throws: malformed input is an error line). */
function answerLine(format: NumericFormat, line: string, lineNumber: number): { text: string; failed: boolean } {
    if (line.trim() === '') return failure(lineNumber, { code: 'malformed-json', message: 'empty line' });
    let request: unknown;
    try {
        request = JSON.parse(line);
    } catch (error) {
        // JSON.parse reports malformed user input by throwing; it becomes this line's error.
        return failure(lineNumber, { code: 'malformed-json', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        return failure(lineNumber, { code: 'malformed-json', message: 'expected a JSON object {"op": …, "a": …}' });
    }
    const fields = request as Record<string, unknown>;
    if (typeof fields.op !== 'string') return failure(lineNumber, { code: 'unknown-op', message: 'missing "op"' });
    const outcome = evaluate(format, fields.op, [fields.a, fields.b, fields.c], false);
    if ('error' in outcome) return failure(lineNumber, outcome.error);
    return { text: `{"result":"${patternHex(format, outcome.ok)}"}\n`, failed: false };
}

function failure(line: number, error: RequestError): { text: string; failed: boolean } {
    return { text: JSON.stringify({ line, error }) + '\n', failed: true };
}

async function runBatch(format: NumericFormat, io: CliIO): Promise<number> {
    let lineNumber = 0;
    let failures = 0;
    for await (const line of io.stdin()) {
        lineNumber++;
        // Every input line gets one output line, so outputs stay aligned with inputs.
        const answer = answerLine(format, line, lineNumber);
        if (answer.failed) failures++;
        io.stdout(answer.text);
    }
    if (failures > 0) io.stderr(`phg num: ${failures} of ${lineNumber} line${lineNumber === 1 ? '' : 's'} failed\n`);
    return failures > 0 ? ExitCode.failed : ExitCode.ok;
}
