// The finished, cached analysis of one parse: lookups over what the analyzer computed.
import type { AstNode } from 'langium';
import type { Expression, NamedValue, ParamDecl, PhgFile, QuantityLiteral } from '../generated/ast.js';
import type { SandwichMatch } from '../ga/grade-analysis.js';
import type { MultivectorInfo } from '../ga/multivector-types.js';
import { formatShape } from '../shapes/shape-rules.js';
import type {
    Dimension, DocumentAnalysis, ModelAnalysis, ParamGradient, PhgDiagnostic, TrainingAnalysis, ValueAnalysis, ValueType
} from './analysis-types.js';
import type { FileUnits } from './file-units.js';
import { isQuietAt } from './parse-error-blocks.js';
import { quantityOfExpression, quantityOfLiteral } from './quantities.js';

/** What the analyzer hands over once it is done. */
export interface AnalysisParts {
    readonly root: PhgFile;
    readonly units: FileUnits;
    readonly values: ReadonlyMap<NamedValue, ValueAnalysis>;
    readonly trainings: readonly TrainingAnalysis[];
    /** Top-level blocks with a parse error. */
    readonly quietBlocks: ReadonlySet<AstNode>;
    /** The type of an expression some inference recorded. */
    typeOfExpression(expression: Expression): ValueType | undefined;
    /** The blade support of a multivector value or expression (support inference, language/ga). */
    multivectorOf(node: Expression | NamedValue): MultivectorInfo | undefined;
    sandwichOf(expression: Expression): SandwichMatch | undefined;
    formatDimension(dimension: Dimension): string;
}

/** The finished analysis of one parse. */
export class CachedDocumentAnalysis implements DocumentAnalysis {
    readonly root: PhgFile;
    readonly basis: DocumentAnalysis['basis'];
    readonly trainings: readonly TrainingAnalysis[];
    private readonly expressionTypes = new Map<Expression, ValueType>();
    private gradientsByParam: Map<ParamDecl, ParamGradient[]> | undefined;

    constructor(private readonly parts: AnalysisParts, readonly diagnostics: readonly PhgDiagnostic[], readonly models: readonly ModelAnalysis[]) {
        this.root = parts.root;
        this.basis = parts.units.basis;
        this.trainings = parts.trainings;
    }

    valueOf(node: NamedValue): ValueAnalysis | undefined {
        return this.parts.values.get(node);
    }

    typeOf(expression: Expression): ValueType | undefined {
        const cached = this.expressionTypes.get(expression);
        if (cached) return cached;
        const type = this.parts.typeOfExpression(expression) ?? this.settingLiteralType(expression);
        if (type) this.expressionTypes.set(expression, type);
        return type;
    }

    /** A literal no inference typed (a setting's value, `budget memory 4<MiB>`): a scalar of its unit's dimension. */
    private settingLiteralType(expression: Expression): ValueType | undefined {
        const quantity = quantityOfExpression(expression, this.parts.units);
        if (!quantity) return undefined;
        return { shape: { axes: [], batched: false }, dimension: { exponents: [...quantity.exponents], variables: [] }, element: 'tensor' };
    }

    multivectorOf(node: Expression | NamedValue): MultivectorInfo | undefined {
        return this.parts.multivectorOf(node);
    }

    sandwichOf(expression: Expression): SandwichMatch | undefined {
        return this.parts.sandwichOf(expression);
    }

    gradientsOf(param: ParamDecl): readonly ParamGradient[] {
        if (!this.gradientsByParam) {
            this.gradientsByParam = new Map();
            for (const training of this.trainings) {
                for (const gradient of training.gradients) {
                    this.gradientsByParam.set(gradient.param, [...(this.gradientsByParam.get(gradient.param) ?? []), gradient]);
                }
            }
        }
        return this.gradientsByParam.get(param) ?? [];
    }

    quantityOf(literal: QuantityLiteral): number | undefined {
        return quantityOfLiteral(literal, this.parts.units)?.value;
    }

    formatDimension(dimension: Dimension): string {
        return this.parts.formatDimension(dimension);
    }

    formatType(type: ValueType): string {
        if (type.element === 'class') return `class(${type.classes ?? '?'})`;
        const shape = type.shape ? formatShape(type.shape) : '[?]';
        return `${type.element === 'spikes' ? 'spikes' : ''}${shape}<${this.formatDimension(type.dimension)}>`;
    }

    suppressesDiagnosticsAt(node: AstNode): boolean {
        return isQuietAt(this.parts.quietBlocks, node);
    }
}

