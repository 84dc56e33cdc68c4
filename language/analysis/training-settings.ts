// The settings of a `train` or `distill` block as typed values, with the defaults the language
// documents (docs/language.md, "train"). Quantities are in coherent base units (`dt 1<ms>` is
// 0.001 s, `budget memory 4<MiB>` is 4194304 bytes).
import type { CallExpr, DataDecl } from '../generated/ast.js';

/** How sums are accumulated: exactly in a quire, or rounding at every add. */
export type AccumulationMode = 'quire' | 'rounded';

/** How gradients are computed. */
export type GradientModeSetting =
    | { readonly mode: 'backprop' }
    | { readonly mode: 'forward'; readonly tangents: number };

/** `optimizer sgd(lr: 0.05, momentum: 0.9)`. */
export interface OptimizerSettings {
    /** `sgd` or `adam`. */
    readonly name: string;
    /** Every argument, by name, as a plain number (the learning rate in each parameter's own unit). */
    readonly args: ReadonlyMap<string, number>;
    readonly node: CallExpr;
}

/** The typed settings of a training block. */
export interface TrainingSettings {
    /** Canonical format name (`posit<16>`, `float32`) after resolving `format` aliases; default `float32`. */
    readonly format: string;
    /** Per-class formats: `format posit<32> for state` → `state` → `posit<32>`. */
    readonly formatsFor: ReadonlyMap<string, string>;
    /** Default `quire`. */
    readonly accumulate: AccumulationMode;
    /** Default backprop. */
    readonly gradient: GradientModeSetting;
    /** Default `sgd(lr: 0.01)`: undefined only when no optimizer is written. */
    readonly optimizer: OptimizerSettings | undefined;
    /** Default 32. */
    readonly batch: number;
    /** Default 1. */
    readonly epochs: number;
    /** Default 0. */
    readonly seed: number;
    readonly validateOn: DataDecl | undefined;
    /** `budget memory …` in bytes. */
    readonly memoryBudgetBytes: number | undefined;
    /** `budget ratio …`: the allowed training peak / inference peak. */
    readonly memoryRatio: number | undefined;
    /** Other scalar settings (`dt`, `temperature`, `alpha`, `weight_decay`, …) in base units. */
    readonly values: ReadonlyMap<string, number>;
    /** `encode poisson(…)`, `prior gaussian(…)`: the constructor call, for later stages. */
    readonly calls: ReadonlyMap<string, CallExpr>;
}
