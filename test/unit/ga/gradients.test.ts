// Gradients through every geometric-algebra operation, in both gradient modes: the reverse-mode
// gradient of L = Σ w·out against central finite differences of the forward kernel, the forward-mode
// tangent against finite differences along a random direction, and the two modes against each other
// (⟨w, J v⟩ = ⟨Jᵀ w, v⟩). Operands include a broadcast one (a parameter read by every instance),
// whose gradient sums over the instances. Float64 values, both accumulation modes.
import { describe, expect, it } from 'vitest';
import type { BladeSupport } from '../../../engine/ga/blade-support.js';
import { formForward } from '../../../engine/ga/form-forward.js';
import { formBackward, formTangent } from '../../../engine/ga/form-gradients.js';
import { formFor, type FormOp } from '../../../engine/ga/forms.js';
import { sumBackward, sumForward, sumLayout, sumTangent } from '../../../engine/ga/multivector-sum.js';
import { normBackward, normForward, normTangent } from '../../../engine/ga/norm.js';
import { gradesSupport } from '../../../engine/ga/subspaces.js';
import { Accumulation, type AccumulateMode } from '../../../engine/kernels/accumulation.js';
import { TrackedAllocator } from '../../../engine/memory/allocator.js';
import { parseFormat } from '../../../engine/numeric/index.js';
import { Xoshiro128 } from '../../../engine/random/xoshiro.js';
import { allocateTensor, tensorValues, type Tensor } from '../../../engine/tensor/tensor.js';
import { algebraOf, named } from './support/named-algebras.js';

const format = parseFormat('float64')!;
const allocator = new TrackedAllocator();
const INSTANCES = 3;
const scratch = new Float64Array(4096);

function tensor(shape: number[], values: ArrayLike<number>): Tensor {
    const t = allocateTensor(allocator, format, shape, 'activation', 't');
    for (let i = 0; i < t.size; i++) t.data[i] = values[i]!;
    return t;
}

function random(rng: Xoshiro128, n: number): Float64Array {
    return Float64Array.from({ length: n }, () => 2 * rng.nextUniform() - 1);
}

/** An operation as the tests drive it: forward, backward and tangent on float64 operand tensors. */
interface Differentiable {
    readonly name: string;
    /** Operand shapes ([instances, coefficients]). */
    readonly shapes: number[][];
    readonly outShape: number[];
    forward(acc: Accumulation, operands: Tensor[]): Tensor;
    backward(acc: Accumulation, operands: Tensor[], out: Tensor, dOut: Tensor): Tensor[];
    tangent(acc: Accumulation, operands: Tensor[], out: Tensor, tangents: Tensor[]): Tensor;
}

function formOp(name: string, op: FormOp, slots: BladeSupport[], binding: number[], broadcast: number[] = [], output?: BladeSupport): Differentiable {
    const form = formFor({ op, slots, binding, ...(output !== undefined ? { output } : {}) });
    const operandCount = Math.max(...binding) + 1;
    const shapes = Array.from({ length: operandCount }, (_, m) => [broadcast.includes(m) ? 1 : INSTANCES, slots[binding.indexOf(m)]!.size]);
    return {
        name, shapes, outShape: [INSTANCES, form.output.size],
        forward(acc, operands) {
            const out = tensor(this.outShape, new Float64Array(INSTANCES * form.output.size));
            formForward(acc, scratch, form, operands, out);
            return out;
        },
        backward(acc, operands, _out, dOut) {
            const grads = operands.map((o) => tensor(o.shape as number[], new Float64Array(o.size)));
            formBackward(acc, scratch, form, operands, dOut, grads);
            return grads;
        },
        tangent(acc, operands, _out, tangents) {
            const out = tensor(this.outShape, new Float64Array(INSTANCES * form.output.size));
            formTangent(acc, scratch, form, operands, tangents, out);
            return out;
        }
    };
}

function sumOp(a: BladeSupport, b: BladeSupport, subtract: boolean): Differentiable {
    const layout = sumLayout(a, b, subtract);
    return {
        name: subtract ? 'a − b (b broadcast)' : 'a + b', shapes: [[INSTANCES, a.size], [subtract ? 1 : INSTANCES, b.size]], outShape: [INSTANCES, layout.output.size],
        forward(acc, [x, y]) {
            const out = tensor(this.outShape, new Float64Array(INSTANCES * layout.output.size));
            sumForward(acc, scratch, layout, x!, y!, out);
            return out;
        },
        backward(acc, [x, y], _out, dOut) {
            const grads = [x!, y!].map((o) => tensor(o.shape as number[], new Float64Array(o.size)));
            sumBackward(acc, scratch, layout, x!, y!, dOut, grads[0]!, grads[1]!);
            return grads;
        },
        tangent(acc, _operands, _out, [tx, ty]) {
            const out = tensor(this.outShape, new Float64Array(INSTANCES * layout.output.size));
            sumTangent(acc, scratch, layout, tx!, ty!, out);
            return out;
        }
    };
}

function normOp(support: BladeSupport, label: string): Differentiable {
    return {
        name: `norm of a ${label}`, shapes: [[INSTANCES, support.size]], outShape: [INSTANCES],
        forward(acc, [x]) {
            const out = tensor([INSTANCES], new Float64Array(INSTANCES));
            normForward(acc, scratch, support, x!, out);
            return out;
        },
        backward(acc, [x], out, dOut) {
            const grad = tensor(x!.shape as number[], new Float64Array(x!.size));
            normBackward(acc, support, x!, out, dOut, grad);
            return [grad];
        },
        tangent(acc, [x], out, [tx]) {
            const result = tensor([INSTANCES], new Float64Array(INSTANCES));
            normTangent(acc, scratch, support, x!, tx!, out, result);
            return result;
        }
    };
}

