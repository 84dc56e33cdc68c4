// Splits a child process's text output into lines: `phg train --json` writes one JSON object per
// line, and a chunk from a pipe can end anywhere, even inside a line.

/** Turns arbitrary text chunks into complete lines. */
export class JsonLinesDecoder {
    private pending = '';

    /** Feeds one chunk; returns the lines it completed (without their line break). */
    push(chunk: string): string[] {
        this.pending += chunk;
        const parts = this.pending.split('\n');
        this.pending = parts.pop() ?? '';
        return parts.map(stripCarriageReturn).filter((line) => line.trim() !== '');
    }

    /** Ends the stream: returns a last line that had no line break, if any. */
    end(): string[] {
        const last = stripCarriageReturn(this.pending);
        this.pending = '';
        return last.trim() === '' ? [] : [last];
    }
}

function stripCarriageReturn(line: string): string {
    return line.endsWith('\r') ? line.slice(0, -1) : line;
}
