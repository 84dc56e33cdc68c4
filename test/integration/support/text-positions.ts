// LSP positions (zero-based line and UTF-16 character) of places in a document's text, for tests
// that ask the server about a spot they name by its text.
import type { Position } from 'vscode-languageserver-protocol/node';

/** The position of character `offset` of `text`. */
export function positionAt(text: string, offset: number): Position {
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position `offset` characters into the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, offset = 0): Position {
    const index = text.indexOf(needle);
    if (index < 0) throw new Error(`'${needle}' is not in the text`);
    return positionAt(text, index + offset);
}
