// The student's per-batch objective, apart from the prior (prior-term.ts):
//   L = CE(p, label) + α·T²·KL(q_t ‖ q_s),   p = softmax(z),  q_s = softmax(z/T),  q_t the teacher's soft labels,
// both terms means over the batch. Its gradient at the logits z is
//   ∂L/∂z = ((p − onehot(label)) + α·T·(q_s − q_t)) / B
// (the T² keeps the soft term's gradient on the scale of the hard one as T grows; Hinton et al.
// 2015). Each element is evaluated in float64 from the format's values and rounded once, as the
// engine's cross-entropy gradient is.
import type { Tensor } from '../tensor/tensor.js';
import type { Accumulation } from '../kernels/accumulation.js';
import { klDivergence, temperedSoftmax } from './soft-labels.js';

/** How much the soft labels weigh, and at which temperature. */
export interface SoftLabelWeight {
    readonly alpha: number;
    readonly temperature: number;
}

/** q_s = softmax(z/T) of every row of the student's logits, decoded from their format. */
export function studentSoftLabels(logits: Tensor, temperature: number, out: Float64Array): void {
    const classes = logits.shape[logits.shape.length - 1]!;
    const rows = logits.size / classes;
    const z = new Float64Array(classes);
    for (let r = 0; r < rows; r++) {
        for (let j = 0; j < classes; j++) z[j] = logits.format.decode(logits.data[r * classes + j]!);
        temperedSoftmax(z, 0, classes, temperature, out, r * classes);
    }
}

/** Mean over the batch of KL(q_t ‖ q_s), rows × classes each. */
export function meanSoftLabelDivergence(teacher: Float64Array, student: Float64Array, rows: number, classes: number): number {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += klDivergence(teacher, r * classes, student, r * classes, classes);
    return sum / rows;
}

/** g = ((p − onehot) + α·T·(q_s − q_t)) / B: the objective's gradient at the logits, rounded once per element. */
export function distillationLogitGradient(acc: Accumulation, p: Tensor, labels: Int32Array, student: Float64Array, teacher: Float64Array, weight: SoftLabelWeight, g: Tensor): void {
    const classes = p.shape[p.shape.length - 1]!;
    const rows = p.size / classes;
    const soft = weight.alpha * weight.temperature;
    for (let r = 0; r < rows; r++) {
        for (let j = 0; j < classes; j++) {
            const i = r * classes + j;
            const hard = p.format.decode(p.data[i]!) - (labels[r] === j ? 1 : 0);
            g.data[i] = acc.encode((hard + soft * (student[i]! - teacher[i]!)) / rows);
        }
    }
}
