// Units: the built-in library, exact decimal scales, and how dimensions print.
import { describe, expect, it } from 'vitest';
import { builtinUnitsSource } from '../../../language/builtins/builtin-units.js';
import { formatDimensionText, type UnitVocabulary } from '../../../language/units/dimension-format.js';
import { builtinBaseDimensions } from '../../../language/units/dimension.js';
import { scaleOfDecimalText, scaleValue } from '../../../language/units/scale.js';
import { checkSource } from './phg-test-services.js';

const basis = { names: builtinBaseDimensions.map((d) => d.name), baseUnits: builtinBaseDimensions.map((d) => d.unit) };
const plain: UnitVocabulary = { basis, named: [] };
const newton: UnitVocabulary = { basis, named: [{ name: 'N', exponents: [1, -2, 1, 0, 0, 0, 0, 0] }] };

describe('built-in units', () => {
    it('declare every SI base unit, the derived units and the byte prefixes', () => {
        const source = builtinUnitsSource();
        for (const unit of ['m', 's', 'kg', 'A', 'K', 'mol', 'cd', 'B']) expect(source).toMatch(new RegExp(`^unit ${unit} : `, 'm'));
        for (const unit of ['N', 'J', 'W', 'Pa', 'Hz', 'V', 'C', 'ohm', 'ms', 'mV', 'km', 'KiB', 'MiB', 'GiB', 'kHz', 'ug']) {
            expect(source).toMatch(new RegExp(`^unit ${unit} = `, 'm'));
        }
    });

    it('declare each unit name once', () => {
        const names = [...builtinUnitsSource().matchAll(/^unit (\w+)/gm)].map((match) => match[1]);
        expect(new Set(names).size).toBe(names.length);
    });

    it('parse and check without a single diagnostic', async () => {
        const { diagnostics } = await checkSource(builtinUnitsSource(), 'builtins-copy.phg');
        // Declaring the built-ins again in a user file shadows every one of them: only PHG1106 warnings.
        expect(diagnostics.filter((d) => d.code !== 'PHG1106' && d.code !== 'PHG1103')).toEqual([]);
    });
});

describe('decimal scales', () => {
    it('read a decimal literal exactly as digits × 10^k', () => {
        expect(scaleOfDecimalText('0.3048')).toEqual({ factor: 3048, pow10: -4 });
        expect(scaleOfDecimalText('1e-3')).toEqual({ factor: 1, pow10: -3 });
        expect(scaleOfDecimalText('2.5E+2')).toEqual({ factor: 25, pow10: 1 });
    });

    it('convert with one rounding: 5 ms is the double nearest 0.005', () => {
        expect(scaleValue({ factor: 5, pow10: -3 })).toBe(0.005);
        expect(scaleValue({ factor: 3, pow10: -1 })).toBe(0.3);
    });
});

describe('printing dimensions', () => {
    it('writes numerators and a parenthesised denominator', () => {
        expect(formatDimensionText([1, -2, 0, 0, 0, 0, 0, 0], [], plain)).toBe('m/s^2');
        expect(formatDimensionText([-1, -2, 1, 0, 0, 0, 0, 0], [], plain)).toBe('kg/(m*s^2)');
        expect(formatDimensionText([0, 0, 0, 0, 0, 0, 0, 0], [], plain)).toBe('1');
        expect(formatDimensionText([0, -1, 0, 0, 0, 0, 0, 0], [], plain)).toBe('1/s');
    });

    it('uses a named unit for an exact match and for its powers', () => {
        expect(formatDimensionText([1, -2, 1, 0, 0, 0, 0, 0], [], newton)).toBe('N');
        expect(formatDimensionText([2, -4, 2, 0, 0, 0, 0, 0], [], newton)).toBe('N^2');
        expect(formatDimensionText([1, -2, 0, 0, 0, 0, 0, 0], [], newton)).toBe('m/s^2');
    });

    it('puts free variables first', () => {
        expect(formatDimensionText([1, 0, 0, 0, 0, 0, 0, 0], [{ name: "'d1", exponent: 1 }], plain)).toBe("'d1*m");
        expect(formatDimensionText([-1, 0, 0, 0, 0, 0, 0, 0], [{ name: "'d1", exponent: -2 }], plain)).toBe("1/('d1^2*m)");
    });
});

describe('unit references', () => {
    it('link built-in units to the built-in document and declared units to their declaration', async () => {
        const { AstUtils, URI } = await import('langium');
        const { isUnitRef } = await import('../../../language/generated/ast.js');
        const { builtinUnitsUri } = await import('../../../language/index.js');
        const { document } = await checkSource('dimension Intensity\nunit px : Intensity\nmodel M {\n  input x : [3]<px/ms>\n  output y = x\n}\n');
        const refs = AstUtils.streamAst(document.parseResult.value).filter(isUnitRef).toArray();
        const targets = refs.map((ref) => [ref.unit.$refText, AstUtils.getDocument(ref.unit.ref ?? document.parseResult.value).uri.toString()]);
        expect(targets).toEqual([['px', document.uri.toString()], ['ms', URI.parse(builtinUnitsUri).toString()]]);
    });

    it('offer declared and built-in units for completion', async () => {
        const { phgServices: services } = await import('./phg-test-services.js');
        const { AstUtils } = await import('langium');
        const { isUnitRef } = await import('../../../language/generated/ast.js');
        const { document } = await checkSource('unit furlong = 201.168<m>\nmodel M {\n  input x : [3]<furlong>\n  output y = x\n}\n');
        const ref = AstUtils.streamAst(document.parseResult.value).filter(isUnitRef).head();
        expect(ref).toBeDefined();
        if (!ref) return;
        const names = services().references.ScopeProvider.getScope({ reference: ref.unit, container: ref, property: 'unit' }).getAllElements().map((d) => d.name).toArray();
        expect(names).toEqual(expect.arrayContaining(['furlong', 'm', 'ms', 'MiB', 'N', 'kHz']));
    });
});
