// The design-time memory plan shown beside measured memory. It comes from the language server's
// `phg/memoryPlan` request (issue 5); until the server answers it, the panel says why the slot is
// empty rather than inventing numbers.
import type { MemoryByClass } from '../../cli/train-events.js';

/** One plan for one mode (inference, backprop, forward), bytes by lifetime class. */
export interface PlannedMemory {
    readonly peak: number;
    readonly byClass: Partial<MemoryByClass>;
}

/** The panel's plan slot. */
export type MemoryPlanView =
    | { readonly status: 'pending' }
    | { readonly status: 'unavailable'; readonly reason: string }
    | {
        readonly status: 'ready';
        readonly model: string;
        readonly inference: PlannedMemory;
        /** The plan of the mode this run trains with. */
        readonly training: PlannedMemory;
        readonly trainingMode: string;
    };
