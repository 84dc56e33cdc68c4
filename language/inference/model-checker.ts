// Checks the statements of one model in source order: declares inputs, params and layers, then
// gives each named value the type of its definition. A named value must be defined before it is
// used (as in Python), which makes cycles impossible and keeps checking one pass.
import type { AstNode } from 'langium';
import type {
    InitCall, LetDecl, ModelDecl, NamedValue, NameRef, OutputDecl, ParamDecl, RangeSpec
} from '../generated/ast.js';
import {
    isDataColumn, isInitCall, isInitLiteral, isInputDecl, isLayerDecl, isLetDecl, isOutputDecl, isParamDecl, isPlasticityDecl
} from '../generated/ast.js';
import type { ValueKind } from '../analysis/analysis-types.js';
import { formatShape, sameAxes } from '../shapes/shape-rules.js';
import { relatedAt } from '../analysis/diagnostic-sink.js';
import { ExpressionChecker } from './expression-checker.js';
import { sourceText, VariablePriority, VariableNamer, type InferenceContext, type TypedForm, type ValueState } from './inference-context.js';
import { closestName } from './spelling.js';
import { readType, type WrittenType } from './type-annotations.js';
import { checkSpikingModel } from '../spiking/spiking-model-checker.js';

/** Initializers a param may name, with their positional arguments (also what completion offers). */
export const initializers: ReadonlyMap<string, readonly string[]> = new Map([
    ['he', []], ['glorot', []], ['zeros', []], ['ones', []], ['identity', []],
    ['normal', ['mean', 'std']], ['uniform', ['lo', 'hi']]
]);

/** Checks one model's statements into an inference context. */
export class ModelChecker {
    /** Values whose definition has been checked (inputs, params and layers count from the start). */
    private readonly defined = new Set<NamedValue>();
    /** Values some expression reads. */
    readonly used = new Set<NamedValue>();
    /** The written types of lets and outputs, read once at declaration. */
    private readonly writtenTypes = new Map<NamedValue, WrittenType>();
    readonly expressions: ExpressionChecker;

    constructor(private readonly ctx: InferenceContext, readonly model: ModelDecl) {
        this.expressions = new ExpressionChecker(ctx, (value, use) => this.lookup(value, use));
    }

    /** Declares every value, then checks definitions in order. */
    check(): void {
        const seen = new Map<string, NamedValue>();
        for (const statement of this.model.statements) {
            if (isPlasticityDecl(statement) || !statement.name) continue;
            const previous = seen.get(statement.name);
            if (previous) {
                this.ctx.sink.error('PHG0104', `'${statement.name}' is already defined in model ${this.model.name}`, { node: statement, property: 'name' },
                    [relatedAt({ node: previous }, `first definition of '${statement.name}'`)]);
            } else {
                seen.set(statement.name, statement);
            }
            this.declare(statement);
        }
        for (const statement of this.model.statements) {
            if (isParamDecl(statement)) this.checkParam(statement);
            else if (isInputDecl(statement)) this.checkRange(statement, statement.range);
            else if (isLetDecl(statement) || isOutputDecl(statement)) this.checkDefinition(statement);
            // Layer and plasticity options are literals checked against the membrane equation (language/spiking).
            this.expressions.settleLiterals();
        }
        checkSpikingModel(this.model, this.ctx.units, this.ctx.sink);
        if (!this.model.statements.some(isOutputDecl) && this.model.name) {
            this.ctx.sink.warning('PHG0108', `model ${this.model.name} has no output, so it computes nothing a training or a service can use`, { node: this.model, property: 'name' });
        }
    }

    /** Reports params that no expression reads (call after trainings have been checked too). */
    reportUnusedParams(): void {
        for (const statement of this.model.statements) {
            if (isParamDecl(statement) && statement.name && !this.used.has(statement)) {
                this.ctx.sink.warning('PHG0109', `param '${statement.name}' is never used: it gets no gradient and its dimension stays free`, { node: statement, property: 'name' });
            }
        }
    }

