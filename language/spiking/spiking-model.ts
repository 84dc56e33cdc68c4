// Reads the spiking part of a model — its spike input, its `layer`s and `plasticity` rules — into
// one description with each option's literal value in coherent base units and its dimension. The
// checker, the hover and the lowering all read models through this, so they agree on what an
// option means.
import type { CallExpr, Expression, InputDecl, LayerDecl, ModelDecl, NamedOption, NamedValue, OutputDecl, PlasticityDecl } from '../generated/ast.js';
import { isCallExpr, isInputDecl, isLayerDecl, isNameRef, isOutputDecl, isPlasticityDecl, isSpikesType } from '../generated/ast.js';
import type { FileUnits } from '../analysis/file-units.js';
import { quantityOfExpression, type Quantity } from '../analysis/quantities.js';
import { baseModelOf } from '../scoping/named-values.js';

/** An option as written, with its quantity when it is a literal. */
export interface WrittenOption {
    readonly name: string;
    readonly node: NamedOption;
    readonly value: Expression;
    /** The literal's value and dimension (undefined for calls and for unknown units). */
    readonly quantity: Quantity | undefined;
    /** `uniform(lo, hi)`: its two bounds (undefined when the value is not such a call). */
    readonly bounds?: { readonly call: CallExpr; readonly low: Quantity | undefined; readonly high: Quantity | undefined };
}

/** A `layer` statement. */
export interface SpikingLayer {
    readonly node: LayerDecl;
    readonly name: string;
    readonly kind: string;
    readonly size: number;
    /** What the layer reads: the spike input, an earlier layer, or something that is not a spike train. */
    readonly source: NamedValue | undefined;
    /** First occurrence of each option name (duplicates are reported by the checker). */
    readonly options: ReadonlyMap<string, WrittenOption>;
    readonly written: readonly WrittenOption[];
}

/** A `plasticity` statement. */
export interface SpikingPlasticity {
    readonly node: PlasticityDecl;
    readonly rule: string;
    readonly layer: LayerDecl | undefined;
    readonly options: ReadonlyMap<string, WrittenOption>;
    readonly written: readonly WrittenOption[];
}

/** The spiking statements of one model. */
export interface SpikingModel {
    readonly model: ModelDecl;
    /** Inputs declared `spikes[N]`. */
    readonly inputs: readonly InputDecl[];
    readonly layers: readonly SpikingLayer[];
    readonly plasticity: readonly SpikingPlasticity[];
    /** Outputs that name a layer (`output out = exc`). */
    readonly outputs: readonly { readonly node: OutputDecl; readonly layer: LayerDecl }[];
}

/** Whether a model (or the model it is `like`) has layers or plasticity: it trains by spikes, not by a loss. */
export function isSpikingModel(model: ModelDecl): boolean {
    return baseModelOf(model).statements.some((s) => isLayerDecl(s) || isPlasticityDecl(s));
}

/** Reads a literal (or a negated literal) into a quantity. */
export type QuantityReader = (expression: Expression | undefined) => Quantity | undefined;

/** The spiking description of a model; undefined when it has no layer and no plasticity. */
export function spikingModelOf(model: ModelDecl, units: FileUnits | QuantityReader): SpikingModel | undefined {
    const read: QuantityReader = typeof units === 'function' ? units : (expression) => quantityOfExpression(expression, units);
    if (!isSpikingModel(model)) return undefined;
    const statements = baseModelOf(model).statements;
    const layers: SpikingLayer[] = [];
    const plasticity: SpikingPlasticity[] = [];
    const outputs: { node: OutputDecl; layer: LayerDecl }[] = [];
    for (const statement of statements) {
        if (isLayerDecl(statement)) {
            const written = statement.options.map((o) => writtenOption(o, read));
            layers.push({ node: statement, name: statement.name, kind: statement.kind, size: statement.size, source: statement.source?.ref, options: firstByName(written), written });
        } else if (isPlasticityDecl(statement)) {
            const written = statement.options.map((o) => writtenOption(o, read));
            plasticity.push({ node: statement, rule: statement.rule, layer: statement.layer?.ref, options: firstByName(written), written });
        } else if (isOutputDecl(statement) && isNameRef(statement.value)) {
            const target = statement.value.target?.ref;
            if (target !== undefined && isLayerDecl(target)) outputs.push({ node: statement, layer: target });
        }
    }
    const inputs = statements.filter((s): s is InputDecl => isInputDecl(s) && isSpikesType(s.type));
    return { model, inputs, layers, plasticity, outputs };
}

function writtenOption(node: NamedOption, read: QuantityReader): WrittenOption {
    const base = { name: node.name, node, value: node.value, quantity: read(node.value) };
    const value = node.value;
    if (!isCallExpr(value) || value.function !== 'uniform') return base;
    const argument = (name: string, position: number): Expression | undefined => value.args.find((a) => a.name === name)?.value ?? value.args.filter((a) => a.name === undefined)[position]?.value;
    return { ...base, bounds: { call: value, low: read(argument('low', 0)), high: read(argument('high', 1)) } };
}

function firstByName(options: readonly WrittenOption[]): Map<string, WrittenOption> {
    const map = new Map<string, WrittenOption>();
    for (const option of options) if (option.name && !map.has(option.name)) map.set(option.name, option);
    return map;
}
