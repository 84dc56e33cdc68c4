// Every `phg.*` setting the extension reads, in one place. package.json `contributes.configuration`
// documents each one; the names here and there must match.
import * as vscode from 'vscode';

/** How `phg train` computes gradients, as the `--gradient` flag spells it. */
export type GradientChoice = 'backprop' | 'forward';

/** Exact or rounded accumulation, as the `--accumulate` flag spells it. */
export type AccumulateChoice = 'quire' | 'rounded';

/** Settings of a training run that override the file's `train` block when set. */
export interface TrainingSettings {
    /** `--epochs`; undefined keeps the train block's. */
    readonly epochs: number | undefined;
    /** `--format`; undefined keeps the train block's. */
    readonly format: string | undefined;
    /** `--accumulate`; undefined keeps the train block's. */
    readonly accumulate: AccumulateChoice | undefined;
    /** K of `forward:K` for "Train with Forward Gradient". */
    readonly forwardTangents: number;
    /**
     * `--lr` of "Train with Forward Gradient" when the train block is tuned for backprop;
     * undefined keeps the block's learning rate.
     */
    readonly forwardLearningRate: number | undefined;
    /** Open the training panel when a run starts. */
    readonly revealPanel: boolean;
}

/** Where the `phg` command line comes from. */
export interface CliSettings {
    /**
     * A Node.js executable to run the bundled CLI with; empty means the editor's own runtime
     * (VS Code's Electron in Node mode, or code-server's Node).
     */
    readonly nodePath: string;
}

const SECTION = 'phg';

function positiveInteger(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function positiveNumber(value: unknown): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads the training settings for a resource (folder settings win over user settings). */
export function readTrainingSettings(scope?: vscode.Uri): TrainingSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const accumulate = config.get<string>('training.accumulate');
    return {
        epochs: positiveInteger(config.get('training.epochs')),
        format: nonEmpty(config.get('training.format')),
        accumulate: accumulate === 'quire' || accumulate === 'rounded' ? accumulate : undefined,
        forwardTangents: positiveInteger(config.get('training.forwardTangents')) ?? 1,
        forwardLearningRate: positiveNumber(config.get('training.forwardLearningRate')),
        revealPanel: config.get<boolean>('training.revealPanel') ?? true
    };
}

/** Reads how to launch the CLI. */
export function readCliSettings(): CliSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return { nodePath: nonEmpty(config.get('cli.nodePath')) ?? '' };
}

/** Where PHG: Generate Signing Key puts a new private key, and which key Certify Model and training sign with. */
export type KeyStorage = 'file' | 'secretStorage';

/** Settings of signing (certificates). */
export interface SigningSettings {
    readonly keyStorage: KeyStorage;
}

/** Settings of a service started from the editor. */
export interface ServingSettings {
    /** `--port`; undefined keeps the deploy block's (else 8088); 0 picks a free port. */
    readonly port: number | undefined;
    /** `--watch`: rotate automatically when training writes a new signed version. */
    readonly watch: boolean;
    /** A fixed rotation token (`PHG_SERVE_TOKEN`); undefined lets phg serve make a random one. */
    readonly token: string | undefined;
    /** How often the Rotation panel polls the service's status, in ms. */
    readonly pollIntervalMs: number;
    /** Open the Rotation panel when a service starts. */
    readonly revealPanel: boolean;
}

/** Reads the signing settings. */
export function readSigningSettings(): SigningSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return { keyStorage: config.get<string>('signing.keyStorage') === 'secretStorage' ? 'secretStorage' : 'file' };
}

/** Reads the serving settings for a resource. */
export function readServingSettings(scope?: vscode.Uri): ServingSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const port = config.get<unknown>('serve.port');
    const interval = config.get<unknown>('serve.pollInterval');
    return {
        port: typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined,
        watch: config.get<boolean>('serve.watch') ?? false,
        token: nonEmpty(config.get('serve.token')),
        pollIntervalMs: typeof interval === 'number' && interval >= 250 ? interval : 1000,
        revealPanel: config.get<boolean>('serve.revealPanel') ?? true
    };
}
