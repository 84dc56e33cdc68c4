// Elementwise functions of one operand, and their derivative rule, which serves both modes:
// the tangent ẏ = f'(x)·ẋ and the gradient dx = f'(x)·dy are the same computation on a different
// vector. Rounding: neg, abs, relu, sqrt, x², exp' and log' are correctly rounded (one rounding of
// the exact result); exp, log, tanh and sigmoid are the numeric core's (`format.apply`, whose
// `elementaryAccuracy` says correctly rounded or faithful); sin, cos, other powers and the remaining
// derivatives are evaluated in float64 and rounded once (faithful).
import type { NumericFormat } from '../numeric/format.js';
import type { Tensor } from '../tensor/tensor.js';

/** Ops of one operand. */
export type UnaryOp = 'neg' | 'relu' | 'tanh' | 'sigmoid' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'pow';

/** Which primal values a unary derivative reads (what backprop must keep on the tape). */
export function unaryDerivativeReads(op: UnaryOp): { readonly input: boolean; readonly output: boolean } {
    switch (op) {
        case 'neg': return { input: false, output: false };
        case 'relu': case 'exp': case 'sqrt': case 'tanh': case 'sigmoid': return { input: false, output: true };
        default: return { input: true, output: false };
    }
}

/** out = f(x) elementwise. */
export function unaryForward(op: UnaryOp, x: Tensor, out: Tensor, exponent = 2): void {
    const format = x.format;
    const src = x.data;
    const dst = out.data;
    const n = x.size;
    switch (op) {
        case 'neg': for (let i = 0; i < n; i++) dst[i] = format.neg(src[i]!) as number; return;
        case 'abs': for (let i = 0; i < n; i++) dst[i] = format.abs(src[i]!) as number; return;
        case 'sqrt': for (let i = 0; i < n; i++) dst[i] = format.sqrt(src[i]!) as number; return;
        case 'relu': {
            if (format.family !== 'ieee') {
                // Posit patterns are two's complement: the sign bit marks negatives and NaR (the sign bit alone).
                const sign = 2 ** (format.bits - 1);
                const nar = format.nar as number;
                for (let i = 0; i < n; i++) {
                    const p = src[i]!;
                    dst[i] = p < sign ? p : p === nar ? nar : 0;
                }
                return;
            }
            const zero = format.zero;
            for (let i = 0; i < n; i++) {
                const p = src[i]!;
                dst[i] = (format.isNaR(p) || format.compare(p, zero) > 0 ? p : zero) as number;
            }
            return;
        }
        case 'pow':
            if (exponent === 2) {
                for (let i = 0; i < n; i++) dst[i] = format.mul(src[i]!, src[i]!) as number;
                return;
            }
            for (let i = 0; i < n; i++) dst[i] = format.encode(format.decode(src[i]!) ** exponent) as number;
            return;
        case 'exp': case 'log': case 'tanh': case 'sigmoid':
            for (let i = 0; i < n; i++) dst[i] = format.apply(op, src[i]!) as number;
            return;
        default: {
            const f = floatFunction(op);
            for (let i = 0; i < n; i++) dst[i] = format.encode(f(format.decode(src[i]!))) as number;
        }
    }
}

/** out = f'(x) · v elementwise, with x the op's input, y its output and v a tangent or gradient. */
export function unaryDerivative(op: UnaryOp, x: Tensor | null, y: Tensor | null, v: Tensor, out: Tensor, exponent = 2): void {
    const format = v.format;
    const vd = v.data;
    const dst = out.data;
    const n = v.size;
    const xd = x?.data;
    const yd = y?.data;
    switch (op) {
        case 'neg': for (let i = 0; i < n; i++) dst[i] = format.neg(vd[i]!) as number; return;
        case 'relu': {
            const zero = format.zero;
            if (format.family !== 'ieee') {
                // y = relu(x) is positive exactly where x was; NaR passes through.
                const sign = 2 ** (format.bits - 1);
                const nar = format.nar as number;
                for (let i = 0; i < n; i++) {
                    const yi = yd![i]!;
                    dst[i] = yi === nar ? nar : yi !== 0 && yi < sign ? vd[i]! : 0;
                }
                return;
            }
            for (let i = 0; i < n; i++) {
                const yi = yd![i]!;
                dst[i] = (format.isNaR(yi) ? yi : format.compare(yi, zero) > 0 ? vd[i]! : zero) as number;
            }
            return;
        }
        case 'abs': {
            const zero = format.zero;
            for (let i = 0; i < n; i++) {
                const sign = format.compare(xd![i]!, zero);
                dst[i] = (format.isNaR(xd![i]!) ? format.nar : sign > 0 ? vd[i]! : sign < 0 ? format.neg(vd[i]!) : zero) as number;
            }
            return;
        }
        case 'exp': for (let i = 0; i < n; i++) dst[i] = format.mul(yd![i]!, vd[i]!) as number; return;
        case 'log': for (let i = 0; i < n; i++) dst[i] = format.div(vd[i]!, xd![i]!) as number; return;
        default: {
            for (let i = 0; i < n; i++) {
                const slope = derivativeValue(op, format, xd === undefined ? NaN : format.decode(xd[i]!), yd === undefined ? NaN : format.decode(yd[i]!), exponent);
                dst[i] = format.encode(slope * format.decode(vd[i]!)) as number;
            }
        }
    }
}

function derivativeValue(op: UnaryOp, _format: NumericFormat, x: number, y: number, exponent: number): number {
    switch (op) {
        case 'sqrt': return 0.5 / y;
        case 'tanh': return 1 - y * y;
        case 'sigmoid': return y * (1 - y);
        case 'sin': return Math.cos(x);
        case 'cos': return -Math.sin(x);
        case 'pow': return exponent * x ** (exponent - 1);
        default: throw new Error(`no derivative value for ${op}`);
    }
}

function floatFunction(op: UnaryOp): (x: number) => number {
    switch (op) {
        case 'sin': return Math.sin;
        case 'cos': return Math.cos;
        default: throw new Error(`no float function for ${op}`);
    }
}
