// What a unit means: its dimension (sparse exponents over base-dimension declarations) and its
// scale relative to the coherent unit. Units refer to each other (`unit J = <N m>`), so meanings
// are resolved through the linked AST and memoised per declaration node; a reparse creates new
// nodes, so the memo never goes stale.
import { GrammarUtils } from 'langium';
import type { DimensionDecl, UnitAnnotation, UnitDecl, UnitExpr, UnitPower } from '../generated/ast.js';
import { isUnitGroup, isUnitOne, isUnitQuotient, isUnitRef } from '../generated/ast.js';
import { divideScales, multiplyScales, powerScale, scaleOfDecimalText, unitScale, type Scale } from './scale.js';

/** Exponents over base-dimension declarations; absent means 0. */
export type SparseDimension = ReadonlyMap<DimensionDecl, number>;

/** A unit's dimension and scale. */
export interface UnitMeaning {
    readonly dimension: SparseDimension;
    readonly scale: Scale;
}

const meaningOfDecl = new WeakMap<UnitDecl, UnitMeaning | null>();
const inProgress = new WeakSet<UnitDecl>();

/** The meaning of a unit declaration, or undefined when it is cyclic or refers to an unknown unit. */
export function resolveUnitDecl(decl: UnitDecl): UnitMeaning | undefined {
    const cached = meaningOfDecl.get(decl);
    if (cached !== undefined) return cached ?? undefined;
    if (inProgress.has(decl)) return undefined;
    // Units it depends on are resolved first, deepest first, so computing one never recurses far:
    // a chain of 5,000 units each defined by the next overflowed the stack. While they resolve, all
    // of them count as in progress, so a unit that leads back into a cycle resolves to undefined.
    const order = unresolvedDependencies(decl);
    for (const unit of order) inProgress.add(unit);
    try {
        for (const unit of order) {
            meaningOfDecl.set(unit, computeUnitDecl(unit) ?? null);
            inProgress.delete(unit);
        }
    } finally {
        for (const unit of order) inProgress.delete(unit);
    }
    return meaningOfDecl.get(decl) ?? undefined;
}

/** `decl` and the unresolved units it depends on, each after the units it refers to (a depth-first post-order). */
function unresolvedDependencies(decl: UnitDecl): UnitDecl[] {
    const order: UnitDecl[] = [];
    const visited = new Set<UnitDecl>([decl]);
    const stack: { unit: UnitDecl; refs: UnitDecl[] }[] = [{ unit: decl, refs: directRefs(decl) }];
    while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const next = top.refs.pop();
        if (next === undefined) {
            order.push(top.unit);
            stack.pop();
        } else if (!visited.has(next) && !meaningOfDecl.has(next) && !inProgress.has(next)) {
            visited.add(next);
            stack.push({ unit: next, refs: directRefs(next) });
        }
    }
    return order;
}

function directRefs(unit: UnitDecl): UnitDecl[] {
    return unitRefsOf(unit.definition?.unit?.expr).filter((ref): ref is UnitDecl => ref !== undefined).reverse();
}

/** Whether resolving this declaration runs into itself (`unit a = <b>`, `unit b = <a>`). */
export function isCyclicUnit(decl: UnitDecl): boolean {
    const seen = new Set<UnitDecl>();
    const pending = directRefs(decl);
    for (let unit = pending.pop(); unit !== undefined; unit = pending.pop()) {
        if (unit === decl) return true;
        if (seen.has(unit)) continue;
        seen.add(unit);
        pending.push(...directRefs(unit));
    }
    return false;
}

function computeUnitDecl(decl: UnitDecl): UnitMeaning | undefined {
    if (decl.base) {
        const base = decl.base.ref;
        return base ? { dimension: new Map([[base, 1]]), scale: unitScale } : undefined;
    }
    const definition = decl.definition;
    if (!definition) return undefined;
    const inner = evaluateUnitExpr(definition.unit?.expr);
    if (!inner) return undefined;
    if (definition.scale === undefined) return inner;
    const text = GrammarUtils.findNodeForProperty(definition.$cstNode, 'scale')?.text ?? String(definition.scale);
    return { dimension: inner.dimension, scale: multiplyScales(scaleOfDecimalText(text), inner.scale) };
}

/** The meaning of `<…>`, or undefined when a unit inside is unknown (already reported by linking). */
export function evaluateUnitAnnotation(annotation: UnitAnnotation): UnitMeaning | undefined {
    return annotation.expr ? evaluateUnitExpr(annotation.expr) : undefined;
}

/** Evaluates a unit expression: juxtaposition and `*` multiply, `/` divides, `^k` raises. */
export function evaluateUnitExpr(expr: UnitExpr | undefined): UnitMeaning | undefined {
    if (!expr) return undefined;
    if (isUnitQuotient(expr)) {
        const left = evaluateUnitExpr(expr.left);
        const right = evaluateUnitExpr(expr.right);
        if (!left || !right) return undefined;
        return { dimension: combine(left.dimension, right.dimension, -1), scale: divideScales(left.scale, right.scale) };
    }
    let dimension: SparseDimension = new Map();
    let scale = unitScale;
    for (const factor of expr.factors) {
        if (!factor.atom) return undefined;
        const meaning = evaluateUnitPower(factor);
        if (!meaning) return undefined;
        dimension = combine(dimension, meaning.dimension, 1);
        scale = multiplyScales(scale, meaning.scale);
    }
    return { dimension, scale };
}

function evaluateUnitPower(power: UnitPower): UnitMeaning | undefined {
    const atom = power.atom;
    let base: UnitMeaning | undefined;
    if (isUnitRef(atom)) {
        const decl = atom.unit?.ref;
        base = decl ? resolveUnitDecl(decl) : undefined;
    } else if (isUnitOne(atom)) {
        base = { dimension: new Map(), scale: unitScale };
    } else if (isUnitGroup(atom)) {
        base = evaluateUnitExpr(atom.expr);
    }
    if (!base) return undefined;
    const exponent = power.exponent ?? 1;
    if (exponent === 1) return base;
    return { dimension: combine(new Map(), base.dimension, exponent), scale: powerScale(base.scale, exponent) };
}

/** `a + k·b` on sparse exponents, dropping zeros. */
export function combine(a: SparseDimension, b: SparseDimension, k: number): SparseDimension {
    const result = new Map(a);
    for (const [dimension, exponent] of b) {
        const sum = (result.get(dimension) ?? 0) + k * exponent;
        if (sum === 0) result.delete(dimension); else result.set(dimension, sum);
    }
    return result;
}

/** The units a unit expression names directly (undefined where a name did not resolve). */
export function unitRefsOf(expr: UnitExpr | undefined): (UnitDecl | undefined)[] {
    if (!expr) return [];
    if (isUnitQuotient(expr)) return [...unitRefsOf(expr.left), ...unitRefsOf(expr.right)];
    const result: (UnitDecl | undefined)[] = [];
    for (const factor of expr.factors) {
        const atom = factor.atom;
        if (isUnitRef(atom)) result.push(atom.unit?.ref);
        else if (isUnitGroup(atom)) result.push(...unitRefsOf(atom.expr));
    }
    return result;
}
