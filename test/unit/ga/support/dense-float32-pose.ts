// The dense float32 baseline of the pose model y = R x ~R + t in VGA: every multivector is all 8
// coefficients, the sandwich is two binary geometric products (R x, then (R x) ~R) as a binary
// graph computes it, every product and sum rounds to float32 (Math.fround), and SGD with momentum
// updates all 8 coefficients of R and t. Written independently of the engine (its Cayley table
// comes from the test's dense reference), so the contrast with the sparse engine is honest.
import { generatorSquares, multiplyBlades, reversalSign } from './dense-reference.js';
import { generatorsOf } from './engine-bridge.js';

const N = 8;
const f = Math.fround;
const sign = new Float64Array(N * N);
const reverseSign = Float64Array.from({ length: N }, (_, blade) => reversalSign(generatorsOf(blade)));
for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) sign[a * N + b] = multiplyBlades(generatorsOf(a), generatorsOf(b), generatorSquares(3, 0, 0)).sign;
}

/** Dense geometric product in float32: out[a ^ b] += sign · x[a] · y[b]. */
function product(x: Float64Array, y: Float64Array): Float64Array {
    const out = new Float64Array(N);
    for (let a = 0; a < N; a++) for (let b = 0; b < N; b++) out[a ^ b] = f(out[a ^ b]! + f(sign[a * N + b]! * f(x[a]! * y[b]!)));
    return out;
}

function reverse(x: Float64Array): Float64Array {
    return x.map((v, blade) => reverseSign[blade]! * v);
}

/** The dense model's parameters and momentum (8 coefficients each, indexed by blade bitmask). */
export class DenseFloat32Pose {
    readonly R = new Float64Array(N);
    readonly t = new Float64Array(N);
    private readonly mR = new Float64Array(N);
    private readonly mt = new Float64Array(N);

    constructor(private readonly lr: number, private readonly momentum: number) {
        this.R[0] = 1;
    }

    /** y = (R x) ~R + t for one dense point. */
    predict(x: Float64Array): Float64Array {
        const y = product(product(this.R, x), reverse(this.R));
        return y.map((v, k) => f(v + this.t[k]!));
    }

    /** One SGD step on a batch of dense points and dense targets; returns the batch's mean squared error. */
    step(points: readonly Float64Array[], targets: readonly Float64Array[]): number {
        const gR = new Float64Array(N);
        const gt = new Float64Array(N);
        const scale = 2 / (points.length * N);
        let loss = 0;
        points.forEach((x, s) => {
            const T = product(this.R, x);
            const Rr = reverse(this.R);
            const y = product(T, Rr).map((v, k) => f(v + this.t[k]!));
            const g = y.map((v, k) => f(scale * f(v - targets[s]![k]!)));
            for (let k = 0; k < N; k++) loss += (y[k]! - targets[s]![k]!) ** 2;
            // y = T · Rr + t: ∂/∂t = g, ∂/∂T[a] = Σ_b g[a^b] s(a,b) Rr[b], ∂/∂Rr[b] = Σ_a g[a^b] s(a,b) T[a].
            const dT = new Float64Array(N);
            const dRr = new Float64Array(N);
            for (let a = 0; a < N; a++) {
                for (let b = 0; b < N; b++) {
                    const gk = f(sign[a * N + b]! * g[a ^ b]!);
                    dT[a] = f(dT[a]! + f(gk * Rr[b]!));
                    dRr[b] = f(dRr[b]! + f(gk * T[a]!));
                }
            }
            // T = R · x: ∂/∂R[a] = Σ_b dT[a^b] s(a,b) x[b]; Rr = reverse(R).
            for (let a = 0; a < N; a++) {
                let d = f(reverseSign[a]! * dRr[a]!);
                for (let b = 0; b < N; b++) d = f(d + f(f(sign[a * N + b]! * dT[a ^ b]!) * x[b]!));
                gR[a] = f(gR[a]! + d);
            }
            for (let k = 0; k < N; k++) gt[k] = f(gt[k]! + g[k]!);
        });
        for (let k = 0; k < N; k++) {
            this.mR[k] = f(f(this.momentum * this.mR[k]!) + gR[k]!);
            this.R[k] = f(this.R[k]! - f(this.lr * this.mR[k]!));
            this.mt[k] = f(f(this.momentum * this.mt[k]!) + gt[k]!);
            this.t[k] = f(this.t[k]! - f(this.lr * this.mt[k]!));
        }
        return loss / (points.length * N);
    }
}
