// What the design-time analyses tell the editor about a checked document: a value's range in its
// training's format with the worst rounding error and the best format, a unit in base units, a
// setting's literal typed for hover, and quick fixes that rewrite or add one train-block setting.
import { describe, expect, it } from 'vitest';
import { AstUtils, type AstNode } from 'langium';
import { analyzeRepresentation, describeUnit, type QuickFix } from '../../../language/index.js';
import { isBudgetItem, isDataDecl, isNamedValue, isUnitDecl, type NamedValue } from '../../../language/generated/ast.js';
import { checkSource, phgServices } from '../language/phg-test-services.js';

const trained = (settings: string): string => `model M {
  input x : [4] range [0, 16]
  param w : [4] init ones range [-1, 1]
  h = x * w
  output y = tanh(h)
}
data d = csv("d.csv") {
  x : [4] = columns 0..3
  t : [4] = columns 4..7
}
train M on d {
  loss mse(y, t)
${settings}
}
`;

/** Applies a quick fix's edits to a source text. */
function applied(text: string, fix: QuickFix): string {
    const lines = text.split('\n');
    const offset = (position: { line: number; character: number }): number => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    return [...fix.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
        .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

describe('design-time analyses of a document', () => {
    it('a value\'s range, its format, the worst rounding error there and the best candidate format', async () => {
        const { document } = await checkSource(trained('  format posit<16>\n  optimizer sgd(lr: 0.01)'));
        const representation = analyzeRepresentation(document, phgServices());
        const value = (name: string): NamedValue => [...AstUtils.streamAst(document.parseResult.value)].find((n): n is NamedValue => isNamedValue(n) && n.name === name && !isDataDecl(n.$container))!;
        const h = representation.describeValue(value('h'))!;
        expect(h.range).toEqual({ lo: -16, hi: 16 });
        expect(h.node.format).toBe('posit<16>');
        // [−16, 16] holds 0: the error is relative to 16. Just below 16 posit16 keeps 11 fraction bits
        // (gaps of 2^-8); from 16 on, 10 — but the range stops at 16. Worst: half a gap of 2^-8.
        expect(h.roundingError()).toEqual({ kind: 'scaled', value: 2 ** -9 / 16 });
        expect(h.candidate()?.format.name).toBe('posit<16>');
        // h = x·w is read only by tanh, whose gradient reads its output: h is not on the tape.
        expect(h.lifetime).toMatchObject({ inference: 'activation', backprop: 'activation', forward: { primal: 'activation', tangent: true } });
        // The data column an input reads describes the same value.
        const column = [...AstUtils.streamAst(document.parseResult.value)].find((n): n is NamedValue => isNamedValue(n) && n.name === 'x' && isDataDecl(n.$container))!;
        expect(representation.describeValue(column)?.node.name).toBe('x');
        expect(representation.describeValue(column)?.range).toEqual({ lo: 0, hi: 16 });
        const y = representation.describeValue(value('y'))!;
        expect(y.range.lo).toBeGreaterThanOrEqual(-1);
        expect(y.range.hi).toBeLessThanOrEqual(1);
    });

    it('the quick fix of PHG4002 holds the training\'s values in the narrowest format that covers the range', async () => {
        const text = trained('  format posit<8>\n  optimizer sgd(lr: 0.01)').replace('range [0, 16]', 'range [0, 1e9]');
        const { document, diagnostics } = await checkSource(text);
        expect(diagnostics.map((d) => d.code)).toContain('PHG4002');
        const fix = analyzeRepresentation(document, phgServices()).diagnostics.find((d) => d.code === 'PHG4002')!.fixes[0]!;
        expect(fix.title).toContain('bposit<16>');
        const fixed = applied(text, fix);
        expect(fixed).toContain('  format bposit<16>\n');
        expect((await checkSource(fixed)).diagnostics.filter((d) => String(d.code).startsWith('PHG400'))).toEqual([]);
    });

    it('budget fixes replace a setting the block writes, or add the line it lacks', async () => {
        // Backprop at batch 256 needs 16.2 KiB in float32 (the tape of x, t and y); forward(1) 20.1 KiB.
        const text = trained('  optimizer sgd(lr: 0.01, momentum: 0.9)\n  batch 256\n  budget memory 14<KiB>');
        const { document } = await checkSource(text);
        const over = analyzeRepresentation(document, phgServices()).diagnostics.find((d) => d.code === 'PHG4101')!;
        expect(over.message).toMatch(/^training needs 16\.2 KiB \(backprop at batch 256, float32\), over the memory budget of 14\.0 KiB; the tape: 3 values kept for backward × batch 256 = 12\.0 KiB/);
        expect(over.fixes.map((fix) => fix.title)).toEqual([expect.stringMatching(/^Lower the batch to \d+ \(/), expect.stringMatching(/^Hold values in posit<16> \(/)]);
        const [batch, format] = over.fixes as [QuickFix, QuickFix];
        expect(applied(text, batch)).toMatch(/\n {2}batch \d+\n {2}budget memory 14<KiB>\n}/);
        expect(applied(text, format)).toContain('  budget memory 14<KiB>\n  format posit<16>\n}');
        // Each offered fix does fit: the fixed file has no budget diagnostic.
        for (const fix of over.fixes) expect((await checkSource(applied(text, fix))).diagnostics.filter((d) => String(d.code).startsWith('PHG41'))).toEqual([]);
    });

    it('a setting\'s literal is typed (hover shows `budget memory 4<MiB>` as 4194304 B)', async () => {
        const { document, analysis } = await checkSource(trained('  optimizer sgd(lr: 0.01)\n  budget memory 4<MiB>'));
        const item = [...AstUtils.streamAst(document.parseResult.value)].find(isBudgetItem)!;
        expect(analysis.formatType(analysis.typeOf(item.value!)!)).toBe('[]<B>');
    });

    it('a unit in base units and base dimensions', async () => {
        const { document } = await checkSource('dimension Intensity\nunit px : Intensity\nunit lux = <px / m^2>\nmodel M {\n  input x : []<N>\n  input t : []<ms>\n  output y = x\n}\n');
        const units = [...AstUtils.streamAst(document.parseResult.value)].filter(isUnitDecl);
        const unitNamed = (name: string): AstNode | undefined => {
            const reference = document.references.find((r) => r.$refText === name);
            return reference !== undefined && 'ref' in reference ? reference.ref : undefined;
        };
        const N = unitNamed('N')!;
        const ms = unitNamed('ms')!;
        // Base dimensions in the basis order of every printed dimension: Length, Time, Mass, …
        expect(isUnitDecl(N) && describeUnit(N)).toEqual({ baseUnits: 'm*kg/s^2', dimensions: 'Length*Mass/Time^2', scale: 1 });
        expect(isUnitDecl(ms) && describeUnit(ms)).toEqual({ baseUnits: 's', dimensions: 'Time', scale: 0.001 });
        expect(describeUnit(units.find((u) => u.name === 'lux')!)).toEqual({ baseUnits: 'px/m^2', dimensions: 'Intensity/Length^2', scale: 1 });
    });
});