    /** The type of a value at a use; lets and outputs only after their definition. */
    lookup(value: NamedValue, use: NameRef): TypedForm | undefined {
        this.used.add(value);
        const state = this.ctx.values.get(value);
        if (!state) return undefined;
        if ((isLetDecl(value) || isOutputDecl(value)) && !this.defined.has(value) && this.model.statements.includes(value)) {
            const own = isInsideOf(use, value);
            this.ctx.sink.error('PHG0106', own
                ? `'${value.name}' is used in its own definition`
                : `'${value.name}' is used before its definition; move this line below the definition of '${value.name}'`,
            { node: use }, [relatedAt({ node: value }, `'${value.name}' is defined here`)]);
            return undefined;
        }
        return state;
    }

    private declare(value: NamedValue): void {
        if (isDataColumn(value)) return;
        if (isLayerDecl(value)) {
            this.ctx.values.set(value, state(value, 'layer', this.ctx.one, { axes: [value.size], batched: true }, 'spikes', undefined, undefined));
            this.defined.add(value);
            return;
        }
        if (isInputDecl(value) || isParamDecl(value)) {
            const kind: ValueKind = isInputDecl(value) ? 'input' : 'param';
            const written = readType(value.type, kind === 'input', this.ctx.units, this.ctx.sink);
            if (written.element === 'class') {
                this.ctx.sink.error('PHG2010', `a class label is data, not a model ${kind}: declare '${value.name}' in a data block and use it in the loss`, { node: value.type });
            }
            let form = written.exponents ? this.ctx.constant(written.exponents) : undefined;
            let variable: number | undefined;
            if (!form) {
                if (kind === 'input' && !written.annotation) form = this.ctx.one;
                else {
                    variable = this.ctx.unifier.fresh(VariablePriority.param);
                    form = this.ctx.freshFormOf(variable);
                }
            }
            this.ctx.values.set(value, state(value, kind, form, written.shape, written.element === 'class' ? 'tensor' : written.element, written.annotation, variable, written.classes));
            this.defined.add(value);
            return;
        }
        // let or output: annotated dimension is a constant, else a variable; the shape comes with the definition.
        const written = value.type ? readType(value.type, true, this.ctx.units, this.ctx.sink) : undefined;
        if (written) this.writtenTypes.set(value, written);
        let variable: number | undefined;
        let form = written?.exponents ? this.ctx.constant(written.exponents) : undefined;
        if (!form) {
            variable = this.ctx.unifier.fresh(VariablePriority.named);
            form = this.ctx.freshFormOf(variable);
        }
        this.ctx.values.set(value, state(value, isOutputDecl(value) ? 'output' : 'let', form, undefined, written?.element ?? 'tensor', written?.annotation, variable));
    }

    private checkParam(param: ParamDecl): void {
        const current = this.ctx.values.get(param);
        if (!current) return;
        const init = param.init;
        if (isInitLiteral(init) && init.value?.unit) {
            const literal = this.expressions.check(init.value);
            this.requireParamDimension(param, current, literal, init.value, 'init');
        } else if (isInitCall(init)) {
            this.checkInitCall(param, current, init);
        }
        this.checkRange(param, param.range);
    }

    private checkInitCall(param: ParamDecl, current: ValueState, init: InitCall): void {
        if (!init.kind) return;
        const expected = initializers.get(init.kind);
        if (!expected) {
            const suggestion = closestName(init.kind, initializers.keys());
            this.ctx.sink.error('PHG0107', `unknown initializer '${init.kind}'${suggestion ? `; did you mean '${suggestion}'?` : ''} (he, glorot, zeros, ones, identity, normal(mean, std), uniform(lo, hi) or a number)`,
                { node: init, property: 'kind' });
            return;
        }
        if (init.args.length !== expected.length) {
            const wanted = expected.length === 0 ? 'no arguments' : `${expected.length} arguments (${expected.join(', ')})`;
            this.ctx.sink.error('PHG0107', `initializer ${init.kind} takes ${wanted}`, { node: init, property: 'kind' });
            return;
        }
        init.args.forEach((arg, index) => {
            if (arg.name && !expected.includes(arg.name)) {
                this.ctx.sink.error('PHG0107', `initializer ${init.kind} has no argument '${arg.name}' (it takes ${expected.join(', ')})`, { node: arg, property: 'name' });
                return;
            }
            const typed = this.expressions.check(arg.value);
            // The mean and bounds carry the param's unit; a spread (std) does too.
            this.requireParamDimension(param, current, typed, arg.value, `${init.kind} ${arg.name ?? expected[index] ?? ''}`.trim());
        });
        if (init.kind === 'identity' && current.shape && current.element === 'tensor') {
            const axes = current.shape.axes;
            if (axes.length !== 2 || axes[0] !== axes[1]) {
                this.ctx.sink.error('PHG0107', `identity needs a square matrix or a multivector, not ${formatShape(current.shape)}`, { node: init, property: 'kind' });
            }
        }
    }

