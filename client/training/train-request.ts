// What a user asks `phg train` (or `phg distill`) to do, and the command line that asks it. The
// flags are those of `phg train FILE [--model M] [--gradient backprop|forward[:K]] [--format NAME]
// [--accumulate quire|rounded] [--epochs N] [--lr LR] [--json] [--resume RUN]`; `phg distill` takes
// the same but --gradient, --lr and --resume, and streams the same events.
import type { AccumulateChoice } from '../config.js';

/** Backprop, or forward gradient with K tangents. */
export type GradientRequest = { readonly mode: 'backprop' } | { readonly mode: 'forward'; readonly tangents: number };

/** One training run as the user asked for it; unset fields keep the file's train block. */
export interface TrainRequest {
    /** Absolute path of the .phg file. */
    readonly file: string;
    readonly model?: string;
    readonly gradient?: GradientRequest;
    readonly epochs?: number;
    readonly format?: string;
    readonly accumulate?: AccumulateChoice;
    /** `--lr`: the optimizer's learning rate (forward gradients need a small one). */
    readonly lr?: number;
    /** Continue this run id from its last checkpoint. */
    readonly resume?: string;
    /** `distill`: train the student of a distill block (`model` is the student). Default `train`. */
    readonly command?: 'train' | 'distill';
}

/** The flags that override the file's train block (shown in the panel as the run's overrides). */
export function overrideFlags(request: TrainRequest): string[] {
    const flags: string[] = [];
    if (request.model !== undefined) flags.push('--model', request.model);
    if (request.gradient !== undefined) {
        flags.push('--gradient', request.gradient.mode === 'backprop' ? 'backprop' : `forward:${request.gradient.tangents}`);
    }
    if (request.format !== undefined) flags.push('--format', request.format);
    if (request.accumulate !== undefined) flags.push('--accumulate', request.accumulate);
    if (request.epochs !== undefined) flags.push('--epochs', String(request.epochs));
    if (request.lr !== undefined) flags.push('--lr', String(request.lr));
    if (request.resume !== undefined) flags.push('--resume', request.resume);
    return flags;
}

/** The arguments of `phg` for a request, always with `--json` for the event stream. */
export function trainArguments(request: TrainRequest): string[] {
    return [request.command ?? 'train', request.file, '--json', ...overrideFlags(request)];
}

/** The overrides as readable pairs for the panel: `--epochs 3` → "--epochs 3". */
export function describeOverrides(request: TrainRequest): string[] {
    const flags = overrideFlags(request);
    const pairs: string[] = [];
    for (let i = 0; i < flags.length; i += 2) pairs.push(`${flags[i]} ${flags[i + 1]}`);
    return pairs;
}
