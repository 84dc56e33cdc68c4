// Literal values in coherent base units: `5<ms>` → 0.005 (Time), `4<MiB>` → 4194304 (Information).
import { GrammarUtils } from 'langium';
import type { Expression, QuantityLiteral } from '../generated/ast.js';
import { isQuantityLiteral, isUnaryExpr } from '../generated/ast.js';
import { multiplyScales, scaleOfDecimalText, scaleValue, unitScale } from '../units/scale.js';
import type { FileUnits } from './file-units.js';

/** A literal's value in base units and its dimension. */
export interface Quantity {
    readonly value: number;
    readonly exponents: readonly number[];
    /** Whether a unit is written (`20<ms>`), as opposed to a bare number. */
    readonly hasUnit: boolean;
    /** Whether the number is written as an integer (`20`, not `20.0`). */
    readonly integer: boolean;
}

/** The quantity a literal denotes, or undefined when its unit does not resolve. */
export function quantityOfLiteral(literal: QuantityLiteral, units: FileUnits): Quantity | undefined {
    const text = GrammarUtils.findNodeForProperty(literal.$cstNode, 'value')?.text ?? String(literal.value);
    const unit = literal.unit ? units.resolveAnnotation(literal.unit) : { exponents: new Array<number>(units.size).fill(0), scale: unitScale };
    if (!unit) return undefined;
    const magnitude = scaleValue(multiplyScales(scaleOfDecimalText(text), unit.scale));
    return {
        value: literal.negative ? -magnitude : magnitude,
        exponents: unit.exponents,
        hasUnit: literal.unit !== undefined,
        integer: /^\d+$/.test(text.trim())
    };
}

/** The quantity of an expression that is a literal or a negated literal; undefined for anything else. */
export function quantityOfExpression(expression: Expression | undefined, units: FileUnits): Quantity | undefined {
    if (!expression) return undefined;
    if (isUnaryExpr(expression) && expression.operator === '-') {
        const inner = quantityOfExpression(expression.operand, units);
        return inner ? { ...inner, value: -inner.value } : undefined;
    }
    return isQuantityLiteral(expression) ? quantityOfLiteral(expression, units) : undefined;
}
