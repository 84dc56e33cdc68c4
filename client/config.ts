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
        revealPanel: config.get<boolean>('training.revealPanel') ?? true
    };
}

/** Reads how to launch the CLI. */
export function readCliSettings(): CliSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return { nodePath: nonEmpty(config.get('cli.nodePath')) ?? '' };
}
