// One served model: answers predictions from the active version and runs warm rotations through
// the state machine of rotation-types.ts. No HTTP here (http-server.ts adds it), so the state
// machine can be driven and tested directly.
import { listVersionNumbers } from '../attest/version-files.js';
import type { TrustStore } from '../signing/trust-store.js';
import { CertificateCode, type CertificateCodeValue } from '../verify/certificate-codes.js';
import type { VerificationCheck } from '../verify/verification-report.js';
import { allFinite, outputsDisagree, replayCanary, safePredict, type CanaryReservoir } from './canary.js';
import { defaultCanaryReplayer, inThreadReplayer, type CanaryReplayer } from './canary-replayer.js';
import { verifyCandidate, type CandidateVerification } from './candidate-verification.js';
import { GraceWindow } from './grace-window.js';
import type { RotationOutcome, RotationPolicy, RotationRecord, RotationStage, RotationTrigger } from './rotation-types.js';
import type { PredictionBatch, ServableModel, VersionLoader } from './servable-model.js';
import type { ServeStateStore } from './serve-state.js';
import { VersionSlots } from './version-slots.js';

/** Reads the trust store afresh (trusting a new key needs no restart). */
export type TrustSource = () => { readonly ok: true; readonly store: TrustStore } | { readonly ok: false; readonly message: string };

/** What a service is built from. */
export interface ModelServiceOptions {
    /** The name in URLs: `/v1/models/<name>`. */
    readonly name: string;
    readonly versionsDirectory: string;
    readonly trust: TrustSource;
    readonly loader: VersionLoader;
    readonly policy: RotationPolicy;
    readonly state: ServeStateStore;
    readonly canary: CanaryReservoir;
    /** Where the canary is replayed; default: a worker thread on machines with 4+ cores (and its bundle beside the code), else paced on the serving thread. */
    readonly replayer?: CanaryReplayer;
    /** Fault injection for crash-safety tests: awaited on entering each stage. */
    readonly holdStage?: (stage: RotationStage) => Promise<void>;
    readonly now?: () => Date;
    /**
     * Which versions of the store are this service's own (a workspace's store numbers the versions
     * of all its models together): the defaults — the starting version, `:rotate` without a
     * version, watch mode — pick among these only. Default: every version.
     */
    readonly ownsVersion?: (version: number) => boolean;
}

/** The versions of the store a service may pick by default, oldest first. */
function ownVersions(options: ModelServiceOptions): readonly number[] {
    const versions = listVersionNumbers(options.versionsDirectory);
    return options.ownsVersion ? versions.filter(options.ownsVersion) : versions;
}

/** The answer to one prediction. */
export type PredictOutcome =
    | { readonly ok: true; readonly version: number; readonly outputs: ReadonlyMap<string, Float64Array> }
    | { readonly ok: false; readonly version: number; readonly message: string };

/** The answer to a rotation request. */
export type RotateOutcome =
    | { readonly ok: true; readonly rotation: RotationRecord }
    | { readonly ok: false; readonly status: 409 | 422; readonly message: string; readonly rotation?: RotationRecord };

/** What the status endpoint and the rotation panel show. */
export interface ServiceStatus {
    readonly name: string;
    readonly activeVersion: number;
    /** The old version kept loaded during a grace window. */
    readonly previousVersion: number | null;
    readonly candidateVersion: number | null;
    readonly stage: RotationStage | 'idle';
    readonly availableVersions: readonly number[];
    readonly rotations: readonly RotationRecord[];
    readonly counters: { readonly requests: number; readonly errors: number };
    /** The thresholds rotations are judged by. */
    readonly policy: RotationPolicy;
}

/** Something that happened, for event streams (`phg serve --json`) and metrics. */
export type ServiceEvent =
    | { readonly type: 'rotation'; readonly rotation: RotationRecord }
    | { readonly type: 'request'; readonly version: number; readonly ok: boolean; readonly seconds: number };

/** Why a service could not start. */
export interface ServiceStartFailure {
    readonly ok: false;
    readonly code: CertificateCodeValue;
    readonly message: string;
    readonly checks: readonly VerificationCheck[];
}

