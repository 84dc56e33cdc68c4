// The `phg` command line: one file per command under cli/commands/, dispatched by run-cli.ts.
import '../language/node20-polyfill.js';
import { runCli } from './run-cli.js';
import { processIO } from './io.js';

runCli(process.argv.slice(2), processIO()).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        // A thrown error is a bug in phg, not a user mistake: say so plainly.
        process.stderr.write(`phg: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
        process.exitCode = 70;
    }
);
