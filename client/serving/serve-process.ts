// One `phg serve --json` child process: its stdout becomes typed events (JsonLinesProcess), and
// stopping it sends SIGINT so the service closes its port and removes its discovery files.
import type { CliLaunch } from '../training/cli-launch.js';
import { JsonLinesProcess, type JsonLinesProcessListener } from '../training/json-lines-process.js';
import { parseServeLine, type ParsedServeLine } from './serve-event-parser.js';

/** Callbacks for what `phg serve` says and how it ends. */
export type ServeProcessListener = JsonLinesProcessListener<ParsedServeLine>;

/** A running `phg serve`. */
export class ServeProcess extends JsonLinesProcess<ParsedServeLine> {
    constructor(launch: CliLaunch, listener: ServeProcessListener) {
        super(launch, parseServeLine, listener);
    }
}
