// Hover on multivectors, asked of the BUILT server over stdio (`npm run build` first): a value's
// blade support as grades and blades and the number of coefficients it stores, and the sandwich
// R * p * ~R as one operation. The document is examples/pose.phg.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Position } from 'vscode-languageserver-protocol/node';
import { LspServerProcess } from '../support/lsp-server-process.js';
import { positionOf as positionIn } from '../support/text-positions.js';

const text = readFileSync(new URL('../../../examples/pose.phg', import.meta.url), 'utf8');
const uri = 'file:///workspace/pose.phg';

const positionOf = (needle: string, offset = 0): Position => positionIn(text, needle, offset);

describe('hover on multivectors', () => {
    let server: LspServerProcess;

    beforeAll(async () => {
        server = await LspServerProcess.start();
        expect(await server.openForDiagnostics(uri, text)).toEqual([]);
    });

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
    });

    const hoverText = (position: Position): Promise<string> => server.hoverText(uri, position);

    test('a rotor param shows its support, its stored coefficients and that it is a versor', async () => {
        expect(await hoverText(positionOf('param  R', 7))).toContain('Multivector of `VGA` = Cl(3, 0, 0): grades 0, 2 (1, e12, e13, e23); 4 stored coefficients of 8; a versor');
    });

    test('the output of the sandwich keeps the grade of p', async () => {
        expect(await hoverText(positionOf('output q', 7))).toContain('grade 1 (e1, e2, e3); 3 stored coefficients of 8');
    });

    test('inside the expression, the sandwich is one operation', async () => {
        // The second '*' of `= R * p * ~R` belongs to the whole sandwich.
        const hover = await hoverText(positionOf('= R * p * ~R', 8));
        expect(hover).toContain('One sandwich operation R x ~R');
        expect(hover).toContain('grade 1 (e1, e2, e3)');
    });
});
