// What a unit means, written out: `N` is `kg*m/s^2` (Mass*Length/Time^2); `ms` is 0.001 s. For the
// hover on a unit name, wherever it is used.
import { AstUtils } from 'langium';
import type { DimensionDecl, UnitDecl } from '../generated/ast.js';
import { isPhgFile, isUnitDecl } from '../generated/ast.js';
import { builtinBaseDimensions } from './dimension.js';
import { scaleValue } from './scale.js';
import { resolveUnitDecl } from './unit-resolver.js';

/** A unit in base units and base dimensions, with its scale relative to the coherent unit. */
export interface UnitDescription {
    /** `kg*m/s^2`, `1` for a dimensionless unit. */
    readonly baseUnits: string;
    /** `Mass*Length/Time^2`, `1` for a dimensionless unit. */
    readonly dimensions: string;
    /** 1 for a coherent unit, 0.001 for `ms`. */
    readonly scale: number;
}

/** The description of a unit declaration, or undefined when it does not resolve (a cycle, an unknown unit). */
export function describeUnit(unit: UnitDecl): UnitDescription | undefined {
    const meaning = resolveUnitDecl(unit);
    if (meaning === undefined) return undefined;
    const order = (decl: DimensionDecl): number => {
        const builtin = builtinBaseDimensions.findIndex((base) => base.name === decl.name);
        return builtin >= 0 ? builtin : builtinBaseDimensions.length;
    };
    const factors = [...meaning.dimension].sort(([a], [b]) => order(a) - order(b));
    return {
        baseUnits: formatFactors(factors.map(([decl, exponent]) => ({ symbol: baseUnitOf(decl), exponent }))),
        dimensions: formatFactors(factors.map(([decl, exponent]) => ({ symbol: decl.name, exponent }))),
        scale: scaleValue(meaning.scale)
    };
}

// The coherent unit of a base dimension: a built-in one's, or the `unit px : Intensity` of its file.
function baseUnitOf(dimension: DimensionDecl): string {
    const builtin = builtinBaseDimensions.find((base) => base.name === dimension.name);
    if (builtin !== undefined) return builtin.unit;
    const root = AstUtils.findRootNode(dimension);
    const declared = isPhgFile(root) ? root.declarations.find((d): d is UnitDecl => isUnitDecl(d) && d.base?.ref === dimension) : undefined;
    return declared?.name ?? dimension.name;
}

function formatFactors(factors: readonly { symbol: string; exponent: number }[]): string {
    const power = (f: { symbol: string; exponent: number }): string => (Math.abs(f.exponent) === 1 ? f.symbol : `${f.symbol}^${Math.abs(f.exponent)}`);
    const top = factors.filter((f) => f.exponent > 0).map(power);
    const bottom = factors.filter((f) => f.exponent < 0).map(power);
    if (top.length === 0 && bottom.length === 0) return '1';
    const numerator = top.length > 0 ? top.join('*') : '1';
    if (bottom.length === 0) return numerator;
    return `${numerator}/${bottom.length > 1 ? `(${bottom.join('*')})` : bottom[0]}`;
}
