// Checks a `train`/`distill` block inside its model's inference: the data must supply every
// model input with the same shape and dimension, the loss is a scalar over model outputs and
// data columns, and an annotated learning rate must have dim(W)²/dim(L) for every param.
import type { DataColumn, DataDecl, DistillDecl, Expression, NamedValue, NameRef, TrainDecl } from '../generated/ast.js';
import { isDataColumn, isInputDecl, isLossSetting, isNameRef, isOptimizerSetting, isParamDecl, isQuantityLiteral, isValidateSetting } from '../generated/ast.js';
import { AstUtils } from 'langium';
import { dataColumnsOf } from '../scoping/named-values.js';
import { formatShape, sameAxes } from '../shapes/shape-rules.js';
import { relatedAt } from '../analysis/diagnostic-sink.js';
import { ExpressionChecker } from './expression-checker.js';
import { sourceText, VariableNamer, type InferenceContext, type TypedForm, type ValueState } from './inference-context.js';
import { addForms, scaleForm, type LinearForm } from './linear-form.js';
import type { ModelChecker } from './model-checker.js';
import { readType } from './type-annotations.js';
import { checkSpikingTraining } from '../spiking/spiking-training-checker.js';

/** What checking a training block yields for the analysis. */
export interface CheckedTraining {
    readonly node: TrainDecl | DistillDecl;
    readonly data: DataDecl | undefined;
    readonly loss: { readonly expression: Expression; readonly typed: TypedForm } | undefined;
}

/** Declares a data set's columns in the context (once per context). */
export function declareColumns(ctx: InferenceContext, data: DataDecl): DataColumn[] {
    const columns = dataColumnsOf(data);
    for (const column of columns) {
        if (ctx.values.has(column)) continue;
        const written = readType(column.type, true, ctx.units, undefined);
        const form = written.exponents ? ctx.constant(written.exponents) : ctx.one;
        const state: ValueState = {
            node: column, kind: 'column', form, shape: written.shape, element: written.element, annotation: written.annotation, variable: undefined,
            ...(written.classes !== undefined ? { classes: written.classes } : {})
        };
        ctx.values.set(column, state);
    }
    return columns;
}

/** Checks one training block of the model `models` checks. */
export function checkTraining(ctx: InferenceContext, models: ModelChecker | undefined, training: TrainDecl | DistillDecl): CheckedTraining {
    const data = training.data?.ref;
    const columns = data ? declareColumns(ctx, data) : [];
    if (models && data) bindInputs(ctx, models, training, data, columns);
    if (models) checkSpikingTraining(models.model, training, data, ctx.units, ctx.sink);
    if (models) {
        const validateOn = training.settings.find(isValidateSetting);
        const validationData = validateOn?.data?.ref;
        if (validateOn && validationData) {
            const validationColumns = declareColumns(ctx, validationData);
            for (const statement of models.model.statements) {
                if (isInputDecl(statement) && statement.name && !validationColumns.some((column) => column.name === statement.name)) {
                    ctx.sink.error('PHG6011', `validation data ${validationData.name} has no column '${statement.name}', which model ${models.model.name} reads`,
                        { node: validateOn, property: 'data' });
                }
            }
        }
    }

    const lookup = (value: NamedValue, use: NameRef): TypedForm | undefined => {
        if (isDataColumn(value)) return ctx.values.get(value);
        return models?.lookup(value, use);
    };
    const expressions = new ExpressionChecker(ctx, lookup);
    const lossSetting = training.settings.find(isLossSetting);
    let loss: CheckedTraining['loss'];
    if (lossSetting?.loss) {
        const typed = expressions.check(lossSetting.loss);
        expressions.settleLiterals();
        loss = { expression: lossSetting.loss, typed };
        if (typed.shape && typed.shape.axes.length > 0) {
            ctx.sink.error('PHG2008', `a loss must be a scalar, but this one has shape ${formatShape(typed.shape)}; reduce it with sum(…) or mean(…)`, { node: lossSetting.loss });
        }
        const readsModel = AstUtils.streamAst(lossSetting.loss).some((node) => isNameRef(node) && node.target?.ref !== undefined && !isDataColumn(node.target.ref));
        if (models && !readsModel) {
            ctx.sink.error('PHG6006', `the loss reads no value of model ${models.model.name}, so training cannot change it`, { node: lossSetting.loss });
        }
        if (models) checkLearningRate(ctx, models, training, typed.form);
    }
    return { node: training, data, loss };
}

