// The result types of analysing one .phg document: what hover, inlay hints, quick fixes, `phg
// check` and lowering read. Values only — no Langium services, no LSP connection.
import type { Position, Range } from 'vscode-languageserver-types';
import type { AstNode } from 'langium';
import type {
    DataDecl, DistillDecl, Expression, ModelDecl, NamedValue, ParamDecl, PhgFile, QuantityLiteral, TrainDecl
} from '../generated/ast.js';
import type { SandwichMatch } from '../ga/grade-analysis.js';
import type { MultivectorInfo } from '../ga/multivector-types.js';
import type { DimensionBasis } from '../units/dimension.js';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import type { TrainingSettings } from './training-settings.js';

/** How serious a diagnostic is (the LSP severities, by name). */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A place in the same document that explains a diagnostic ("x is <m/s> because of this annotation"). */
export interface RelatedLocation {
    readonly range: Range;
    readonly message: string;
}

/** A problem found in a document: always a value with a code, an exact range and an explanation. */
export interface PhgDiagnostic {
    /** Stable code, documented in docs/diagnostics.md (`PHG1001`). */
    readonly code: DiagnosticCode;
    readonly severity: Severity;
    readonly message: string;
    /** The exact range the diagnostic underlines. */
    readonly range: Range;
    /** The AST node the diagnostic is about. */
    readonly node: AstNode;
    /** Why each side has what it has: annotations, operations and declarations involved. */
    readonly related: readonly RelatedLocation[];
}

/** A free dimension variable with its exponent inside a dimension (`'d1^2`). */
export interface DimensionVariableExponent {
    /** Display name, numbered per model in order of appearance: `'d1`, `'d2`, … */
    readonly name: string;
    readonly exponent: number;
}

/**
 * A dimension: integer exponents over the document's basis (`DocumentAnalysis.basis`) times free
 * dimension variables the program leaves undetermined. Types carry dimensions, never scale.
 */
export interface Dimension {
    /** Exponent of each base dimension, index-aligned with `basis.names`. */
    readonly exponents: readonly number[];
    /** Free variables; empty when the dimension is fully determined. */
    readonly variables: readonly DimensionVariableExponent[];
}

/** A static shape: the per-sample axes, and whether the value also has the implicit batch axis. */
export interface Shape {
    /** Sizes of the per-sample axes (`[64, 32]`); empty for a scalar. */
    readonly axes: readonly number[];
    /** True for inputs, data columns and everything computed from them. */
    readonly batched: boolean;
}

/** What a value holds per element. */
export type ElementKind = 'tensor' | 'class' | 'spikes' | 'multivector';

/** The static type of a value or expression. */
export interface ValueType {
    /** Undefined when an error upstream (reported separately) leaves the shape unknown. */
    readonly shape: Shape | undefined;
    readonly dimension: Dimension;
    readonly element: ElementKind;
    /** The number of classes of a `class(n)` label. */
    readonly classes?: number;
}

/** Which statement introduced a named value. */
export type ValueKind = 'input' | 'param' | 'let' | 'output' | 'layer' | 'column';

/** An edit that writes an inferred dimension into the source (inlay hint position and quick fix). */
export interface AnnotationEdit {
    /** The text to insert, e.g. `<1/px>` after a param's shape or ` : [32]<m/s>` after a let's name. */
    readonly text: string;
    /** Zero-based offset in the document where the text goes. */
    readonly offset: number;
    readonly position: Position;
}

/** Everything known about one named value. */
export interface ValueAnalysis {
    readonly node: NamedValue;
    readonly name: string;
    readonly kind: ValueKind;
    readonly type: ValueType;
    /** Whether the source writes the dimension (`<…>`); inputs and columns without one are dimensionless. */
    readonly dimensionAnnotated: boolean;
    /** For a value whose dimension is inferred: the dimension as it would be written (`1/px`, `'d1*m`). */
    readonly inferredDimensionText?: string;
    /** For an inferred, fully determined dimension: the edit that writes it down. */
    readonly suggestedAnnotation?: AnnotationEdit;
}

/** The dimensions training gives a parameter: ∂L/∂W is dim(L)/dim(W), η is dim(W)²/dim(L). */
export interface ParamGradient {
    readonly param: ParamDecl;
    readonly training: TrainDecl | DistillDecl;
    readonly loss: Dimension;
    readonly gradient: Dimension;
    readonly learningRate: Dimension;
}

/** A `train` or `distill` block, checked against its model and data. */
export interface TrainingAnalysis {
    readonly node: TrainDecl | DistillDecl;
    /** The model trained (the student, for distill); undefined when the name does not resolve. */
    readonly model: ModelDecl | undefined;
    readonly data: DataDecl | undefined;
    /** The loss expression and its dimension, when the block has a `loss`. */
    readonly loss: { readonly expression: Expression; readonly type: ValueType } | undefined;
    /** One entry per parameter of the model, in declaration order. */
    readonly gradients: readonly ParamGradient[];
    /** The block's settings, read into typed values (defaults filled in). */
    readonly settings: TrainingSettings;
}

/** One model: its values and the trainings that train it. */
export interface ModelAnalysis {
    readonly model: ModelDecl;
    /** Named values in source order (for `model B like A`: A's values). */
    readonly values: readonly ValueAnalysis[];
    readonly trainings: readonly TrainingAnalysis[];
}

/** The analysis of one document; cached per parse, so asking twice is free. */
export interface DocumentAnalysis {
    readonly root: PhgFile;
    /** The base dimensions of this file: the eight built-in ones, then the declared ones. */
    readonly basis: DimensionBasis;
    /** Every semantic diagnostic (parse and link errors come from Langium's validator). */
    readonly diagnostics: readonly PhgDiagnostic[];
    readonly models: readonly ModelAnalysis[];
    readonly trainings: readonly TrainingAnalysis[];
    /** A named value (input, param, let, output, layer, data column). */
    valueOf(node: NamedValue): ValueAnalysis | undefined;
    /** The type of any expression inside a model, a training block or a layer. */
    typeOf(expression: Expression): ValueType | undefined;
    /** The blade support of a multivector value or expression (undefined for tensors and after errors). */
    multivectorOf(node: Expression | NamedValue): MultivectorInfo | undefined;
    /** The sandwich `R * x * ~R` an expression is, if support inference recognised one. */
    sandwichOf(expression: Expression): SandwichMatch | undefined;
    /** The gradient and learning-rate dimensions of a parameter, one per training of its model. */
    gradientsOf(param: ParamDecl): readonly ParamGradient[];
    /** A literal's value in coherent base units (`5<ms>` → 0.005); undefined if its unit is unknown. */
    quantityOf(literal: QuantityLiteral): number | undefined;
    /** Prints a dimension in this file's units (`1/px`, `m/s^2`, `N`, `'d1*m`). */
    formatDimension(dimension: Dimension): string;
    /** Prints a type as it would be written: `[64, 32]<1/px>`, `class(10)`. */
    formatType(type: ValueType): string;
    /**
     * Whether diagnostics at this node are held back because its block (or the model its
     * training trains) has a parse error; the validator drops link errors there too.
     */
    suppressesDiagnosticsAt(node: AstNode): boolean;
}
