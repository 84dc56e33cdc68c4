// Geometric-algebra operations in the PHG IR. A multivector node carries `support` (algebra,
// signature, blade mask) and stores its support's coefficients on its last axis: shape
// [...array axes, support size]. A GA edge reads multivector nodes and, where a model mixes in
// plain numbers (`0.5 * x`, `R + 1`), tensors, which it reads as scalar multivectors (support {1})
// with one instance per element. What each edge computes is the target's support: the language's
// support inference chooses it (narrowing a versor sandwich to the operand's grades), the engine
// computes exactly those coefficients.
//
//   geometric_product(a, b)   wedge(a, b)   inner(a, b)   (left contraction)
//   sandwich(R, x, S)         R x ~S, one arity-3 hyperedge; S = R (the same node) is the usual sandwich
//   reverse(a)   dual(a)   grade(a) { grades: [k, …] }
//   ga_add(a, b)   ga_sub(a, b)   (onto the union of supports)
//   ga_norm(a)                sqrt(|⟨a ~a⟩₀|), a plain tensor of a's instance shape
import { broadcastShapes } from '../ir/shapes.js';
import type { IrAttribute, IrBladeSupport, IrNode, IrOp } from '../ir/types.js';
import { cliffordAlgebra, type CliffordAlgebra } from './algebra.js';
import { supportFromHex, supportOf, type BladeSupport } from './blade-support.js';
import { formFor, type FormOp } from './forms.js';
import type { MultilinearForm } from './multilinear-form.js';
import { sumLayout, type SumLayout } from './multivector-sum.js';

/** The IR operations of geometric algebra. */
export const gaOps: ReadonlySet<IrOp> = new Set<IrOp>(['geometric_product', 'wedge', 'inner', 'sandwich', 'reverse', 'dual', 'grade', 'ga_add', 'ga_sub', 'ga_norm']);

/** Whether an IR operation is a geometric-algebra operation. */
export function isGaOp(op: IrOp): boolean {
    return gaOps.has(op);
}

/** How a GA edge computes: a multilinear form, a sum onto a union of supports, or a norm. */
export type GaEdgePlan =
    | { readonly kind: 'form'; readonly form: MultilinearForm; readonly operandSources: readonly number[] }
    | { readonly kind: 'sum'; readonly layout: SumLayout }
    | { readonly kind: 'norm'; readonly support: BladeSupport };

/** The IR's description of a support (what lowering writes on a node). */
export function irSupportOf(support: BladeSupport, algebraName: string): IrBladeSupport {
    return { algebra: algebraName, signature: support.algebra.signature, mask: support.hex };
}

/** The algebra and support a node's IR support describes, or why it is not a valid one. */
export function supportOfNode(node: IrNode): BladeSupport | string {
    const ir = node.support;
    if (ir === undefined) return `${node.name} is not a multivector`;
    const algebra = cliffordAlgebra(...(ir.signature as [number, number, number]));
    if (!algebra.ok) return `${node.name}: ${algebra.error.message}`;
    const support = supportFromHex(algebra.value, ir.mask);
    if (support === undefined) return `${node.name}: ${ir.mask} is not a blade mask of ${algebra.value.key}`;
    const last = node.shape[node.shape.length - 1];
    if (last !== support.size) return `${node.name} stores ${support.size} coefficients of ${ir.algebra} on its last axis, but its shape is [${node.shape.join(', ')}]`;
    return support;
}

/** Whether a node is read as a multivector (else as scalar multivectors, one per element). */
export function isMultivectorNode(node: IrNode): boolean {
    return node.support !== undefined;
}

const plans = new WeakMap<object, { readonly nodes: readonly IrNode[]; readonly plan: GaEdgePlan }>();

/**
 * The plan of a GA edge over its source and target nodes, or why the edge is malformed: unknown or
 * mixed algebras, a wrong number of sources, a target without support. Cached per edge object for
 * the very node objects it was built from (a graph that reuses an edge with other nodes is planned
 * again).
 */