/** A served model with warm rotation. */
export class ModelService {
    private readonly slots: VersionSlots;
    private readonly replayer: CanaryReplayer;
    private grace: { readonly window: GraceWindow; readonly rotationId: number; readonly timer: NodeJS.Timeout } | undefined;
    private candidate: ServableModel | undefined;
    private busy: RotationRecord | undefined;
    private readonly history: RotationRecord[] = [];
    private readonly listeners: ((event: ServiceEvent) => void)[] = [];
    private readonly rolledBack: Set<number>;
    /** Record digests whose chains were verified (see verifyCandidate). */
    private readonly verifiedRecords: Set<string>;
    private requests = 0;
    private errors = 0;
    private nextRotationId = 1;
    private closed = false;

    private constructor(private readonly options: ModelServiceOptions, initial: ServableModel, rolledBack: readonly number[], verifiedRecords: Set<string>) {
        this.slots = new VersionSlots(initial);
        this.replayer = options.replayer ?? defaultCanaryReplayer((reason) => process.emitWarning(`canary replayed on the serving thread: ${reason}`));
        this.rolledBack = new Set(rolledBack);
        this.verifiedRecords = verifiedRecords;
    }

    /**
     * Starts serving: the version the state file names as active (so a restart serves the last
     * active version), else the newest version; it must verify like any candidate.
     */
    static async start(options: ModelServiceOptions, requestedVersion?: number): Promise<{ readonly ok: true; readonly service: ModelService } | ServiceStartFailure> {
        const saved = options.state.load();
        const version = requestedVersion ?? saved?.activeVersion ?? ownVersions(options).at(-1);
        if (version === undefined) {
            const others = listVersionNumbers(options.versionsDirectory).length;
            const what = others > 0 ? `none of the ${others} versions in ${options.versionsDirectory} is of this model with its current structure` : `no versions in ${options.versionsDirectory}`;
            return { ok: false, code: CertificateCode.fileUnreadable, message: `${what}; train the model first`, checks: [] };
        }
        const trust = options.trust();
        if (!trust.ok) return { ok: false, code: CertificateCode.trustStoreInvalid, message: trust.message, checks: [] };
        const verifiedRecords = new Set<string>();
        const verification = verifyCandidate(options.versionsDirectory, version, trust.store, undefined, verifiedRecords);
        if (!verification.ok) return { ok: false, code: verification.code, message: `version ${version} cannot be served: ${verification.reason}`, checks: verification.checks };
        const loaded = await options.loader.load(verification.verified);
        if (!loaded.ok) return { ok: false, code: CertificateCode.fileUnreadable, message: `version ${version} could not be loaded: ${loaded.message}`, checks: verification.checks };
        // Run the canary rows once through the starting version: the first rotation then finds
        // the prediction paths compiled by the JIT instead of paying for it while serving.
        await replayCanary(loaded.model, loaded.model, options.canary.sample(options.policy.canarySize), 0);
        const service = new ModelService(options, loaded.model, saved?.rolledBack ?? [], verifiedRecords);
        // The same for the canary's worker thread, which is started now rather than at the first rotation.
        if (service.replayer !== inThreadReplayer) await service.replayer.replay(loaded.model, loaded.model, options.canary.sample(options.policy.canarySize));
        await service.persist();
        return { ok: true, service };
    }

    /** The versions of the store this service may pick by default (its model's), oldest first. */
    ownVersions(): readonly number[] {
        return ownVersions(this.options);
    }

    /** The service's name in URLs. */
    get name(): string {
        return this.options.name;
    }

    /** The interface requests are validated against. */
    get modelInterface(): ServableModel['interface'] {
        return this.slots.active.interface;
    }

    /** The version new requests go to. */
    get activeVersion(): number {
        return this.slots.active.version;
    }

    /** Subscribes to service events. */
    onEvent(listener: (event: ServiceEvent) => void): void {
        this.listeners.push(listener);
    }

    /** Versions rolled back, which automatic rotation skips. */
    isRolledBack(version: number): boolean {
        return this.rolledBack.has(version);
    }

    /** Whether a rotation is running now. */
    get rotating(): boolean {
        return this.busy !== undefined;
    }

    /** Status for the API and the editor. */
    status(): ServiceStatus {
        return {
            name: this.name,
            activeVersion: this.activeVersion,
            previousVersion: this.grace ? this.grace.window.oldModel.version : null,
            candidateVersion: this.busy ? this.busy.toVersion : null,
            stage: this.busy ? (this.busy.stages.at(-1)?.stage ?? 'received') : 'idle',
            availableVersions: this.ownVersions(),
            rotations: this.history.map((record) => (this.grace && record.id === this.grace.rotationId ? { ...record, grace: this.grace.window.snapshot } : record)),
            counters: { requests: this.requests, errors: this.errors },
            policy: this.options.policy
        };
    }

