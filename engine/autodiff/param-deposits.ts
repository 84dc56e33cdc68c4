// Backprop over one shard of an update: instead of rounding each parameter's gradient for the shard
// (which would round the update's exact sum in pieces), the gradient rule of the edge that reads the
// parameter adds its exact terms into the parameter's quire array. The shards — micro-batches of
// gradient accumulation, slices of a batch on data-parallel workers — then add up exactly and the
// update rounds once, bit-identical to one batch of all their rows.
//
// Which graphs qualify: param-deposit-support.ts.
import type { Tensor } from '../tensor/tensor.js';
import type { Executor } from '../exec/executor.js';
import { broadcastShape, fullShape } from '../exec/op-rules.js';
import type { CompiledEdge } from '../exec/program.js';
import { depositBinaryGradient, depositMatmulGradient } from '../kernels/exact-partials.js';
import type { BinaryOp } from '../kernels/binary.js';
import { matmulGeometry } from '../kernels/matmul.js';
import type { QuireArray } from '../kernels/quire-array.js';

const binaryOps = new Set<string>(['add', 'sub', 'mul', 'div', 'max', 'min']);

/**
 * Adds the shard's gradient of source `j` (a parameter) of edge `e` into `bank`, given the values
 * the gradient rule reads (null where it reads none) and the target's gradient.
 */
export function depositParamGradient(executor: Executor, e: CompiledEdge, j: number, sources: readonly (Tensor | null)[], target: Tensor | null, dTarget: Tensor, bank: QuireArray): void {
    const env = executor.env;
    const exactProducts = env.accumulation(e.format).exactProducts;
    const batch = e.target.batched ? dTarget.shape[0]! : 1;
    const operand = j === 0 ? 0 : 1;
    const elementwise = binaryOps.has(e.edge.op);
    const shape0 = elementwise ? broadcastShape(e.sources[0]!, e.target, batch) : fullShape(e.sources[0]!, batch);
    const shape1 = elementwise ? broadcastShape(e.sources[1]!, e.target, batch) : fullShape(e.sources[1]!, batch);
    if (e.edge.op === 'matmul') {
        const geometry = matmulGeometry(shape0, e.sources[0]!.batched, shape1, e.sources[1]!.batched);
        depositMatmulGradient(bank, 0, env.scratch, geometry, sources[1 - operand]!, dTarget, operand, exactProducts);
        return;
    }
    if (binaryOps.has(e.edge.op)) {
        depositBinaryGradient(bank, 0, e.edge.op as BinaryOp, sources[0] ?? null, shape0, sources[1] ?? null, shape1, target, dTarget, operand, exactProducts);
        return;
    }
    // paramDepositProblems (param-deposit-support.ts) refuses such programs before training starts.
    throw new Error(`no exact per-shard gradient rule for ${e.edge.op}`);
}
