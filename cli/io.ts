/** Where a command reads and writes: the process in real use, buffers in tests. */
export interface CliIO {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly stdin: () => AsyncIterable<string>;
    readonly cwd: string;
    /** Whether stdout is an interactive terminal (progress bars, colours). */
    readonly interactive: boolean;
}

/** The real process's streams. */
export function processIO(): CliIO {
    // `phg … | head` closes the pipe early: that is the reader's choice, not an error of ours.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
            throw error;
        });
    }
    return {
        stdout: (text) => { process.stdout.write(text); },
        stderr: (text) => { process.stderr.write(text); },
        stdin: () => readLines(process.stdin),
        cwd: process.cwd(),
        interactive: process.stdout.isTTY === true
    };
}

async function* readLines(stream: NodeJS.ReadableStream): AsyncIterable<string> {
    const { createInterface } = await import('node:readline');
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) yield line;
}
