// Every diagnostic code the language emits, with a one-line title. Codes are stable: a code is
// never reused for a different problem. docs/diagnostics.md explains each one with a wrong and a
// right example; a unit test keeps that page and this table in step.

/** Code → title. PHG0xxx syntax and names, 1xxx dimensions and units, 2xxx shapes, 3xxx grades of multivectors, 6xxx training and distillation configuration. */
export const diagnosticTitles = {
    PHG0001: 'syntax error',
    PHG0002: 'unexpected character',
    PHG0003: 'blank between a value and its unit',
    PHG0101: 'unknown value name',
    PHG0102: 'unknown function',
    PHG0103: 'unknown declaration',
    PHG0104: 'duplicate name',
    PHG0105: 'wrong arguments to a built-in function',
    PHG0106: 'circular definition',
    PHG0107: 'unknown or malformed initializer',
    PHG0108: 'model without output',
    PHG0109: 'unused parameter',
    PHG1001: 'cannot add or subtract different dimensions',
    PHG1002: 'arguments must have the same dimension',
    PHG1003: 'argument must be dimensionless',
    PHG1004: 'square root of an odd exponent',
    PHG1005: 'exponent of pow must be an integer literal',
    PHG1006: 'declared dimension disagrees with the inferred one',
    PHG1007: 'initial value has the wrong dimension',
    PHG1008: 'range bound has the wrong dimension',
    PHG1009: 'learning rate has the wrong dimension',
    PHG1010: 'data column and model input have different dimensions',
    PHG1011: 'setting has the wrong dimension',
    PHG1012: 'spiking option has the wrong dimension',
    PHG1013: 'membrane equation does not balance',
    PHG1101: 'unknown unit',
    PHG1102: 'unknown dimension',
    PHG1103: 'second base unit for a dimension',
    PHG1104: 'only 1 may appear as a number in a unit',
    PHG1105: 'circular unit definition',
    PHG1106: 'declaration shadows a built-in',
    PHG1107: 'unit scale must be positive',
    PHG2001: 'shapes cannot be broadcast together',
    PHG2002: 'matrix product axes do not match',
    PHG2003: 'matrix product of a scalar',
    PHG2004: 'declared shape disagrees with the computed one',
    PHG2005: 'column selection and declared shape disagree',
    PHG2006: 'class count disagrees',
    PHG2007: 'concat shapes disagree',
    PHG2008: 'loss is not a scalar',
    PHG2009: 'data column and model input have different shapes',
    PHG2010: 'class label used as a number',
    PHG2011: 'axis out of range',
    PHG2012: 'axis of size zero',
    PHG3001: 'declared grade narrower than the inferred support',
    PHG3002: 'sandwich narrowed to one grade without a known versor',
    PHG3003: 'blade support cannot be bounded',
    PHG3004: 'algebra, grade or blade that does not exist',
    PHG4001: 'value range outside the numeric format',
    PHG4002: 'values saturate at the format\'s limits',
    PHG4101: 'memory plan over the memory budget',
    PHG4102: 'training/inference memory over the budget ratio',
    PHG4103: 'micro-batches would fit the memory budget one batch exceeds',
    PHG6001: 'unknown numeric format',
    PHG6002: 'unknown optimizer',
    PHG6003: 'wrong optimizer argument',
    PHG6004: 'setting value out of range',
    PHG6005: 'training without a loss',
    PHG6006: 'wrong loss arguments',
    PHG6007: 'model input missing from the data',
    PHG6008: 'unknown setting',
    PHG6009: 'duplicate setting',
    PHG6010: 'unknown data source',
    PHG6011: 'validation data lacks a column',
    PHG6012: 'unknown, missing or malformed spiking option',
    PHG6013: 'spiking configuration that cannot work as written',
    PHG6014: 'spiking training without an encoding or a time step',
    PHG6015: 'layer source is not a spike train',
    PHG6101: 'teacher and student read different inputs',
    PHG6102: 'teacher and student predict different classes',
    PHG6103: 'distilled output is not a softmax of logits',
    PHG6104: 'unknown or malformed prior or posterior',
    PHG6105: 'student without a class-label loss',
    PHG6106: 'distillation with forward gradients',
    PHG6107: 'student parameters that learn from soft labels only',
    PHG6201: 'accumulation or workers the engine cannot split exactly',
    PHG6202: 'more workers than rows in a micro-batch'
} as const;

/** A stable diagnostic code such as `PHG1001`. */
export type DiagnosticCode = keyof typeof diagnosticTitles;

/** Every code, in numeric order. */
export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.keys(diagnosticTitles) as DiagnosticCode[];

/** The documentation anchor of a code (docs/diagnostics.md#phg1001). */
export function diagnosticAnchor(code: DiagnosticCode): string {
    return `docs/diagnostics.md#${code.toLowerCase()}`;
}
