// One `phg train --json` child process: its stdout becomes typed events (JsonLinesProcess), and
// stopping it sends SIGINT so the CLI saves a checkpoint before it exits.
import type { CliLaunch } from './cli-launch.js';
import { JsonLinesProcess, type JsonLinesProcessListener } from './json-lines-process.js';
import { parseTrainLine, type ParsedTrainLine } from './train-event-parser.js';

/** Callbacks for what `phg train` says and how it ends. */
export type TrainProcessListener = JsonLinesProcessListener<ParsedTrainLine>;

/** A running `phg train`; `input` (a PEM key for `--key -`) goes to its stdin. */
export class TrainProcess extends JsonLinesProcess<ParsedTrainLine> {
    constructor(launch: CliLaunch, listener: TrainProcessListener, input?: string) {
        super(launch, parseTrainLine, listener, input);
    }
}