function bindInputs(ctx: InferenceContext, models: ModelChecker, training: TrainDecl | DistillDecl, data: DataDecl, columns: readonly DataColumn[]): void {
    for (const statement of models.model.statements) {
        if (!isInputDecl(statement) || !statement.name) continue;
        const input = ctx.values.get(statement);
        const column = columns.find((candidate) => candidate.name === statement.name);
        if (!column) {
            ctx.sink.error('PHG6007',
                `model ${models.model.name} reads input '${statement.name}', but data ${data.name} has no column of that name` +
                (columns.length > 0 ? ` (it has ${columns.map((c) => c.name).join(', ')})` : ''),
                { node: training, property: 'data' }, [relatedAt({ node: statement }, `input '${statement.name}' is declared here`)]);
            continue;
        }
        const supplied = ctx.values.get(column);
        if (!input || !supplied) continue;
        models.used.add(statement);
        // A spike input takes any column: the encoder turns values into rates relative to the column's range.
        const failure = input.element === 'spikes' ? undefined : ctx.unify(input.form, supplied.form, { node: training, property: 'data' }, `data column '${column.name}' feeds input '${statement.name}'`);
        if (failure) {
            const namer = new VariableNamer();
            ctx.reportDimension('PHG1010',
                `data column '${column.name}' has dimension ${ctx.describe(supplied.form, namer)}, but model input '${statement.name}' has ${ctx.describe(input.form, namer)}${ctx.difference(supplied.form, input.form)}`,
                { node: training, property: 'data' }, [ctx.explainValue(column), ctx.explainValue(statement)].filter((x) => x !== undefined));
        }
        if (supplied.element === 'class' && input.element !== 'class') {
            ctx.sink.error('PHG2009', `data column '${column.name}' holds class labels, but model input '${statement.name}' is a tensor`, { node: training, property: 'data' });
        } else if (input.shape && supplied.shape && !sameAxes(input.shape, supplied.shape)) {
            ctx.sink.error('PHG2009', `data column '${column.name}' has shape ${formatShape(supplied.shape)}, but model input '${statement.name}' has shape ${formatShape(input.shape)}`,
                { node: training, property: 'data' }, [relatedAt({ node: column }, `column '${column.name}' is declared here`)]);
        }
    }
}

/** An lr written with a unit must be dim(W)²/dim(L) for every param (it fixes free dimensions otherwise). */
function checkLearningRate(ctx: InferenceContext, models: ModelChecker, training: TrainDecl | DistillDecl, loss: LinearForm): void {
    const optimizer = training.settings.find(isOptimizerSetting)?.optimizer;
    const lr = optimizer?.args.find((arg) => arg.name === 'lr')?.value;
    if (!lr || !isQuantityLiteral(lr) || !lr.unit) return;
    const written = ctx.units.resolveAnnotation(lr.unit);
    if (!written) return;
    const lrForm = ctx.constant(written.exponents);
    for (const statement of models.model.statements) {
        if (!isParamDecl(statement)) continue;
        const param = ctx.values.get(statement);
        if (!param) continue;
        const required = learningRateForm(param.form, loss);
        const failure = ctx.unify(lrForm, required, { node: lr }, `the learning rate of '${statement.name}' is dim(W)²/dim(L)`);
        if (failure) {
            const namer = new VariableNamer();
            ctx.reportDimension('PHG1009',
                `learning rate ${sourceText(lr)} has dimension ${ctx.describe(lrForm, namer)}, but updating '${statement.name}' needs dim(W)²/dim(L) = ${ctx.describe(required, namer)}` +
                ` (W is ${ctx.describe(param.form, namer)}, the loss is ${ctx.describe(loss, namer)})`,
                { node: lr }, [ctx.explainValue(statement)].filter((x) => x !== undefined));
        }
    }
}

/** dim(L) − dim(W): the gradient ∂L/∂W. */
export function gradientForm(param: LinearForm, loss: LinearForm): LinearForm {
    return addForms(loss, param, -1);
}

/** 2·dim(W) − dim(L): the learning rate of W ← W − η·∂L/∂W. */
export function learningRateForm(param: LinearForm, loss: LinearForm): LinearForm {
    return addForms(scaleForm(param, 2), loss, -1);
}
