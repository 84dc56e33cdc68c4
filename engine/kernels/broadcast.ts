// NumPy broadcasting on full shapes (the batch axis leads, so a parameter of shape [N] broadcasts
// over [B, N] like any trailing-axis broadcast). Maps an output element to the element of an operand
// it reads, without building index tables: the common cases (same shape, a suffix shape such as a
// bias, a scalar) are a modulo; the general case walks the axes.

/** Maps flat output indices to flat operand indices. */
export class BroadcastMap {
    /** 'same': identity; 'suffix': i mod size; 'general': per-axis strides. */
    readonly kind: 'same' | 'suffix' | 'general';
    private readonly outShape: readonly number[];
    private readonly strides: readonly number[];

    constructor(outShape: readonly number[], operandShape: readonly number[], readonly operandSize: number) {
        this.outShape = outShape;
        const rank = outShape.length;
        const padded = [...new Array<number>(rank - operandShape.length).fill(1), ...operandShape];
        const outSize = outShape.reduce((a, b) => a * b, 1);
        const strides = new Array<number>(rank).fill(0);
        let stride = 1;
        for (let axis = rank - 1; axis >= 0; axis--) {
            strides[axis] = padded[axis] === 1 ? 0 : stride;
            stride *= padded[axis]!;
        }
        this.strides = strides;
        if (operandSize === outSize) this.kind = 'same';
        else if (isSuffixBroadcast(outShape, padded)) this.kind = 'suffix';
        else this.kind = 'general';
    }

    /** The operand element read by output element `i`. */
    index(i: number): number {
        if (this.kind === 'same') return i;
        if (this.kind === 'suffix') return i % this.operandSize;
        let result = 0;
        for (let axis = this.outShape.length - 1; axis >= 0; axis--) {
            const extent = this.outShape[axis]!;
            result += (i % extent) * this.strides[axis]!;
            i = Math.floor(i / extent);
        }
        return result;
    }
}

// An operand whose leading axes are 1 and whose trailing axes equal the output's: element i reads
// i mod size.
function isSuffixBroadcast(outShape: readonly number[], padded: readonly number[]): boolean {
    let axis = 0;
    while (axis < padded.length && padded[axis] === 1) axis++;
    for (let rest = axis; rest < padded.length; rest++) if (padded[rest] !== outShape[rest]) return false;
    return true;
}
