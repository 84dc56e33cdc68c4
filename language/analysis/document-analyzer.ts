// Runs every semantic analysis of a document once per parse and keeps the result: file-level
// checks, then one inference per model together with the trainings of it, then the public
// views (values, expression types, gradients, diagnostics). Diagnostics inside a block that
// has a parse error are held back: recovery may have swallowed half a line, and what follows
// from it is noise.
import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { DistillDecl, Expression, ModelDecl, NamedValue, PhgFile, TrainDecl } from '../generated/ast.js';
import { isDataDecl, isDistillDecl, isExpression, isLetDecl, isValueType, isModelDecl, isOutputDecl, isParamDecl, isTrainDecl } from '../generated/ast.js';
import { analyzeGrades, type ModelGrades } from '../ga/grade-analysis.js';
import type { PhgBuiltinDocument } from '../builtins/builtin-document.js';
import { InferenceContext, VariableNamer, type TypedForm } from '../inference/inference-context.js';
import type { LinearForm } from '../inference/linear-form.js';
import { ModelChecker } from '../inference/model-checker.js';
import { checkTraining, declareColumns, gradientForm, learningRateForm, type CheckedTraining } from '../inference/training-checker.js';
import { baseModelOf, dataColumnsOf } from '../scoping/named-values.js';
import { formatShape } from '../shapes/shape-rules.js';
import { CachedDocumentAnalysis } from './document-analysis.js';
import { blocksWithParseErrors, inQuietBlock } from './parse-error-blocks.js';
import { formatDimensionText } from '../units/dimension-format.js';
import type {
    AnnotationEdit, Dimension, DocumentAnalysis, ModelAnalysis, ParamGradient, PhgDiagnostic, TrainingAnalysis, ValueAnalysis, ValueType
} from './analysis-types.js';
import { DiagnosticSink } from './diagnostic-sink.js';
import { checkFile } from './file-checker.js';
import { FileUnits } from './file-units.js';
import { checkTrainingSettings } from './settings-checker.js';
import { checkDistillations } from '../distill/distill-checker.js';
import type { TrainingSettings } from './training-settings.js';

/** One inference run: a model (or none, for a training whose model does not resolve) and its trainings. */
interface InferenceGroup {
    readonly ctx: InferenceContext;
    readonly namer: VariableNamer;
    readonly sink: DiagnosticSink;
    readonly model: ModelDecl | undefined;
    /** Blade supports of the model's multivectors (support inference, language/ga). */
    grades?: ModelGrades;
}

/** Analyses documents; results are cached per parse (a new parse yields a new root node). */
export class PhgDocumentAnalyzer {
    private readonly cache = new WeakMap<PhgFile, DocumentAnalysis>();

    constructor(private readonly builtins: PhgBuiltinDocument) {}

    /** The analysis of a parsed (and, for meaningful results, linked) document. */
    analyze(document: LangiumDocument): DocumentAnalysis {
        const root = document.parseResult.value as PhgFile;
        const cached = this.cache.get(root);
        if (cached) return cached;
        const analysis = new AnalysisBuilder(document, root, this.builtins).build();
        this.cache.set(root, analysis);
        return analysis;
    }
}

class AnalysisBuilder {
    private readonly units: FileUnits;
    private readonly fileSink = new DiagnosticSink();
    private readonly groups: InferenceGroup[] = [];
    private readonly groupOfModel = new Map<ModelDecl, InferenceGroup>();
    private readonly values = new Map<NamedValue, ValueAnalysis>();
    private readonly trainings: TrainingAnalysis[] = [];
    private readonly quietBlocks: Set<AstNode>;
    private readonly pendingSettings = new Map<TrainDecl | DistillDecl, TrainingSettings>();

    constructor(private readonly document: LangiumDocument, private readonly root: PhgFile, private readonly builtins: PhgBuiltinDocument) {
        this.units = new FileUnits(root, builtins);
        this.quietBlocks = blocksWithParseErrors(document, root);
    }

    build(): DocumentAnalysis {
        checkFile(this.root, this.units, this.builtins, this.fileSink);
        const trainingsOf = new Map<ModelDecl, (TrainDecl | DistillDecl)[]>();
        const orphans: (TrainDecl | DistillDecl)[] = [];
        for (const declaration of this.root.declarations) {
            if (!isTrainDecl(declaration) && !isDistillDecl(declaration)) continue;
            const model = isTrainDecl(declaration) ? declaration.model?.ref : declaration.student?.ref;
            if (model) {
                const base = baseModelOf(model);
                trainingsOf.set(base, [...(trainingsOf.get(base) ?? []), declaration]);
            } else {
                orphans.push(declaration);
            }
        }
        const models: ModelAnalysis[] = [];
        const baseAnalyses = new Map<ModelDecl, ModelAnalysis>();
        for (const model of this.root.declarations.filter(isModelDecl)) {
            if (model.like) continue;
            const analysis = this.inferModel(model, trainingsOf.get(model) ?? []);
            baseAnalyses.set(model, analysis);
            models.push(analysis);
        }
        for (const model of this.root.declarations.filter(isModelDecl)) {
            if (!model.like) continue;
            const base = baseAnalyses.get(baseModelOf(model));
            const trainings = this.trainings.filter((training) => {
                const trained = isTrainDecl(training.node) ? training.node.model?.ref : training.node.student?.ref;
                return trained === model;
            });
            models.push({ model, values: base?.values ?? [], trainings });
        }
        for (const orphan of orphans) this.inferOrphan(orphan);
        this.describeUnusedData();
        checkDistillations({ root: this.root, models, trainings: this.trainings, units: this.units, formatDimension: (dimension) => this.formatDimension(dimension) }, this.fileSink);
        models.sort((a, b) => (a.model.$cstNode?.offset ?? 0) - (b.model.$cstNode?.offset ?? 0));
        return this.result(models);
    }

