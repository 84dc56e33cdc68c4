// The sum a neuron computes in one step — leak, synaptic input, inhibition — rounded the way the
// train block's `accumulate` setting says:
// - `quire`: the exact sum of every term, rounded once. Like the engine's contraction kernels
//   (kernels/dot.ts, contractPattern), it first tries the float64 sum with an error bound
//   (certified when the whole interval rounds to one value), then a TwoSum-tracked sum (exact when
//   no addition lost a bit), and only then replays the recorded terms into the format's quire.
//   The result is always the correctly rounded exact sum, independent of the order of the terms.
// - `rounded`: every product and every addition rounds, in the order the terms arrive.
// Terms are recorded (a few per step) so the quire can replay them; nothing is allocated per step.
import type { Accumulation } from '../kernels/accumulation.js';
import type { TrackedAllocator } from '../memory/allocator.js';

/** One neuron's sum of terms a·b in one step. */
export class StepSum {
    private readonly left: Float64Array;
    private readonly right: Float64Array;
    private terms = 0;
    private sum = 0;
    private magnitude = 0;
    private inexact = false;
    private running = 0;

    /** A sum of at most `capacity` terms, its record tracked as kernel scratch. */
    constructor(private readonly acc: Accumulation, capacity: number, private readonly allocator: TrackedAllocator, label: string) {
        this.left = allocator.float64(capacity, 'quire', `${label} (terms)`);
        this.right = allocator.float64(capacity, 'quire', `${label} (factors)`);
    }

    /** Starts a new sum. */
    begin(): void {
        this.terms = 0;
        this.sum = 0;
        this.magnitude = 0;
        this.inexact = false;
        this.running = this.acc.emptySum;
    }

    /** Adds a value of the format. */
    add(value: number): void {
        this.addProduct(value, 1);
    }

    /** Adds the product of two values of the format (exact with `quire`, rounded with `rounded`). */
    addProduct(a: number, b: number): void {
        const acc = this.acc;
        if (acc.mode === 'rounded') {
            const term = b === 1 ? a : acc.mul(a, b);
            this.running = this.terms === 0 ? term : acc.add(this.running, term);
            this.terms++;
            return;
        }
        this.left[this.terms] = a;
        this.right[this.terms] = b;
        this.terms++;
        const p = a * b;
        const s = this.sum + p;
        if (!this.inexact) {
            const virtual = s - this.sum;
            this.inexact = (this.sum - (s - virtual)) + (p - virtual) !== 0;
        }
        this.sum = s;
        this.magnitude += Math.abs(p);
    }

    /** The pattern of the rounded sum. */
    finishPattern(): number {
        const acc = this.acc;
        if (acc.mode === 'rounded') return acc.encode(this.terms === 0 ? acc.emptySum : this.running);
        if (acc.exactProducts) {
            // Products were exact, so only additions can have lost bits.
            if (!this.inexact) return acc.encode(this.sum);
            const certified = acc.certifyPattern(this.sum, this.magnitude, this.terms);
            if (certified === certified) return certified;
        } else if (!this.inexact && this.onlyValues()) {
            return acc.encode(this.sum);
        }
        acc.fallbacks++;
        const quire = acc.quire;
        quire.clear();
        for (let k = 0; k < this.terms; k++) {
            const b = this.right[k]!;
            if (b === 1) quire.addValue(this.left[k]!);
            else quire.addValueProduct(this.left[k]!, b);
        }
        return quire.round() as number;
    }

    /** Whether every term was a plain value (no product that float64 could have rounded). */
    private onlyValues(): boolean {
        for (let k = 0; k < this.terms; k++) if (this.right[k] !== 1) return false;
        return true;
    }

    /** Releases the term record. */
    release(): void {
        this.allocator.free(this.left);
        this.allocator.free(this.right);
    }
}
