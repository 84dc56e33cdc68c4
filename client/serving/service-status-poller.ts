// Asks a running service for its status (`GET /v1/models/NAME` on loopback) once a second while it
// runs, and at once when asked (after a rotation event, to pick up the grace-window counters).
// Overlapping polls are never sent: a slow answer delays the next poll instead of piling up.
import type { ServiceStatus } from './serve-json.js';
import { parseServiceStatus } from './serve-event-parser.js';

/** What the poller reports. */
export interface StatusPollListener {
    onStatus(status: ServiceStatus): void;
    onProblem(problem: string): void;
}

/** How long one status request may take before it counts as a problem. */
const REQUEST_TIMEOUT_MS = 3000;

/** The status URL of a service. */
export function statusUrl(baseUrl: string, name: string): string {
    return `${baseUrl.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(name)}`;
}

/** Polls one service until stopped. */
export class ServiceStatusPoller {
    private timer: ReturnType<typeof setTimeout> | undefined;
    private inFlight = false;
    private again = false;
    private stopped = false;

    constructor(private readonly url: string, private readonly listener: StatusPollListener, private readonly intervalMs = 1000) {
        this.schedule(0);
    }

    /** Polls as soon as the current request (if any) is answered. */
    pollNow(): void {
        if (this.stopped) return;
        if (this.inFlight) {
            this.again = true;
            return;
        }
        this.schedule(0);
    }

    stop(): void {
        this.stopped = true;
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = undefined;
    }

    private schedule(delayMs: number): void {
        if (this.timer !== undefined) clearTimeout(this.timer);
        this.timer = setTimeout(() => { void this.poll(); }, delayMs);
    }

    private async poll(): Promise<void> {
        this.timer = undefined;
        if (this.stopped) return;
        this.inFlight = true;
        try {
            const response = await fetch(this.url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
            const body: unknown = await response.json();
            const parsed = response.ok ? parseServiceStatus(body) : { ok: false as const, reason: `the service answered ${response.status}` };
            if (!this.stopped) {
                if (parsed.ok) this.listener.onStatus(parsed.status);
                else this.listener.onProblem(parsed.reason);
            }
        } catch (error) {
            if (!this.stopped) this.listener.onProblem(`no answer from ${this.url}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
            this.inFlight = false;
        }
        if (this.stopped) return;
        const next = this.again ? 0 : this.intervalMs;
        this.again = false;
        this.schedule(next);
    }
}
