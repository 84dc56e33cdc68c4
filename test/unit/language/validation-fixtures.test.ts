// Every file under test/fixtures/validation/ is a specification: its `// $TEST$` comments state
// exactly which diagnostics the checker reports (code, message, range, related locations) and
// which types it infers. A file's errors and warnings must be exactly the expected ones.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { AstUtils } from 'langium';
import { isNameRef, isQuantityLiteral, type NamedValue, type QuantityLiteral } from '../../../language/generated/ast.js';
import { describeSupport, type DocumentAnalysis } from '../../../language/index.js';
import { parseFixture, type Expectation, type MarkedRange } from './fixture-expectations.js';
import { checkSource, type CheckedSource } from './phg-test-services.js';

const root = join(import.meta.dirname, '../../fixtures/validation');
/** examples/broken states its expected diagnostics with the same directives. */
const brokenExamples = join(import.meta.dirname, '../../../examples/broken');

function fixtureFiles(folder: string): string[] {
    return readdirSync(folder).sort().flatMap((name) => {
        const path = join(folder, name);
        if (statSync(path).isDirectory()) return fixtureFiles(path);
        return name.endsWith('.phg') ? [path] : [];
    });
}

describe('validation fixtures', () => {
    for (const file of [...fixtureFiles(root), ...fixtureFiles(brokenExamples)]) {
        it(relative(root, file), async () => {
            const fixture = parseFixture(readFileSync(file, 'utf8'));
            expect(fixture.problems, 'the fixture itself is malformed').toEqual([]);
            const checked = await checkSource(fixture.source, relative(root, file).replace(/[\\/]/g, '_'));
            const failures: string[] = [];
            const unmatched = checked.diagnostics.filter((d) => d.severity === 1 || d.severity === 2);
            for (const expectation of fixture.expectations) {
                if (expectation.kind === 'diagnostic') {
                    if (!expectation.range) failures.push(`line ${expectation.line}: no »…« marker gives this expectation its range`);
                    const index = unmatched.findIndex((d) => matches(d, expectation));
                    if (index < 0) failures.push(`line ${expectation.line}: missing ${describeExpected(expectation)}`);
                    else unmatched.splice(index, 1);
                } else {
                    const problem = checkAnalysis(expectation, checked);
                    if (problem) failures.push(`line ${expectation.line}: ${problem}`);
                }
            }
            for (const diagnostic of unmatched) failures.push(`unexpected ${describeActual(diagnostic)}`);
            expect(failures, `\nall diagnostics:\n${checked.diagnostics.map(describeActual).join('\n')}\n`).toEqual([]);
        });
    }
});

function matches(diagnostic: Diagnostic, expected: Extract<Expectation, { kind: 'diagnostic' }>): boolean {
    const severity = expected.severity === 'error' ? 1 : 2;
    if (diagnostic.severity !== severity || diagnostic.code !== expected.code || !messageOf(diagnostic).includes(expected.message)) return false;
    if (expected.range && !sameRange(diagnostic.range, expected.range)) return false;
    const related = diagnostic.relatedInformation ?? [];
    return expected.related.every((text) => related.some((info) => info.message.includes(text)));
}

function sameRange(a: MarkedRange, b: MarkedRange): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function checkAnalysis(expectation: Exclude<Expectation, { kind: 'diagnostic' }>, checked: CheckedSource): string | undefined {
    const analysis = checked.analysis;
    if (expectation.kind === 'quantity') {
        const literal = literalAt(checked, expectation.range);
        if (!literal) return 'no literal inside the »…« marker';
        const value = analysis.quantityOf(literal);
        return value === expectation.expected ? undefined : `quantity ${value} is not ${expectation.expected}`;
    }
    const value = findValue(analysis, expectation.value);
    if (!value) return `no value named ${expectation.value}`;
    const info = analysis.valueOf(value);
    if (!info) return `no analysis for ${expectation.value}`;
    if (expectation.kind === 'support') {
        const multivector = analysis.multivectorOf(value);
        const actual = multivector !== undefined ? describeSupport(multivector.support) : undefined;
        return actual === expectation.expected ? undefined : `support of ${expectation.value} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expectation.expected)}`;
    }
    if (expectation.kind === 'type') {
        const actual = analysis.formatType(info.type);
        return actual === expectation.expected ? undefined : `type of ${expectation.value} is ${actual}, expected ${expectation.expected}`;
    }
    if (expectation.kind === 'annotation') {
        const actual = info.suggestedAnnotation?.text;
        return actual === expectation.expected ? undefined : `annotation of ${expectation.value} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expectation.expected)}`;
    }
    const gradients = value.$type === 'ParamDecl' ? analysis.gradientsOf(value) : [];
    const gradient = gradients[0];
    if (!gradient) return `${expectation.value} has no gradient`;
    const actual = `${analysis.formatDimension(gradient.gradient)} ${analysis.formatDimension(gradient.learningRate)}`;
    return actual === `${expectation.gradient} ${expectation.learningRate}` ? undefined : `gradient/lr of ${expectation.value} are ${actual}, expected ${expectation.gradient} ${expectation.learningRate}`;
}

/** `name` or `Model.name`; columns are found through the trainings' data. */
function findValue(analysis: DocumentAnalysis, path: string): NamedValue | undefined {
    const [first, second] = path.split('.');
    for (const model of analysis.models) {
        if (second !== undefined && model.model.name !== first) continue;
        const found = model.values.find((value) => value.name === (second ?? first));
        if (found) return found.node;
    }
    for (const node of AstUtils.streamAst(analysis.root)) {
        if (node.$type === 'DataColumn' && (node as NamedValue).name === (second ?? first)) return node as NamedValue;
    }
    return undefined;
}

function literalAt(checked: CheckedSource, range: MarkedRange | undefined): QuantityLiteral | undefined {
    if (!range) return undefined;
    for (const node of AstUtils.streamAst(checked.document.parseResult.value)) {
        if (!isQuantityLiteral(node) || isNameRef(node)) continue;
        const r = node.$cstNode?.range;
        if (r && sameRange(r, range)) return node;
    }
    return undefined;
}

function describeExpected(expected: Extract<Expectation, { kind: 'diagnostic' }>): string {
    const at = expected.range ? ` at ${expected.range.start.line + 1}:${expected.range.start.character + 1}-${expected.range.end.line + 1}:${expected.range.end.character + 1}` : '';
    return `${expected.severity} ${expected.code} "${expected.message}"${at}${expected.related.map((r) => ` related "${r}"`).join('')}`;
}

function describeActual(d: Diagnostic): string {
    const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
    const related = (d.relatedInformation ?? []).map((r) => `\n      related ${r.location.range.start.line + 1}:${r.location.range.start.character + 1} "${r.message}"`).join('');
    return `${severity} ${String(d.code)} at ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} "${messageOf(d)}"${related}`;
}

function messageOf(d: Diagnostic): string {
    return typeof d.message === 'string' ? d.message : d.message.value;
}