export function gaEdgePlan(edge: { readonly op: IrOp; readonly sources: readonly string[]; readonly attributes?: Readonly<Record<string, IrAttribute>> }, sources: readonly IrNode[], target: IrNode): GaEdgePlan | string {
    const nodes = [...sources, target];
    const cached = plans.get(edge);
    if (cached !== undefined && cached.nodes.length === nodes.length && cached.nodes.every((node, i) => node === nodes[i])) return cached.plan;
    const plan = buildPlan(edge, sources, target);
    if (typeof plan !== 'string') plans.set(edge, { nodes, plan });
    return plan;
}

function buildPlan(edge: { readonly op: IrOp; readonly sources: readonly string[]; readonly attributes?: Readonly<Record<string, IrAttribute>> }, sources: readonly IrNode[], target: IrNode): GaEdgePlan | string {
    const arity = edge.op === 'sandwich' ? 3 : ['geometric_product', 'wedge', 'inner', 'ga_add', 'ga_sub'].includes(edge.op) ? 2 : 1;
    if (sources.length !== arity) return `${edge.op} takes ${arity} operand(s), got ${sources.length}`;
    let algebra: CliffordAlgebra | undefined;
    const supports: (BladeSupport | undefined)[] = [];
    for (const node of [...sources, target]) {
        if (node.support === undefined) {
            supports.push(undefined);
            continue;
        }
        const support = supportOfNode(node);
        if (typeof support === 'string') return support;
        if (algebra !== undefined && support.algebra !== algebra) return `${edge.op} → ${target.name} mixes ${algebra.key} and ${support.algebra.key}`;
        algebra = support.algebra;
        supports.push(support);
    }
    if (algebra === undefined) return `${edge.op} → ${target.name} has no multivector operand`;
    const scalar = supportOf(algebra, [0]);
    const operandSupport = supports.slice(0, sources.length).map((s) => s ?? scalar);
    const targetSupport = supports[sources.length];
    if (edge.op === 'ga_norm') {
        if (targetSupport !== undefined) return `ga_norm → ${target.name}: a norm is a plain tensor, not a multivector`;
        return { kind: 'norm', support: operandSupport[0]! };
    }
    if (targetSupport === undefined) return `${edge.op} → ${target.name}: the target of a GA operation needs a blade support`;
    if (edge.op === 'ga_add' || edge.op === 'ga_sub') {
        const union = operandSupport[0]!.union(operandSupport[1]!);
        if (!union.isSubsetOf(targetSupport)) return `${edge.op} → ${target.name}: the target must store every blade of both operands`;
        return { kind: 'sum', layout: sumLayout(operandSupport[0]!, operandSupport[1]!, edge.op === 'ga_sub', targetSupport) };
    }
    if (edge.op === 'grade') {
        const grades = edge.attributes?.['grades'];
        if (!Array.isArray(grades) || grades.some((k) => !Number.isInteger(k))) return `grade → ${target.name} needs a 'grades' attribute (a list of integers)`;
    }
    // Sources that are the same node are one operand (x * x, R x ~R): their table merges symmetric terms.
    const names: string[] = [];
    const binding = edge.sources.map((name) => {
        const at = names.indexOf(name);
        if (at >= 0) return at;
        names.push(name);
        return names.length - 1;
    });
    const operandSources = names.map((name) => edge.sources.indexOf(name));
    const form = formFor({ op: edge.op as FormOp, slots: operandSupport, binding, output: targetSupport });
    return { kind: 'form', form, operandSources };
}

/** The per-instance shape a GA edge produces (broadcast of its operands' instance axes), or why it cannot. */
export function gaTargetShape(plan: GaEdgePlan, sources: readonly IrNode[]): { readonly shape: number[]; readonly batched: boolean } | string {
    let instances: number[] = [];
    for (const node of sources) {
        const own = node.support !== undefined ? node.shape.slice(0, -1) : [...node.shape];
        const shape = broadcastShapes(instances, own);
        if (shape === undefined) return `cannot broadcast the instances [${instances.join(', ')}] with [${own.join(', ')}] of ${node.name}`;
        instances = shape;
    }
    const batched = sources.some((node) => node.batched);
    if (plan.kind === 'norm') return { shape: instances, batched };
    const size = plan.kind === 'form' ? plan.form.output.size : plan.layout.output.size;
    return { shape: [...instances, size], batched };
}
