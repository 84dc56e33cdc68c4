// Reads a written type (`[64, 32]<1/px>`, `class(10)`, `spikes[64]`, `PGA.vector<m>`) into a
// shape, an element kind and — when `<…>` is written — a dimension.
import type { TypeExpr, UnitAnnotation } from '../generated/ast.js';
import { isClassType, isSpikesType } from '../generated/ast.js';
import type { ElementKind, Shape } from '../analysis/analysis-types.js';
import type { DiagnosticSink } from '../analysis/diagnostic-sink.js';
import type { FileUnits } from '../analysis/file-units.js';

/** A written type, read. */
export interface WrittenType {
    readonly shape: Shape;
    readonly element: ElementKind;
    readonly classes?: number;
    /** The `<…>` written, if any. */
    readonly annotation: UnitAnnotation | undefined;
    /** Its exponents; undefined when no unit is written or a unit in it is unknown. */
    readonly exponents: number[] | undefined;
}

/** Reads a type; `batched` says whether the value has the implicit batch axis. Without a sink it reports nothing. */
export function readType(type: TypeExpr | undefined, batched: boolean, units: FileUnits, sink: DiagnosticSink | undefined): WrittenType {
    if (!type) return { shape: { axes: [], batched }, element: 'tensor', annotation: undefined, exponents: undefined };
    if (isClassType(type)) {
        if (type.classes < 1) sink?.error('PHG2012', 'a class label needs at least one class', { node: type, property: 'classes' });
        return { shape: { axes: [], batched }, element: 'class', classes: type.classes, annotation: undefined, exponents: undefined };
    }
    if (isSpikesType(type)) {
        if (type.size < 1) sink?.error('PHG2012', 'a spike train needs at least one channel', { node: type, property: 'size' });
        return { shape: { axes: [type.size], batched }, element: 'spikes', annotation: undefined, exponents: units.vectorOf(new Map()) };
    }
    const axes = type.shape?.dims ?? [];
    axes.forEach((size, index) => {
        if (size < 1 && type.shape) sink?.error('PHG2012', `axis ${index} has size ${size}; every axis needs at least one element`, { node: type.shape, property: 'dims', index });
    });
    const annotation = type.unit;
    const resolved = annotation ? units.resolveAnnotation(annotation) : undefined;
    return {
        shape: { axes, batched },
        element: type.element ? 'multivector' : 'tensor',
        annotation,
        exponents: resolved?.exponents
    };
}
