// Prometheus metrics of a service (prom-client, one registry per service — no global state):
// requests, errors, a latency histogram, the active version, the rotation stage, rotation
// outcomes and the last canary's disagreement.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ModelService, ServiceEvent } from './model-service.js';
import type { RotationStage } from './rotation-types.js';

const stages: readonly (RotationStage | 'idle')[] = ['idle', 'received', 'verifying', 'loading', 'warming', 'switching', 'active', 'rejected', 'rolled-back'];

/** The metrics of one or more services, in one registry. */
export class ServiceMetrics {
    readonly registry = new Registry();
    private readonly requests = new Counter({ name: 'phg_predict_requests_total', help: 'Prediction requests by model, answering version and HTTP status.', labelNames: ['model', 'version', 'status'], registers: [this.registry] });
    private readonly errors = new Counter({ name: 'phg_predict_errors_total', help: 'Prediction requests that failed, by kind (bad_request, model_error).', labelNames: ['model', 'kind'], registers: [this.registry] });
    private readonly latency = new Histogram({
        name: 'phg_predict_latency_seconds', help: 'Time from a prediction request to its response.', labelNames: ['model'], registers: [this.registry],
        buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2]
    });
    private readonly activeVersion = new Gauge({ name: 'phg_model_active_version', help: 'The version answering new requests.', labelNames: ['model'], registers: [this.registry] });
    private readonly stage = new Gauge({ name: 'phg_rotation_stage', help: 'Current rotation stage (1 for the current stage, 0 otherwise).', labelNames: ['model', 'stage'], registers: [this.registry] });
    private readonly rotations = new Counter({ name: 'phg_rotations_total', help: 'Finished rotations by outcome (active, rejected, rolled-back).', labelNames: ['model', 'outcome'], registers: [this.registry] });
    private readonly disagreement = new Gauge({ name: 'phg_canary_disagreement_ratio', help: 'Disagreement rate of the last canary replay.', labelNames: ['model'], registers: [this.registry] });

    /** Follows a service's events and state. */
    observe(service: ModelService): void {
        const model = service.name;
        this.activeVersion.set({ model }, service.activeVersion);
        this.setStage(model, 'idle');
        const counted = new Set<string>();
        service.onEvent((event: ServiceEvent) => {
            if (event.type === 'request') return;
            const rotation = event.rotation;
            const last = rotation.stages.at(-1)?.stage ?? 'received';
            this.setStage(model, rotation.outcome === 'in-progress' ? last : 'idle');
            this.activeVersion.set({ model }, service.activeVersion);
            if (rotation.canary) this.disagreement.set({ model }, rotation.canary.disagreementRate);
            const key = `${rotation.id}:${rotation.outcome}`;
            if (rotation.outcome !== 'in-progress' && !counted.has(key)) {
                counted.add(key);
                this.rotations.inc({ model, outcome: rotation.outcome });
            }
        });
    }

    /** Counts one answered request. */
    request(model: string, version: number | undefined, status: number, seconds: number): void {
        this.requests.inc({ model, version: version === undefined ? 'none' : String(version), status: String(status) });
        this.latency.observe({ model }, seconds);
        if (status >= 400) this.errors.inc({ model, kind: status < 500 ? 'bad_request' : 'model_error' });
    }

    /** The Prometheus text exposition. */
    async text(): Promise<{ readonly contentType: string; readonly body: string }> {
        return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    }

    private setStage(model: string, current: RotationStage | 'idle'): void {
        for (const stage of stages) this.stage.set({ model, stage }, stage === current ? 1 : 0);
    }
}
