/**
 * The public face of language/: what server/, cli/ and lowering may import. Everything else in
 * this folder is an implementation detail and may move.
 *
 * Services
 *   createPhgCoreServices(context) → { shared, Phg }   the language without LSP (CLI, tests)
 *   PhgModule, PhgAddedServices, PhgCoreServices        for the server to compose LSP providers on
 *
 * Analysis (pure, cached per parse; call after the document is linked, e.g. after a build)
 *   analyzeDocument(document, services) → DocumentAnalysis
 *     .diagnostics                  semantic diagnostics (PHG codes, exact ranges, related locations);
 *                                   Langium's validator publishes these plus parse (PHG0001) and link errors
 *     .valueOf(namedValue)          ValueAnalysis: kind, type {shape, dimension, element}, whether the
 *                                   dimension is written, inferredDimensionText ("1/px", "'d1*m") and
 *                                   suggestedAnnotation {text, offset, position} for inlay hints/quick fix
 *     .typeOf(expression)           ValueType of any expression in a model or training block
 *     .gradientsOf(param)           ParamGradient[]: loss, ∂L/∂W = dim(L)/dim(W), lr = dim(W)²/dim(L)
 *     .multivectorOf(node)          MultivectorInfo of a multivector value/expression: algebra, blade support
 *                                   (engine/ga BladeSupport), versor-ness; describeSupport / supportHover print it
 *     .sandwichOf(expression)       the `R * x * ~R` an expression is (one arity-3 IR edge when lowered)
 *     .models / .trainings          per model: values in source order; per train/distill: data, loss,
 *                                   gradients, typed settings (format, optimizer, batch, epochs, …)
 *     .quantityOf(literal)          a literal in coherent base units (5<ms> → 0.005)
 *     .formatDimension(dimension)   "m/s^2", "1/px", "N", "'d1*m" — in the file's own units
 *     .formatType(type)             "[64, 32]<1/px>", "class(10)"
 *     .basis                        base dimension names and base units (exponent vector order)
 *     .suppressesDiagnosticsAt(n)   true inside a block with a parse error (features may go quiet too)
 *   formatDimension(dimension, analysis), formatShape(shape)   the same printers as free functions
 *
 * Design-time analyses (from the lowered models; pure, cached per parse)
 *   analyzeRepresentation(document, services) → RepresentationAnalysis
 *     .subjects                     every train/distill block lowered as `phg train` lowers it, and every
 *                                   untrained model (float32, batch 32): its memory plan (.plan: peak and
 *                                   bytes by lifetime class for inference, backprop, forward(K)) and the
 *                                   range of every value (.ranges, intervals in coherent base units)
 *     .diagnostics                  PHG4001/4002 (ranges vs formats), PHG4101/4102 (budgets), with quick fixes
 *     .subjectOfModel / .subjectOfTraining / .describeValue / .describeExpression   lookups for the editor
 *   planMemory(graph, settings)     the planner itself, on any lowered graph (docs/memory.md)
 *   memoryPlanJson(subjects)        the JSON of `phg plan --json`
 *
 * Distillation (language/distill; docs/distillation.md)
 *   distillationPlans(analysis)     per distill block: student, teacher, distill settings (prior, posterior, T, α)
 *                                   and which student parameters take the teacher's prior (PHG6107 says so)
 *   lowerDistillation(analysis, plan, path, bytes)   the student lowered with its class-label loss
 *
 * Names resolve within one file; built-in units live in a generated document (`builtinUnitsUri`,
 * `services.builtins.BuiltinDocument`). The parser is LL(3) and reads at most 32 levels of nesting.
 *
 * Semantics the engine relies on: every operation is per sample (the batch axis is implicit,
 * `Shape.batched`); a dimension is an exponent vector over `basis`; literal values are in base
 * units. Diagnostic codes: `diagnosticTitles` (docs/diagnostics.md explains each).
 */