const vga = algebraOf(3, 0, 0);
const pga = algebraOf(3, 0, 1);
const sta = algebraOf(1, 3, 0);
const grade2 = (a: BladeSupport): BladeSupport => {
    const g = gradesSupport(a.algebra, [2]);
    if (!g.ok) throw new Error(g.error.message);
    return a.intersect(g.value);
};
const operations: Differentiable[] = [
    formOp('VGA vector × vector', 'geometric_product', [named(vga, 'vector'), named(vga, 'vector')], [0, 1]),
    formOp('PGA motor × motor (left broadcast)', 'geometric_product', [named(pga, 'motor'), named(pga, 'motor')], [0, 1], [0]),
    formOp('STA x × x', 'geometric_product', [named(sta, 'even'), named(sta, 'even')], [0, 0]),
    formOp('PGA vector ∧ bivector', 'wedge', [named(pga, 'vector'), named(pga, 'bivector')], [0, 1]),
    formOp('PGA vector ⌋ motor', 'inner', [named(pga, 'vector'), named(pga, 'motor')], [0, 1]),
    formOp('PGA reverse of a motor', 'reverse', [named(pga, 'motor')], [0]),
    formOp('PGA dual of a vector', 'dual', [named(pga, 'vector')], [0]),
    formOp('grade<2> of a PGA motor', 'grade', [named(pga, 'motor')], [0], [], grade2(named(pga, 'motor'))),
    formOp('PGA sandwich M p ~M (M broadcast)', 'sandwich', [named(pga, 'motor'), named(pga, 'trivector'), named(pga, 'motor')], [0, 1, 0], [0]),
    formOp('VGA sandwich R x ~S', 'sandwich', [named(vga, 'rotor'), named(vga, 'vector'), named(vga, 'even')], [0, 1, 2], [0]),
    sumOp(named(pga, 'motor'), named(pga, 'vector'), false),
    sumOp(named(pga, 'motor'), named(pga, 'bivector'), true),
    normOp(named(vga, 'rotor'), 'VGA rotor'),
    normOp(named(sta, 'vector'), 'STA vector (indefinite metric)')
];

describe('gradients of every GA operation', () => {
    for (const operation of operations) {
        for (const mode of ['quire', 'rounded'] as AccumulateMode[]) {
            it(`${operation.name}, accumulate ${mode}`, () => {
                const acc = new Accumulation(format, mode);
                const rng = new Xoshiro128(operation.name.length, mode.length);
                const operands = operation.shapes.map((shape) => tensor(shape, random(rng, shape[0]! * shape[1]!)));
                // Keep the norm away from its cusp at 0, where finite differences say nothing.
                if (operation.name.startsWith('norm')) for (let i = 0; i < INSTANCES; i++) operands[0]!.data[i * operation.shapes[0]![1]!] = 2;
                const out = operation.forward(acc, operands);
                const weights = random(rng, out.size);
                const loss = (values: Tensor[]): number => {
                    const y = tensorValues(operation.forward(acc, values));
                    return y.reduce((s, v, i) => s + weights[i]! * v, 0);
                };
                const grads = operation.backward(acc, operands, out, tensor(operation.outShape, weights)).map(tensorValues);
                // Reverse mode against central finite differences, coefficient by coefficient.
                const h = 1e-4;
                let checked = 0;
                operands.forEach((operand, m) => {
                    for (let i = 0; i < operand.size; i++) {
                        const original = operand.data[i]!;
                        operand.data[i] = original + h;
                        const up = loss(operands);
                        operand.data[i] = original - h;
                        const down = loss(operands);
                        operand.data[i] = original;
                        expect(grads[m]![i]!).toBeCloseTo((up - down) / (2 * h), 6);
                        checked++;
                    }
                });
                expect(checked).toBeGreaterThan(3);
                // Forward mode along a random direction, against finite differences and against reverse mode.
                const directions = operands.map((o) => tensor(o.shape as number[], random(rng, o.size)));
                const tangent = tensorValues(operation.tangent(acc, operands, out, directions));
                const shifted = (sign: number): Tensor[] => operands.map((o, m) => tensor(o.shape as number[], tensorValues(o).map((v, i) => v + sign * h * directions[m]!.data[i]!)));
                const yUp = tensorValues(operation.forward(acc, shifted(1)));
                const yDown = tensorValues(operation.forward(acc, shifted(-1)));
                tangent.forEach((t, k) => expect(t).toBeCloseTo((yUp[k]! - yDown[k]!) / (2 * h), 6));
                const viaTangent = tangent.reduce((s, t, k) => s + weights[k]! * t, 0);
                const viaGradient = grads.reduce((s, g, m) => s + g.reduce((t, gi, i) => t + gi * directions[m]!.data[i]!, 0), 0);
                expect(viaTangent).toBeCloseTo(viaGradient, 9);
            });
        }
    }
});

describe('gradients keep supports', () => {
    it('a motor parameter’s gradient has exactly the motor’s coefficients', () => {
        const operation = operations.find((o) => o.name.startsWith('PGA sandwich'))!;
        expect(operation.shapes[0]).toEqual([1, 8]);
        const acc = new Accumulation(format, 'quire');
        const rng = new Xoshiro128(5, 5);
        const operands = operation.shapes.map((shape) => tensor(shape, random(rng, shape[0]! * shape[1]!)));
        const out = operation.forward(acc, operands);
        const grads = operation.backward(acc, operands, out, tensor(operation.outShape, random(rng, out.size)));
        expect(grads[0]!.shape).toEqual([1, 8]);
        expect(grads[1]!.shape).toEqual([INSTANCES, 4]);
    });
});
