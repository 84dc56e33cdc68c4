// How long a data-parallel update would take with an idle core per thread, from CPU times measured
// on a shared machine (where wall time mostly measures the other programs). The main thread packs
// the requests; every worker then computes, sending each parameter's slot when it is final; the
// main thread reduces and applies a slot once all workers have sent it (in the order they become
// ready, one at a time), and finishes the update after the last worker's reply. Message latency is
// left out (tens of microseconds on an idle machine).

/** The measured CPU costs of one update, in nanoseconds. */
export interface UpdateCosts {
    /** Main thread: packing and posting the requests. */
    readonly packNs: number;
    /** Per worker: CPU time since its update began when it sent each slot (by slot index). */
    readonly slotSentNs: readonly (readonly number[])[];
    /** Per worker: CPU time of its whole update. */
    readonly workerNs: readonly number[];
    /** Main thread: reducing and applying each slot (by slot index). */
    readonly slotApplyNs: readonly number[];
    /** Main thread: everything after the last reply (slots sent with the replies, bookkeeping). */
    readonly tailNs: number;
}

/** The update's length with one idle core per thread. */
export function criticalPathNs(costs: UpdateCosts): number {
    const slots = costs.slotApplyNs.length;
    const ready: { slot: number; at: number }[] = [];
    for (let slot = 0; slot < slots; slot++) {
        const sent = costs.slotSentNs.map((times) => times[slot]);
        // A slot some worker did not send ahead is applied in the tail.
        if (sent.some((at) => at === undefined)) continue;
        ready.push({ slot, at: costs.packNs + Math.max(...(sent as number[])) });
    }
    ready.sort((a, b) => a.at - b.at);
    let main = costs.packNs;
    for (const { slot, at } of ready) main = Math.max(main, at) + costs.slotApplyNs[slot]!;
    const workersDone = costs.packNs + Math.max(0, ...costs.workerNs);
    return Math.max(main, workersDone) + costs.tailNs;
}
