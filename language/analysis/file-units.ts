// The units of one file: its basis (built-in base dimensions, then declared ones), the base unit
// of each, the names the printer prefers for derived dimensions, and conversion of unit meanings
// into exponent vectors over the basis.
import type { DimensionDecl, PhgFile, UnitAnnotation, UnitDecl } from '../generated/ast.js';
import { isDimensionDecl, isUnitDecl } from '../generated/ast.js';
import type { PhgBuiltinDocument } from '../builtins/builtin-document.js';
import { builtinBaseDimensions, type DimensionBasis } from '../units/dimension.js';
import type { NamedDimension, UnitVocabulary } from '../units/dimension-format.js';
import { evaluateUnitAnnotation, resolveUnitDecl, type SparseDimension, type UnitMeaning } from '../units/unit-resolver.js';
import { isUnitScale, type Scale } from '../units/scale.js';

/** Built-in derived units the printer uses for an exact match, in order of preference. */
const preferredBuiltinNames: readonly string[] = ['N', 'J', 'W', 'Pa', 'V', 'C', 'ohm'];

/** A unit annotation read into the file's basis. */
export interface ResolvedUnit {
    readonly exponents: number[];
    readonly scale: Scale;
}

/** The unit context of one file. */
export class FileUnits {
    readonly basis: DimensionBasis;
    readonly vocabulary: UnitVocabulary;
    private readonly index = new Map<DimensionDecl, number>();

    constructor(root: PhgFile, builtins: PhgBuiltinDocument) {
        const names: string[] = [];
        const baseUnits: (string | undefined)[] = [];
        for (const { name, unit } of builtinBaseDimensions) {
            const decl = builtins.dimensions.get(name);
            if (decl) this.index.set(decl, names.length);
            names.push(name);
            baseUnits.push(unit);
        }
        const declared = root.declarations.filter(isDimensionDecl);
        for (const decl of declared) {
            if (!decl.name) continue;
            this.index.set(decl, names.length);
            names.push(decl.name);
            baseUnits.push(undefined);
        }
        for (const unit of root.declarations.filter(isUnitDecl)) {
            const base = unit.base?.ref;
            const position = base ? this.index.get(base) : undefined;
            if (position !== undefined && position >= builtinBaseDimensions.length && baseUnits[position] === undefined && unit.name) {
                baseUnits[position] = unit.name;
            }
        }
        this.basis = { names, baseUnits };
        this.vocabulary = { basis: this.basis, named: this.namedDimensions(root, builtins) };
    }

    /** The number of base dimensions. */
    get size(): number {
        return this.basis.names.length;
    }

    /** The basis position of a dimension declaration. */
    indexOf(decl: DimensionDecl): number | undefined {
        return this.index.get(decl);
    }

    /** A sparse dimension as a vector over this file's basis. */
    vectorOf(dimension: SparseDimension): number[] {
        const vector = new Array<number>(this.size).fill(0);
        for (const [decl, exponent] of dimension) {
            const position = this.index.get(decl);
            if (position !== undefined) vector[position] = (vector[position] ?? 0) + exponent;
        }
        return vector;
    }

    /** A unit meaning in this basis. */
    resolveMeaning(meaning: UnitMeaning): ResolvedUnit {
        return { exponents: this.vectorOf(meaning.dimension), scale: meaning.scale };
    }

    /** `<…>` in this basis, or undefined when a unit in it is unknown (a link error says which). */
    resolveAnnotation(annotation: UnitAnnotation): ResolvedUnit | undefined {
        const meaning = evaluateUnitAnnotation(annotation);
        return meaning ? this.resolveMeaning(meaning) : undefined;
    }

    /** A unit declaration in this basis. */
    resolveUnit(decl: UnitDecl): ResolvedUnit | undefined {
        const meaning = resolveUnitDecl(decl);
        return meaning ? this.resolveMeaning(meaning) : undefined;
    }

    private namedDimensions(root: PhgFile, builtins: PhgBuiltinDocument): NamedDimension[] {
        const named: NamedDimension[] = [];
        const consider = (decl: UnitDecl | undefined): void => {
            if (!decl?.definition || !decl.name) return;
            const resolved = this.resolveUnit(decl);
            if (!resolved || !isUnitScale(resolved.scale)) return;
            const nonZero = resolved.exponents.filter((exponent) => exponent !== 0);
            // A bare base unit or a dimensionless unit (rad) prints better as itself.
            if (nonZero.length === 0 || (nonZero.length === 1 && Math.abs(nonZero[0] ?? 0) === 1)) return;
            named.push({ name: decl.name, exponents: resolved.exponents });
        };
        for (const decl of root.declarations) if (isUnitDecl(decl)) consider(decl);
        for (const name of preferredBuiltinNames) consider(builtins.units.get(name));
        return named;
    }
}