import type { LangiumDocument } from 'langium';
import type { Dimension, DocumentAnalysis } from './analysis/analysis-types.js';
import type { RepresentationAnalysis } from './representation/representation-analysis.js';
import type { PhgAddedServices } from './phg-module.js';

export type {
    AnnotationEdit, Dimension, DimensionVariableExponent, DocumentAnalysis, ElementKind, ModelAnalysis, ParamGradient,
    PhgDiagnostic, RelatedLocation, Severity, Shape, TrainingAnalysis, ValueAnalysis, ValueKind, ValueType
} from './analysis/analysis-types.js';
export type { AccumulationMode, GradientModeSetting, OptimizerSettings, TrainingSettings } from './analysis/training-settings.js';
export type { DimensionBasis } from './units/dimension.js';
export { builtinFunctions, type BuiltinFunction, type FunctionRule } from './builtins/builtin-functions.js';
export { builtinUnitsUri } from './builtins/builtin-units.js';
export { allDiagnosticCodes, diagnosticAnchor, diagnosticTitles, type DiagnosticCode } from './validation/diagnostic-codes.js';
export { formatShape } from './shapes/shape-rules.js';
export { describeSupport, supportHover } from './ga/support-description.js';
export type { MultivectorInfo } from './ga/multivector-types.js';
export type { SandwichMatch } from './ga/grade-analysis.js';
export { createPhgCoreServices, PhgModule, type PhgAddedServices, type PhgCoreServices } from './phg-module.js';
export * as ast from './generated/ast.js';
export * from './distill/index.js';

/** The analysis of a document (parsed and linked); cached until the document is parsed again. */
export function analyzeDocument(document: LangiumDocument, services: PhgAddedServices): DocumentAnalysis {
    return services.analysis.DocumentAnalyzer.analyze(document);
}

export type { ArenaSize, BytesByPeakClass, MemoryPlan, ModePlan, PeakBuffer, PeakClass, PlanOutcome, PlanSettings, PlannedMode, ValueLifetime } from './memory/plan-types.js';
export { peakClasses } from './memory/plan-types.js';
export { planMemory } from './memory/plan-memory.js';
export { planSettingsOf } from './memory/plan-settings.js';
export { formatByteSize } from './memory/byte-size.js';
export type { Interval } from './ranges/interval.js';
export type { RoundingError, DynamicRangeFit } from './ranges/rounding-error.js';
export type { FormatCandidate } from './ranges/format-candidates.js';
export type { RepresentationAnalysis } from './representation/representation-analysis.js';
export type { DesignSubject } from './representation/design-subjects.js';
export type { DesignDiagnostic } from './representation/design-diagnostic.js';
export type { QuickFix, SourceEdit } from './representation/setting-edits.js';
export type { ValueRepresentation } from './representation/value-representation.js';
export type { MemoryPlanJson, ModelPlanJson, PlanContextJson, PlannedPeakJson, UnplannedModelJson } from './representation/plan-json.js';
export { memoryPlanJson, modelPlanJson, planContextJson } from './representation/plan-json.js';
export { formatError, formatInterval, formatNumber } from './representation/number-text.js';
export { describeUnit, type UnitDescription } from './units/unit-description.js';
export { initializers as initializerArguments } from './inference/model-checker.js';
export { optimizerArguments } from './analysis/settings-checker.js';
export { layerStateHover, layerStateOf, type LayerStateVariable } from './spiking/layer-state.js';
export { spikingMemoryPlanOf, spikingPlanLensTitle } from './spiking/spiking-plan.js';

/** The design-time analyses of a document (parsed and linked): plans, ranges, PHG4xxx; cached per parse. */
export function analyzeRepresentation(document: LangiumDocument, services: PhgAddedServices): RepresentationAnalysis {
    return services.analysis.RepresentationAnalyzer.analyze(document);
}

/** Prints a dimension in the units of the analysed file (`m/s^2`, `1/px`, `'d1*m`). */
export function formatDimension(dimension: Dimension, analysis: DocumentAnalysis): string {
    return analysis.formatDimension(dimension);
}