    /**
     * Answers a validated batch on the version active when the request arrived. In a grace
     * window, a failure of the new version is answered by the old one, counted, and may roll back.
     */
    async predict(batch: PredictionBatch): Promise<PredictOutcome> {
        const started = performance.now();
        this.options.canary.offer(batch);
        const outcome = await this.slots.withActive(async (model) => {
            const result = await safePredict(model, batch);
            const failed = !result.ok || !allFinite(result.outputs);
            const grace = this.grace?.window.newModel === model ? this.grace : undefined;
            if (!grace) return result.ok ? { ok: true as const, version: model.version, outputs: result.outputs } : { ok: false as const, version: model.version, message: result.message };
            const { shadow } = grace.window.recordAnswer(failed);
            if (failed) {
                this.checkGrace();
                return this.slots.with(grace.window.oldModel, async (old) => {
                    const fallback = await safePredict(old, batch);
                    return fallback.ok ? { ok: true as const, version: old.version, outputs: fallback.outputs } : { ok: false as const, version: old.version, message: fallback.message };
                });
            }
            if (shadow && result.ok) this.shadowCompare(grace.window, batch, result.outputs);
            return { ok: true as const, version: model.version, outputs: result.outputs };
        });
        this.requests++;
        if (!outcome.ok) this.errors++;
        this.emit({ type: 'request', version: outcome.version, ok: outcome.ok, seconds: (performance.now() - started) / 1000 });
        return outcome;
    }

    /**
     * Rotates to `version` (default: the newest in the store). Resolves when the candidate is
     * active or rejected; a rollback may still follow within the grace window.
     */
    async rotate(request: { readonly version?: number; readonly trigger: RotationTrigger }): Promise<RotateOutcome> {
        if (this.closed) return { ok: false, status: 409, message: 'the service is shutting down' };
        if (this.busy) return { ok: false, status: 409, message: `a rotation to version ${this.busy.toVersion} is in progress (stage ${this.busy.stages.at(-1)?.stage ?? 'received'})` };
        const version = request.version ?? this.ownVersions().at(-1);
        if (version === undefined) return { ok: false, status: 422, message: 'the store has no version of this model with its current structure' };
        if (request.version === undefined && version <= this.activeVersion) return { ok: false, status: 409, message: `no version newer than the active version ${this.activeVersion}` };
        this.endGrace();
        let record: RotationRecord = { id: this.nextRotationId++, trigger: request.trigger, fromVersion: this.activeVersion, toVersion: version, stages: [], outcome: 'in-progress' };
        const enter = async (stage: RotationStage, patch: Partial<RotationRecord> = {}): Promise<void> => {
            record = { ...record, ...patch, stages: [...record.stages, { stage, at: this.now().toISOString() }] };
            this.busy = record;
            this.publish(record);
            await this.options.holdStage?.(stage);
            // Each stage's synchronous work (reading and checking signatures, decoding weights)
            // starts on a fresh turn of the event loop, so requests that arrived meanwhile are
            // answered first instead of queueing behind the whole rotation as one block.
            await nextTurn();
        };
        const reject = (code: CertificateCodeValue, reason: string, patch: Partial<RotationRecord> = {}): RotateOutcome => {
            record = { ...record, ...patch, code, reason, outcome: 'rejected', stages: [...record.stages, { stage: 'rejected', at: this.now().toISOString() }] };
            this.finish(record);
            return { ok: false, status: 422, message: reason, rotation: record };
        };
        await enter('received');
        await enter('verifying');
        const trust = this.options.trust();
        if (!trust.ok) return reject(CertificateCode.trustStoreInvalid, trust.message);
        const active = this.slots.active;
        const verification: CandidateVerification = verifyCandidate(this.options.versionsDirectory, version, trust.store, { version: active.version, interface: active.interface }, this.verifiedRecords);
        if (!verification.ok) return reject(verification.code, verification.reason, { checks: verification.checks });
        await enter('loading', { checks: verification.checks });
        const loaded = await this.options.loader.load(verification.verified);
        if (!loaded.ok) return reject(CertificateCode.fileUnreadable, `version ${version} could not be loaded: ${loaded.message}`);
        this.candidate = loaded.model;
        await enter('warming');
        const canary = await this.replayer.replay(this.slots.active, loaded.model, this.options.canary.sample(this.options.policy.canarySize));
        if (canary.candidateErrors > 0 || canary.disagreementRate > this.options.policy.maxDisagreement) {
            this.candidate = undefined;
            loaded.model.dispose();
            const why = canary.candidateErrors > 0
                ? `version ${version} failed ${canary.candidateErrors} of ${canary.samples} canary inputs`
                : `version ${version} disagreed with version ${active.version} on ${canary.disagreements} of ${canary.samples} canary inputs (rate ${canary.disagreementRate.toFixed(3)} > ${this.options.policy.maxDisagreement})`;
            return reject(CertificateCode.canaryFailed, why, { canary });
        }
        await enter('switching', { canary });
        const previous = this.slots.swap(loaded.model);
        this.candidate = undefined;
        // The commit point is written off the serving thread; the answer waits until it is durable.
        const durable = this.persist();
        const window = new GraceWindow(loaded.model, previous, this.options.policy);
        const timer = setTimeout(() => this.endGrace(), this.options.policy.graceMs);
        timer.unref();
        this.grace = { window, rotationId: record.id, timer };
        record = { ...record, outcome: 'active', stages: [...record.stages, { stage: 'active', at: this.now().toISOString() }] };
        this.finish(record);
        await durable;
        return { ok: true, rotation: record };
    }

