// The readout of an unsupervised spiking layer (Diehl & Cook 2015): show labelled samples with
// learning off, give each neuron the class to which it responded most on average, then classify a
// sample by the class whose neurons fire most on average. A neuron that never fired during the
// assignment has no class and does not vote.
import type { TrackedAllocator } from '../memory/allocator.js';

/** Summed responses per class and neuron, gathered over the assignment samples. */
export class ResponseTable {
    /** responses[c·neurons + i]: spikes of neuron i summed over samples of class c. */
    private readonly responses: Float64Array;
    private readonly samplesPerClass: Float64Array;

    constructor(readonly classes: number, readonly neurons: number, private readonly allocator: TrackedAllocator) {
        this.responses = allocator.float64(classes * neurons, 'activation', 'label assignment responses');
        this.samplesPerClass = allocator.float64(classes, 'activation', 'label assignment sample counts');
    }

    /** Adds one sample's spike counts under its label. */
    record(label: number, counts: Int32Array): void {
        const row = label * this.neurons;
        for (let i = 0; i < this.neurons; i++) this.responses[row + i]! += counts[i]!;
        this.samplesPerClass[label]!++;
    }

    /** Writes each neuron's class into `assignment`: highest mean response; −1 for a neuron that never fired. */
    assign(assignment: Int32Array): Int32Array {
        assignment.fill(-1);
        for (let i = 0; i < this.neurons; i++) {
            let best = 0;
            for (let c = 0; c < this.classes; c++) {
                const samples = this.samplesPerClass[c]!;
                if (samples === 0) continue;
                const mean = this.responses[c * this.neurons + i]! / samples;
                // Strictly greater: ties go to the lower class, deterministically.
                if (mean > best) {
                    best = mean;
                    assignment[i] = c;
                }
            }
        }
        return assignment;
    }

    /** Releases the table. */
    release(): void {
        this.allocator.free(this.responses);
        this.allocator.free(this.samplesPerClass);
    }
}

/**
 * The class of a response: the class whose assigned neurons have the highest mean spike count;
 * −1 when no assigned neuron fired (counted as wrong).
 */
export function classify(counts: Int32Array, assignment: Int32Array, classes: number): number {
    let best = -1;
    let bestScore = 0;
    for (let c = 0; c < classes; c++) {
        let sum = 0;
        let members = 0;
        for (let i = 0; i < assignment.length; i++) {
            if (assignment[i] !== c) continue;
            sum += counts[i]!;
            members++;
        }
        if (members === 0) continue;
        const score = sum / members;
        if (score > bestScore) {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

/** Neurons assigned to each class (−1 excluded). */
export function neuronsPerClass(assignment: Int32Array, classes: number): number[] {
    const out = new Array<number>(classes).fill(0);
    for (const c of assignment) if (c >= 0) out[c]!++;
    return out;
}
