// Which programs can train backprop shards with exact parameter deposits (param-deposits.ts):
// every parameter read by exactly one edge, a matmul or an elementwise op whose result is
// per-sample (so the parameter's gradient is a sum over the batch), in a format with a
// float64-range quire. Other graphs train with accumulation or workers only in forward-gradient mode
// (whose shards add the K directional derivatives instead) or with `accumulate rounded`.
import type { Program } from '../exec/program.js';
import { supportsQuireArray } from '../kernels/quire-array.js';
import { backpropPlan } from './backprop.js';

const binaryOps = new Set<string>(['add', 'sub', 'mul', 'div', 'max', 'min']);

/** Why a program's backprop shards cannot deposit exact parameter gradients (empty: they can). */
export function paramDepositProblems(program: Program): string[] {
    const plan = backpropPlan(program);
    const problems: string[] = [];
    for (const param of program.params) {
        const format = program.formatOf(param)!;
        if (!supportsQuireArray(format)) problems.push(`parameter ${param.name} is ${format.name}, whose quire does not fit a per-element quire array`);
        const readers = plan.contributions.get(param.name) ?? 0;
        if (readers > 1) problems.push(`parameter ${param.name} is read by ${readers} operations (its gradient adds their rounded contributions)`);
    }
    plan.edges.forEach((e, i) => {
        plan.gradientTargets[i]!.forEach((node) => {
            if (node === null || node.role !== 'param') return;
            if (!e.target.batched) problems.push(`parameter ${node.name} reaches the loss through ${e.edge.op} → ${e.target.name}, which is not per-sample, so its gradient is not a sum over the batch`);
            else if (e.edge.op !== 'matmul' && !binaryOps.has(e.edge.op)) problems.push(`parameter ${node.name} is read by ${e.edge.op}, which has no exact per-shard gradient rule yet`);
        });
    });
    return problems;
}