    private inferModel(model: ModelDecl, trainings: readonly (TrainDecl | DistillDecl)[]): ModelAnalysis {
        const sink = new DiagnosticSink();
        const ctx = new InferenceContext(this.units, sink);
        const group: InferenceGroup = { ctx, namer: new VariableNamer(), sink, model };
        this.groups.push(group);
        this.groupOfModel.set(model, group);
        const checker = new ModelChecker(ctx, model);
        checker.check();
        const checked: { training: TrainDecl | DistillDecl; result: CheckedTraining }[] = [];
        for (const training of trainings) {
            const settings = checkTrainingSettings(training, this.root, this.units, this.fileSink);
            const result = checkTraining(ctx, checker, training);
            checked.push({ training, result });
            this.pendingSettings.set(training, settings);
        }
        checker.reportUnusedParams();
        group.grades = analyzeGrades(model, checked.flatMap(({ result }) => (result.loss !== undefined ? [result.loss.expression] : [])), sink);
        // Name free variables in the order values appear, so hover and inlay hints agree.
        const values: ValueAnalysis[] = [];
        for (const [node, state] of ctx.values) {
            if (node.$type === 'DataColumn') continue;
            values.push(this.valueAnalysis(group, node, state));
        }
        for (const [node, state] of ctx.values) {
            if (node.$type === 'DataColumn') this.values.set(node, this.valueAnalysis(group, node, state));
        }
        const trainingAnalyses = checked.map(({ training, result }) => this.trainingAnalysis(group, model, training, result));
        this.trainings.push(...trainingAnalyses);
        return { model, values, trainings: trainingAnalyses };
    }

    private inferOrphan(training: TrainDecl | DistillDecl): void {
        const sink = new DiagnosticSink();
        const ctx = new InferenceContext(this.units, sink);
        const group: InferenceGroup = { ctx, namer: new VariableNamer(), sink, model: undefined };
        this.groups.push(group);
        const settings = checkTrainingSettings(training, this.root, this.units, this.fileSink);
        this.pendingSettings.set(training, settings);
        const data = training.data?.ref;
        if (data) declareColumns(ctx, data);
        const result = checkTraining(ctx, undefined, training);
        for (const [node, state] of ctx.values) this.values.set(node, this.valueAnalysis(group, node, state));
        this.trainings.push(this.trainingAnalysis(group, undefined, training, result));
    }

    /** Columns of data sets no training reads still get types, for hover. */
    private describeUnusedData(): void {
        let group: InferenceGroup | undefined;
        for (const data of this.root.declarations.filter(isDataDecl)) {
            if (dataColumnsOf(data).every((column) => this.values.has(column))) continue;
            if (!group) {
                const sink = new DiagnosticSink();
                group = { ctx: new InferenceContext(this.units, sink), namer: new VariableNamer(), sink, model: undefined };
                this.groups.push(group);
            }
            for (const column of declareColumns(group.ctx, data)) {
                const state = group.ctx.values.get(column);
                if (state && !this.values.has(column)) this.valueAnalysis(group, column, state);
            }
        }
    }

    private trainingAnalysis(group: InferenceGroup, model: ModelDecl | undefined, training: TrainDecl | DistillDecl, result: CheckedTraining): TrainingAnalysis {
        const settings = this.pendingSettings.get(training) ?? checkTrainingSettings(training, this.root, this.units, new DiagnosticSink());
        const loss = result.loss ? { expression: result.loss.expression, type: this.typeOf(group, result.loss.typed) } : undefined;
        // Gradients are computed when first asked for (hover, lowering): a deep model has thousands.
        let gradients: ParamGradient[] | undefined;
        const computeGradients = (): ParamGradient[] => {
            const list: ParamGradient[] = [];
            if (!model || !result.loss) return list;
            const lossForm = result.loss.typed.form;
            for (const statement of model.statements) {
                if (!isParamDecl(statement)) continue;
                const state = group.ctx.values.get(statement);
                if (!state) continue;
                list.push({
                    param: statement,
                    training,
                    loss: this.dimensionOf(group, lossForm),
                    gradient: this.dimensionOf(group, gradientForm(state.form, lossForm)),
                    learningRate: this.dimensionOf(group, learningRateForm(state.form, lossForm))
                });
            }
            return list;
        };
        const trained = isTrainDecl(training) ? training.model?.ref : training.student?.ref;
        return {
            node: training, model: trained, data: result.data, loss, settings,
            get gradients(): readonly ParamGradient[] {
                gradients ??= computeGradients();
                return gradients;
            }
        };
    }

