// An in-memory CliIO for running `phg` commands in-process.
import type { CliIO } from '../../../cli/io.js';

/** A CliIO that collects stdout and stderr. */
export function bufferIO(cwd: string): CliIO & { readonly out: string[]; readonly err: string[]; text(): string } {
    const out: string[] = [];
    const err: string[] = [];
    return {
        out, err, cwd, interactive: false,
        stdout: (text) => { out.push(text); },
        stderr: (text) => { err.push(text); },
        stdin: async function* () { /* no input */ },
        text: () => out.join('')
    };
}