    /** Stops timers and releases every loaded version. */
    close(): void {
        this.closed = true;
        void this.replayer.close();
        this.endGrace();
        this.candidate?.dispose();
        this.slots.active.dispose();
    }

    private shadowCompare(window: GraceWindow, batch: PredictionBatch, outputs: ReadonlyMap<string, Float64Array>): void {
        // After the response: the caller does not wait for the comparison.
        setImmediate(() => {
            if (this.grace?.window !== window) return;
            void this.slots.with(window.oldModel, (old) => safePredict(old, batch)).then((expected) => {
                if (this.grace?.window !== window) return;
                window.recordShadow(!expected.ok || outputsDisagree(expected.outputs, outputs, window.newModel.interface));
                this.checkGrace();
            });
        });
    }

    private checkGrace(): void {
        const grace = this.grace;
        if (!grace) return;
        const verdict = grace.window.verdict();
        if (!verdict) return;
        clearTimeout(grace.timer);
        this.grace = undefined;
        this.slots.swap(grace.window.oldModel);
        this.rolledBack.add(grace.window.newModel.version);
        void this.persist().catch((error: unknown) => process.emitWarning(`the rollback to version ${grace.window.oldModel.version} could not be saved: ${error instanceof Error ? error.message : String(error)}`));
        this.slots.retire(grace.window.newModel);
        const index = this.history.findIndex((entry) => entry.id === grace.rotationId);
        const record = this.history[index];
        if (!record) return;
        const rolled: RotationRecord = {
            ...record, outcome: 'rolled-back' satisfies RotationOutcome, code: verdict.code, reason: verdict.reason, grace: grace.window.snapshot,
            stages: [...record.stages, { stage: 'rolled-back', at: this.now().toISOString() }]
        };
        this.history[index] = rolled;
        this.publish(rolled);
    }

    private endGrace(): void {
        const grace = this.grace;
        if (!grace) return;
        clearTimeout(grace.timer);
        this.grace = undefined;
        this.slots.retire(grace.window.oldModel);
        const index = this.history.findIndex((entry) => entry.id === grace.rotationId);
        const record = this.history[index];
        if (record) {
            this.history[index] = { ...record, grace: grace.window.snapshot };
            this.publish(this.history[index] as RotationRecord);
        }
    }

    private finish(record: RotationRecord): void {
        this.busy = undefined;
        this.history.push(record);
        if (this.history.length > 50) this.history.shift();
        this.publish(record);
    }

    private persist(): Promise<void> {
        return this.options.state.save({ activeVersion: this.activeVersion, rolledBack: [...this.rolledBack].sort((a, b) => a - b), updatedAt: this.now().toISOString() });
    }

    private publish(rotation: RotationRecord): void {
        this.emit({ type: 'rotation', rotation });
    }

    private emit(event: ServiceEvent): void {
        for (const listener of this.listeners) listener(event);
    }

    private now(): Date {
        return this.options.now?.() ?? new Date();
    }
}

/** Resolves on the next turn of the event loop, after pending I/O callbacks (incoming requests). */
function nextTurn(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
