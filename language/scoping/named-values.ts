// The values a name can denote in a model or a training block. `model B like A` and
// `data test like train` share their base's values and columns.
import type { DataColumn, DataDecl, ModelDecl, NamedValue } from '../generated/ast.js';
import { isPlasticityDecl } from '../generated/ast.js';

/** The model a `like` chain ends at (the model itself when it has no `like`); cycles stop at the repeat. */
export function baseModelOf(model: ModelDecl): ModelDecl {
    const seen = new Set<ModelDecl>([model]);
    let current = model;
    while (current.like) {
        const next = current.like?.ref;
        if (!next || seen.has(next)) break;
        seen.add(next);
        current = next;
    }
    return current;
}

/** The data declaration a `like` chain ends at. */
export function baseDataOf(data: DataDecl): DataDecl {
    const seen = new Set<DataDecl>([data]);
    let current = data;
    while (current.like) {
        const next = current.like?.ref;
        if (!next || seen.has(next)) break;
        seen.add(next);
        current = next;
    }
    return current;
}

/** Named values of a model (inputs, params, lets, outputs, layers), in source order. */
export function modelValuesOf(model: ModelDecl): NamedValue[] {
    const values: NamedValue[] = [];
    for (const statement of baseModelOf(model).statements) {
        if (!isPlasticityDecl(statement) && statement.name) values.push(statement);
    }
    return values;
}

/** Columns of a data set, following `like`. */
export function dataColumnsOf(data: DataDecl): DataColumn[] {
    return baseDataOf(data).columns.filter((column) => Boolean(column.name));
}
