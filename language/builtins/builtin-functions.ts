// The functions a model expression may call, with the rule that gives each its dimension and
// shape. One table, read by the checker, completion and the docs; lowering maps the same names
// to IR operations.

/** How a function's result dimension and shape follow from its arguments. */
export type FunctionRule =
    /** Elementwise, result has the argument's dimension (`relu abs neg`). */
    | 'preserve'
    /** Elementwise, argument must be dimensionless, result dimensionless (`exp log sin cos tanh sigmoid softmax`). */
    | 'dimensionless'
    /** Elementwise square root: exponents halve. */
    | 'sqrt'
    /** `pow(x, k)`: exponents times the integer literal k. */
    | 'pow'
    /** Reduces the per-sample axes (all, or `axis: k`); keeps the dimension (`sum mean norm`). */
    | 'reduce'
    /** Elementwise over arguments of one dimension (`max min`). */
    | 'same'
    /** Joins along the last axis; arguments of one dimension. */
    | 'concat'
    /** `fma(a, b, c)` = a·b + c: dim(a)+dim(b) = dim(c). */
    | 'fma'
    /** Swaps the two axes of a matrix. */
    | 'transpose'
    /** `mse(prediction, target)`: scalar, dimension squared. */
    | 'mse'
    /** `mae(prediction, target)`: scalar, same dimension. */
    | 'mae'
    /** `cross_entropy(probabilities, label)`: scalar, dimensionless. */
    | 'cross_entropy'
    /** Geometric-algebra operations whose grades a later stage checks; dimensions multiply (`wedge`) or stay (`grade`). */
    | 'ga-product'
    | 'ga-preserve';

/** A built-in function: its rule, positional arity and accepted named arguments. */
export interface BuiltinFunction {
    readonly name: string;
    readonly rule: FunctionRule;
    readonly minArgs: number;
    readonly maxArgs: number;
    /** Named arguments it accepts besides the positional ones (`axis` for reductions). */
    readonly named: readonly string[];
    /** One line for hover and completion. */
    readonly summary: string;
}

const table: readonly BuiltinFunction[] = [
    { name: 'relu', rule: 'preserve', minArgs: 1, maxArgs: 1, named: [], summary: 'max(x, 0) elementwise; keeps the dimension' },
    { name: 'abs', rule: 'preserve', minArgs: 1, maxArgs: 1, named: [], summary: '|x| elementwise; keeps the dimension' },
    { name: 'neg', rule: 'preserve', minArgs: 1, maxArgs: 1, named: [], summary: '−x elementwise; keeps the dimension' },
    { name: 'exp', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'eˣ; x must be dimensionless' },
    { name: 'log', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'natural logarithm; x must be dimensionless' },
    { name: 'sin', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'sine; x must be dimensionless (radians)' },
    { name: 'cos', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'cosine; x must be dimensionless (radians)' },
    { name: 'tanh', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'hyperbolic tangent; x must be dimensionless' },
    { name: 'sigmoid', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: '1 / (1 + e⁻ˣ); x must be dimensionless' },
    { name: 'softmax', rule: 'dimensionless', minArgs: 1, maxArgs: 1, named: [], summary: 'softmax over the last axis; x must be dimensionless' },
    { name: 'sqrt', rule: 'sqrt', minArgs: 1, maxArgs: 1, named: [], summary: 'square root; halves every exponent (odd exponents are an error)' },
    { name: 'pow', rule: 'pow', minArgs: 2, maxArgs: 2, named: [], summary: 'pow(x, k): xᵏ; k an integer literal unless x is dimensionless' },
    { name: 'sum', rule: 'reduce', minArgs: 1, maxArgs: 1, named: ['axis'], summary: 'sum over the per-sample axes (or one `axis`); keeps the dimension' },
    { name: 'mean', rule: 'reduce', minArgs: 1, maxArgs: 1, named: ['axis'], summary: 'mean over the per-sample axes (or one `axis`); keeps the dimension' },
    { name: 'norm', rule: 'reduce', minArgs: 1, maxArgs: 1, named: ['axis'], summary: 'Euclidean norm over the per-sample axes (or one `axis`); keeps the dimension' },
    { name: 'max', rule: 'same', minArgs: 2, maxArgs: Infinity, named: [], summary: 'elementwise maximum; arguments of one dimension' },
    { name: 'min', rule: 'same', minArgs: 2, maxArgs: Infinity, named: [], summary: 'elementwise minimum; arguments of one dimension' },
    { name: 'concat', rule: 'concat', minArgs: 2, maxArgs: Infinity, named: [], summary: 'joins along the last axis; arguments of one dimension' },
    { name: 'fma', rule: 'fma', minArgs: 3, maxArgs: 3, named: [], summary: 'fma(a, b, c) = a·b + c with one rounding; dim(a·b) = dim(c)' },
    { name: 'transpose', rule: 'transpose', minArgs: 1, maxArgs: 1, named: [], summary: 'swaps the axes of a matrix' },
    { name: 'mse', rule: 'mse', minArgs: 2, maxArgs: 2, named: [], summary: 'mean squared error (prediction, target); dimension squared' },
    { name: 'mae', rule: 'mae', minArgs: 2, maxArgs: 2, named: [], summary: 'mean absolute error (prediction, target); keeps the dimension' },
    { name: 'cross_entropy', rule: 'cross_entropy', minArgs: 2, maxArgs: 2, named: [], summary: 'cross entropy (probabilities, class label); dimensionless' },
    { name: 'wedge', rule: 'ga-product', minArgs: 2, maxArgs: 2, named: [], summary: 'outer product of multivectors; dimensions multiply' },
    { name: 'inner', rule: 'ga-product', minArgs: 2, maxArgs: 2, named: [], summary: 'inner product (left contraction) of multivectors; dimensions multiply' },
    { name: 'dual', rule: 'ga-preserve', minArgs: 1, maxArgs: 1, named: [], summary: 'dual (right complement) of a multivector: every blade to its complement' },
    { name: 'grade', rule: 'ga-preserve', minArgs: 1, maxArgs: 1, named: [], summary: 'grade<k>(x): the grade-k part of a multivector' },
    { name: 'reverse', rule: 'ga-preserve', minArgs: 1, maxArgs: 1, named: [], summary: 'reverse of a multivector (same as ~x)' }
];

/** Built-in functions by name. */
export const builtinFunctions: ReadonlyMap<string, BuiltinFunction> = new Map(table.map((fn) => [fn.name, fn]));

/** The loss functions (the rules a `loss` setting is built from). */
export const lossRules: ReadonlySet<FunctionRule> = new Set<FunctionRule>(['mse', 'mae', 'cross_entropy']);
