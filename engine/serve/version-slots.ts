// Holds the version that answers requests. A request reads the reference once and finishes on
// that version even if a switch happens meanwhile; a retired version is disposed only when its
// last in-flight request has finished. The switch itself is one assignment.
import type { ServableModel } from './servable-model.js';

/** The active model reference and the bookkeeping that makes swapping it safe. */
export class VersionSlots {
    private current: ServableModel;
    private readonly inFlight = new Map<ServableModel, number>();
    private readonly retiring = new Set<ServableModel>();

    constructor(initial: ServableModel) {
        this.current = initial;
    }

    /** The version new requests go to. */
    get active(): ServableModel {
        return this.current;
    }

    /** Runs `work` on the active version, captured once, counting it as in flight. */
    async withActive<T>(work: (model: ServableModel) => Promise<T>): Promise<T> {
        return this.with(this.current, work);
    }

    /** Runs `work` on a given version (the old one in a grace window), counting it as in flight. */
    async with<T>(model: ServableModel, work: (model: ServableModel) => Promise<T>): Promise<T> {
        this.inFlight.set(model, (this.inFlight.get(model) ?? 0) + 1);
        try {
            return await work(model);
        } finally {
            const left = (this.inFlight.get(model) ?? 1) - 1;
            if (left === 0) {
                this.inFlight.delete(model);
                if (this.retiring.delete(model)) model.dispose();
            } else {
                this.inFlight.set(model, left);
            }
        }
    }

    /** Makes `next` the active version in one assignment; returns the one it replaced. */
    swap(next: ServableModel): ServableModel {
        const previous = this.current;
        this.current = next;
        return previous;
    }

    /** Disposes a version that is no longer active once its in-flight requests are done. */
    retire(model: ServableModel): void {
        if (model === this.current) return;
        if ((this.inFlight.get(model) ?? 0) === 0) model.dispose();
        else this.retiring.add(model);
    }

    /** Requests in flight on a version. */
    inFlightOn(model: ServableModel): number {
        return this.inFlight.get(model) ?? 0;
    }
}
