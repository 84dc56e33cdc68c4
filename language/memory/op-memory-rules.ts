// What each IR operation costs beyond its target, per docs/memory.md: which primal values its
// gradient rule reads (so backprop keeps them on the tape), and whether its tangent rule reads a
// parameter's direction as sign bits or needs it materialised as a tensor. Geometric-algebra
// operations state their rules once in engine/ga/memory-rules.ts, for the executor and for this
// planner. The planner refuses an operation it has no rule for instead of guessing its cost.
import type { IrEdge, IrOp } from '../../engine/ir/types.js';
import { gaOps } from '../../engine/ga/ir-edges.js';
import type { GraphFacts } from './graph-facts.js';

/** Operations the planner knows the memory rules of (the engine's executable set). */
export const plannedOps: ReadonlySet<IrOp> = new Set<IrOp>([
    'matmul', 'add', 'sub', 'mul', 'div', 'neg', 'max', 'min', 'relu', 'tanh', 'sigmoid', 'exp', 'log', 'sqrt', 'abs',
    'sin', 'cos', 'pow', 'softmax', 'sum', 'mean', 'mse', 'cross_entropy', ...gaOps
]);

/** Elementwise operations of two broadcast operands. */
export const binaryElementwise: ReadonlySet<IrOp> = new Set<IrOp>(['add', 'sub', 'mul', 'div', 'max', 'min']);

/** Unary operations whose derivative reads their output. */
const readsOutput: ReadonlySet<IrOp> = new Set<IrOp>(['relu', 'exp', 'sqrt', 'tanh', 'sigmoid']);
/** Unary operations whose derivative reads their input. */
const readsInput: ReadonlySet<IrOp> = new Set<IrOp>(['abs', 'log', 'sin', 'cos', 'pow']);

/** Which primal values a gradient rule reads. */
export interface GradientReads {
    /** Per source operand. */
    readonly sources: readonly boolean[];
    readonly target: boolean;
}

/**
 * The primal values an edge's gradient rule reads, given which operands want a gradient
 * (docs/memory.md, "Backprop step", the table of reads). A fused softmax reads nothing.
 */
export function gradientReads(facts: GraphFacts, edge: IrEdge, wants: readonly boolean[]): GradientReads {
    const all = (value: boolean): boolean[] => wants.map(() => value);
    if (facts.isFusedSoftmax(edge)) return { sources: all(false), target: false };
    const ga = facts.gaMemory(edge);
    if (ga !== undefined) return ga.gradientReads(wants);
    const op = edge.op;
    switch (op) {
        case 'matmul': case 'mul':
            return { sources: [wants[1] === true, wants[0] === true], target: false };
        case 'add': case 'sub': case 'sum': case 'mean': case 'neg':
            return { sources: all(false), target: false };
        case 'div':
            return { sources: [false, true], target: wants[1] === true };
        case 'max': case 'min': case 'cross_entropy': case 'mse':
            return { sources: all(true), target: false };
        case 'softmax':
            return { sources: all(false), target: true };
        default:
            if (readsOutput.has(op)) return { sources: all(false), target: true };
            if (readsInput.has(op)) return { sources: all(true), target: false };
            throw new Error(`planner: no gradient rule for ${op}`);
    }
}

/** Whether the tangent rule reads a parameter operand's direction from sign bits (matmul, binary ops). */
export function readsDirectionBits(op: IrOp): boolean {
    return op === 'matmul' || binaryElementwise.has(op);
}

/** Whether the op is a training objective (one scalar over the batch). */
export function isLossOp(op: IrOp): boolean {
    return op === 'mse' || op === 'cross_entropy';
}
