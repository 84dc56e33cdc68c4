// norm(x) = sqrt(|⟨x ~x⟩₀|) = sqrt(|Σ_A w_A x_A²|) with w_A = e_A ~e_A the product of the squares of
// A's generators (+1 for every blade of a Euclidean algebra, −1 for blades with an odd number of
// negative generators, 0 for blades with a degenerate one — so in PGA the norm of a motor or point
// reads only its Euclidean part, the usual "weight norm"). The result is a plain tensor with the
// operand's instance shape. With `quire` the quadratic form is exact and rounded once, then the
// square root rounds once. A zero norm has gradient 0 (the subgradient at the cusp).
import type { Accumulation } from '../kernels/accumulation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BladeSupport } from './blade-support.js';
import { formForward } from './form-forward.js';
import { formTangent } from './form-gradients.js';
import { MultilinearForm } from './multilinear-form.js';
import { supportOf } from './blade-support.js';

const forms = new Map<string, MultilinearForm>();

/** The quadratic form ⟨x ~x⟩₀ over a support (slots bound to the same operand). */
export function normForm(support: BladeSupport): MultilinearForm {
    let form = forms.get(support.key);
    if (form === undefined) {
        const algebra = support.algebra;
        const terms = support.blades.map((blade, i) => ({ factors: [i, i], outputBlade: 0, coefficient: algebra.reverseSign(blade) * algebra.bladeSquare(blade) })).filter((t) => t.coefficient !== 0);
        form = new MultilinearForm([support, support], [0, 0], supportOf(algebra, [0]), terms);
        forms.set(support.key, form);
    }
    return form;
}

/** Scratch values the norm kernels need. */
export function normScratch(x: Tensor): number {
    return 2 * x.size;
}

/** out[i] = norm(x[i]); `out` has x's instance shape. */
export function normForward(acc: Accumulation, scratch: Float64Array, support: BladeSupport, x: Tensor, out: Tensor): void {
    formForward(acc, scratch, normForm(support), [x], asScalarMultivector(out));
    const format = out.format;
    for (let i = 0; i < out.size; i++) out.data[i] = acc.encode(Math.sqrt(Math.abs(format.decode(out.data[i]!))));
}

/** ∂L/∂x from ∂L/∂norm: w_A x_A sign(s) / norm, times the incoming gradient, rounded once each. */
export function normBackward(acc: Accumulation, support: BladeSupport, x: Tensor, norm: Tensor, dNorm: Tensor, gradX: Tensor): void {
    const weights = quadraticWeights(support);
    const size = support.size;
    const format = x.format;
    for (let i = 0; i < norm.size; i++) {
        const n = format.decode(norm.data[i]!);
        const g = format.decode(dNorm.data[i]!);
        // The sign of s = Σ w x² (the norm only keeps |s|).
        let s = 0;
        for (let k = 0; k < size; k++) s += weights[k]! * format.decode(x.data[i * size + k]!) ** 2;
        const sign = s < 0 ? -1 : 1;
        for (let k = 0; k < size; k++) {
            const value = n === 0 ? 0 : (g * sign * weights[k]! * format.decode(x.data[i * size + k]!)) / n;
            gradX.data[i * size + k] = acc.encode(value);
        }
    }
}

/** The tangent of the norm: sign(s) · ṡ / (2 norm), with ṡ = 2 Σ w x ẋ exact and rounded once. */
export function normTangent(acc: Accumulation, scratch: Float64Array, support: BladeSupport, x: Tensor, tangentX: Tensor, norm: Tensor, tangentOut: Tensor): void {
    formTangent(acc, scratch, normForm(support), [x], [tangentX], asScalarMultivector(tangentOut));
    const format = norm.format;
    const weights = quadraticWeights(support);
    const size = support.size;
    for (let i = 0; i < norm.size; i++) {
        const n = format.decode(norm.data[i]!);
        const sDot = format.decode(tangentOut.data[i]!);
        let s = 0;
        for (let k = 0; k < size; k++) s += weights[k]! * format.decode(x.data[i * size + k]!) ** 2;
        tangentOut.data[i] = acc.encode(n === 0 ? 0 : ((s < 0 ? -1 : 1) * sDot) / (2 * n));
    }
}

function quadraticWeights(support: BladeSupport): Float64Array {
    const algebra = support.algebra;
    return Float64Array.from(support.blades, (blade) => algebra.reverseSign(blade) * algebra.bladeSquare(blade));
}

// A plain tensor of instance shape, seen as scalar multivectors (one coefficient each): same data.
function asScalarMultivector(tensor: Tensor): Tensor {
    return { shape: [...tensor.shape, 1], size: tensor.size, format: tensor.format, data: tensor.data };
}