    private valueAnalysis(group: InferenceGroup, node: NamedValue, state: TypedForm & { readonly annotation?: unknown; readonly kind: ValueAnalysis['kind'] }): ValueAnalysis {
        const type = this.typeOf(group, state);
        const annotated = state.annotation !== undefined;
        const inferable = !annotated && (state.kind === 'param' || state.kind === 'let' || state.kind === 'output');
        const analysis: ValueAnalysis = {
            node,
            name: node.name,
            kind: state.kind,
            type,
            dimensionAnnotated: annotated,
            ...(inferable ? { inferredDimensionText: this.formatDimension(type.dimension) } : {}),
            ...(inferable ? optional('suggestedAnnotation', this.annotationEdit(node, type)) : {})
        };
        this.values.set(node, analysis);
        return analysis;
    }

    /** Where and what to insert to write an inferred dimension down; only for fully known dimensions with unit names. */
    private annotationEdit(node: NamedValue, type: ValueType): AnnotationEdit | undefined {
        const dimension = type.dimension;
        if (dimension.variables.length > 0) return undefined;
        if (dimension.exponents.some((exponent, i) => exponent !== 0 && this.units.basis.baseUnits[i] === undefined)) return undefined;
        const unit = `<${this.formatDimension(dimension)}>`;
        let offset: number | undefined;
        let text = unit;
        if (isParamDecl(node) || ((isLetDecl(node) || isOutputDecl(node)) && node.type)) {
            const typeNode = node.type;
            // Only a plain value type takes a `<…>` after it (not `spikes[n]` or `class(n)`).
            if (!typeNode?.$cstNode || !isValueType(typeNode) || typeNode.unit) return undefined;
            offset = typeNode.$cstNode.end;
        } else if (isLetDecl(node) || isOutputDecl(node)) {
            if (!type.shape || type.element !== 'tensor') return undefined;
            offset = findNameEnd(node);
            text = ` : ${formatShape(type.shape)}${unit}`;
        }
        if (offset === undefined) return undefined;
        return { text, offset, position: this.document.textDocument.positionAt(offset) };
    }

    private typeOf(group: InferenceGroup, typed: TypedForm): ValueType {
        return {
            shape: typed.shape,
            dimension: this.dimensionOf(group, typed.form),
            element: typed.element,
            ...(typed.classes !== undefined ? { classes: typed.classes } : {})
        };
    }

    private dimensionOf(group: InferenceGroup, form: LinearForm): Dimension {
        const resolved = group.ctx.resolve(form);
        return {
            exponents: [...resolved.constant],
            variables: [...resolved.terms].map(([variable, exponent]) => ({ name: group.namer.nameOf(variable), exponent }))
        };
    }

    private formatDimension(dimension: Dimension): string {
        return formatDimensionText(dimension.exponents, dimension.variables, this.units.vocabulary);
    }

    private result(models: ModelAnalysis[]): DocumentAnalysis {
        const quiet = this.quietBlocks;
        const diagnostics: PhgDiagnostic[] = this.fileSink.diagnostics.filter((diagnostic) => !inQuietBlock(quiet, diagnostic.node));
        for (const group of this.groups) {
            // A parse error in a model makes every check of its trainings unreliable too.
            const modelQuiet = group.model !== undefined && quiet.has(group.model);
            for (const diagnostic of group.sink.diagnostics) {
                if (modelQuiet || inQuietBlock(quiet, diagnostic.node)) continue;
                diagnostics.push(diagnostic);
            }
        }
        diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        return new CachedDocumentAnalysis({
            root: this.root,
            units: this.units,
            values: this.values,
            trainings: this.trainings,
            quietBlocks: quiet,
            typeOfExpression: (expression) => this.typeOfExpression(expression),
            multivectorOf: (node) => this.lookupGrades((grades) => (isExpression(node) ? grades.expressions.get(node) : grades.values.get(node))),
            sandwichOf: (expression) => this.lookupGrades((grades) => grades.sandwiches.get(expression)),
            formatDimension: (dimension) => this.formatDimension(dimension)
        }, diagnostics, models);
    }

    /** The first answer any model's support inference gives. */
    private lookupGrades<T>(ask: (grades: ModelGrades) => T | undefined): T | undefined {
        for (const group of this.groups) {
            const answer = group.grades !== undefined ? ask(group.grades) : undefined;
            if (answer !== undefined) return answer;
        }
        return undefined;
    }

    /** The type of an expression, from whichever inference recorded it. */
    private typeOfExpression(expression: Expression): ValueType | undefined {
        for (const group of this.groups) {
            const typed = group.ctx.expressions.get(expression);
            if (typed) return this.typeOf(group, typed);
        }
        return undefined;
    }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** The offset just after a declaration's name. */
function findNameEnd(node: NamedValue): number | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.end;
}

