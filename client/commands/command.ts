// The shape of one extension command: its id (as in package.json) and what it does.
import type { PhgContext } from '../context.js';

export interface PhgCommand {
    /** `phg.*`, declared in package.json `contributes.commands` under the category PHG. */
    readonly id: string;
    /** Arguments come from the palette (none), a code lens or an editor-title button. */
    run(context: PhgContext, ...args: unknown[]): unknown;
}
