// The analysis API as the server and lowering use it: values, expression types, gradients,
// settings, quick-fix edits, caching.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstUtils } from 'langium';
import { describe, expect, it } from 'vitest';
import { isBinaryExpr, isParamDecl, isQuantityLiteral, type ModelDecl } from '../../../language/generated/ast.js';
import { analyzeDocument } from '../../../language/index.js';
import { checkSource, phgServices } from './phg-test-services.js';

const digits = readFileSync(join(import.meta.dirname, '../../fixtures/language/digits-inferred.phg'), 'utf8');

describe('analysis API', () => {
    it('is computed once per parse', async () => {
        const { document, analysis } = await checkSource(digits);
        expect(analyzeDocument(document, phgServices())).toBe(analysis);
    });

    it('types every expression, e.g. the matrix product x @ W1', async () => {
        const { analysis } = await checkSource(digits);
        const product = AstUtils.streamAst(analysis.root).find((node) => isBinaryExpr(node) && node.operator === '@');
        expect(product && isBinaryExpr(product) ? analysis.formatType(analysis.typeOf(product) ?? fail()) : undefined).toBe("[32]<'d1>");
    });

    it('gives each param its gradient and learning-rate dimension per training', async () => {
        const { analysis } = await checkSource(digits);
        const w1 = analysis.models[0]?.model.statements.find((s) => isParamDecl(s) && s.name === 'W1');
        expect(w1 && isParamDecl(w1)).toBe(true);
        if (!w1 || !isParamDecl(w1)) return;
        const [gradient] = analysis.gradientsOf(w1);
        expect(analysis.formatDimension(gradient?.loss ?? fail())).toBe('1');
        expect(analysis.formatDimension(gradient?.gradient ?? fail())).toBe("px/'d1");
        expect(analysis.formatDimension(gradient?.learningRate ?? fail())).toBe("'d1^2/px^2");
    });

    it('reads training settings into typed values, resolving format aliases', async () => {
        const { analysis } = await checkSource(digits);
        const settings = analysis.trainings[0]?.settings;
        expect(settings?.format).toBe('posit<16>');
        expect(settings?.accumulate).toBe('quire');
        expect(settings?.gradient).toEqual({ mode: 'forward', tangents: 1 });
        expect(settings?.optimizer?.name).toBe('sgd');
        expect(Object.fromEntries(settings?.optimizer?.args ?? [])).toEqual({ lr: 0.05, momentum: 0.9 });
        expect([settings?.batch, settings?.epochs, settings?.seed]).toEqual([32, 20, 7]);
        expect(settings?.memoryBudgetBytes).toBe(4 * 1024 * 1024);
        expect(settings?.memoryRatio).toBe(2);
        expect(settings?.validateOn?.name).toBe('test_set');
    });

    it('converts literals to base units', async () => {
        const { analysis } = await checkSource(digits);
        const memory = AstUtils.streamAst(analysis.root).find((node) => isQuantityLiteral(node) && node.$cstNode?.text === '4<MiB>');
        expect(memory && isQuantityLiteral(memory) ? analysis.quantityOf(memory) : undefined).toBe(4194304);
    });

    it('offers annotation edits that, applied, check clean with the same types', async () => {
        const source = readFileSync(join(import.meta.dirname, '../../fixtures/language/spring-inferred.phg'), 'utf8');
        const before = await checkSource(source);
        expect(before.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
        const edits = before.analysis.models.flatMap((model) => model.values)
            .flatMap((value) => (value.suggestedAnnotation ? [{ name: value.name, type: before.analysis.formatType(value.type), edit: value.suggestedAnnotation }] : []));
        expect(edits.map((e) => e.name)).toEqual(['k', 'c', 'force', 'a']);
        let patched = source;
        for (const { edit } of [...edits].sort((a, b) => b.edit.offset - a.edit.offset)) {
            patched = patched.slice(0, edit.offset) + edit.text + patched.slice(edit.offset);
        }
        const after = await checkSource(patched);
        expect(after.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
        const model = after.analysis.models[0]?.model as ModelDecl;
        for (const { name, type } of edits) {
            const value = after.analysis.models[0]?.values.find((v) => v.name === name);
            expect(value?.dimensionAnnotated, `${name} in ${model.name}`).toBe(true);
            expect(after.analysis.formatType(value?.type ?? fail())).toBe(type);
        }
    });

    it('reports positions of edits as line and character', async () => {
        const { analysis, document } = await checkSource(digits);
        const b2 = analysis.models[0]?.values.find((value) => value.name === 'b2');
        const edit = b2?.suggestedAnnotation;
        expect(edit?.text).toBe('<1>');
        expect(edit ? document.textDocument.offsetAt(edit.position) : -1).toBe(edit?.offset);
    });
});

function fail(): never {
    throw new Error('missing value');
}