    private requireParamDimension(param: ParamDecl, current: ValueState, value: TypedForm, node: AstNode, what: string): void {
        const failure = this.ctx.unify(current.form, value.form, { node }, `${what} is in the unit of '${param.name}'`);
        if (failure) {
            const namer = new VariableNamer();
            this.ctx.reportDimension('PHG1007',
                `${sourceText(node)} has dimension ${this.ctx.describe(value.form, namer)}, but param '${param.name}' has ${this.ctx.describe(current.form, namer)}${this.ctx.difference(current.form, value.form)}`,
                { node }, this.explainSelf(param));
        }
    }

    /** Range bounds with a unit must have the value's dimension; plain numbers are in the value's own unit. */
    checkRange(value: NamedValue, range: RangeSpec | undefined): void {
        const current = this.ctx.values.get(value);
        if (!range || !current) return;
        for (const bound of [range.low, range.high]) {
            if (!bound?.unit) continue;
            const typed = this.expressions.check(bound);
            const failure = this.ctx.unify(current.form, typed.form, { node: bound }, `the range of '${value.name}' is in its unit`);
            if (failure) {
                const namer = new VariableNamer();
                this.ctx.reportDimension('PHG1008',
                    `range bound ${sourceText(bound)} has dimension ${this.ctx.describe(typed.form, namer)}, but '${value.name}' has ${this.ctx.describe(current.form, namer)}${this.ctx.difference(current.form, typed.form)}`,
                    { node: bound }, this.explainSelf(value));
            }
        }
    }

    private checkDefinition(value: LetDecl | OutputDecl): void {
        const current = this.ctx.values.get(value);
        if (!current || !value.value) return;
        const typed = this.expressions.check(value.value);
        this.expressions.settleLiterals();
        this.defined.add(value);
        const written = this.writtenTypes.get(value);
        let shape = typed.shape;
        if (written && typed.shape && written.element === 'tensor' && !sameAxes(written.shape, typed.shape)) {
            this.ctx.sink.error('PHG2004', `'${value.name}' is declared ${formatShape(written.shape)} but its value has shape ${formatShape(typed.shape)}`,
                { node: value.type ?? value }, []);
        }
        if (written) shape = { axes: written.shape.axes, batched: typed.shape?.batched ?? true };
        const failure = this.ctx.unify(current.form, typed.form, { node: value.value },
            current.annotation ? `'${value.name}' is declared <${this.ctx.describe(current.form)}>` : `'${value.name}' is defined here`);
        if (failure) {
            const namer = new VariableNamer();
            const declared = this.ctx.describe(current.form, namer);
            const actual = this.ctx.describe(typed.form, namer);
            const difference = this.ctx.difference(current.form, typed.form);
            // Only a written dimension can disagree: an unwritten one is a variable nothing has used yet
            // (uses come after the definition), so unifying it always succeeds.
            this.ctx.reportDimension('PHG1006', `'${value.name}' is declared <${declared}> but its value has dimension ${actual}${difference}`,
                { node: current.annotation ?? value.value }, [relatedAt({ node: value.value }, `the value has dimension ${actual}`), ...this.ctx.explain(value.value)]);
        }
        this.ctx.values.set(value, { ...current, shape, element: typed.element === 'class' ? 'tensor' : typed.element });
    }

    private explainSelf(value: NamedValue): ReturnType<InferenceContext['explain']> {
        const explanation = this.ctx.explainValue(value);
        return explanation ? [explanation] : [];
    }
}


function state(
    node: NamedValue, kind: ValueKind, form: TypedForm['form'], shape: TypedForm['shape'], element: TypedForm['element'],
    annotation: ValueState['annotation'], variable: number | undefined, classes?: number
): ValueState {
    return { node, kind, form, shape, element, annotation, variable, ...(classes !== undefined ? { classes } : {}) };
}

function isInsideOf(node: AstNode, container: AstNode): boolean {
    for (let current: AstNode | undefined = node; current; current = current.$container) if (current === container) return true;
    return false;
}
