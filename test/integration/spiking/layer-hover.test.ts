// Hover and code lenses on a spiking model, asked of the BUILT server over stdio (`npm run build`
// first): each state variable of a layer with the dimension the membrane equation gives it, how many
// values it holds and what they cost in the train block's format — STDP traces per neuron, no tape —
// and engine/spiking's memory plan above the model and its train block.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CodeLensRequest, HoverRequest, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { LspServerProcess } from '../support/lsp-server-process.js';
import { positionOf as positionIn } from '../support/text-positions.js';

const text = readFileSync(new URL('../../../examples/spiking-digits.phg', import.meta.url), 'utf8');
const uri = 'file:///workspace/spiking-digits.phg';

const positionOf = (needle: string, offset = 0): Position => positionIn(text, needle, offset);

describe('hover and code lenses on a spiking model', () => {
    let server: LspServerProcess;

    beforeAll(async () => {
        server = await LspServerProcess.start();
        expect(await server.openForDiagnostics(uri, text)).toEqual([]);
    });

    afterAll(async () => {
        expect(await server.stop()).toEqual({ code: 0, signal: null });
    });

    test('lists the state variables with their dimensions and bytes in posit<16>', async () => {
        const hover = await server.request(HoverRequest.type, { textDocument: { uri }, position: positionOf('layer  exc', 8) });
        const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
        expect(value).toContain('**State of layer `exc`** (τ·dv/dt = −(v − v_rest) + R·I) in posit<16>');
        expect(value).toContain('| `v` | membrane potential (stored as v − v_rest) | `<V>` | 100 (per neuron) | 200 B |');
        expect(value).toContain('| `θ` | threshold increase (homeostasis) | `<V>` | 100 (per neuron) | 200 B |');
        expect(value).toContain('| `w` | incoming weights (added to v per presynaptic spike) | `<V>` | 6400 (per synapse) | 12800 B |');
        expect(value).toContain('| `x_pre` | presynaptic STDP trace (decays with tau_plus) | `<1>` | 64 (per presynaptic neuron) | 128 B |');
        expect(value).toContain('| `y_post` | postsynaptic STDP trace (decays with tau_minus) | `<1>` | 100 (per neuron) | 200 B |');
        expect(value).toContain('Learning keeps 264 values beyond inference (STDP traces per neuron, threshold shifts); STDP is local, so there is no tape.');
    });

    test('the code lenses above the model and its train block show the spiking memory plan', async () => {
        const lenses = await server.request(CodeLensRequest.type, { textDocument: { uri } });
        const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
        const plan = 'spiking, STDP (posit<16>): 29.6 KiB (weights 12.5 KiB per synapse, STDP traces 328 B per neuron, thresholds 200 B) · no tape';
        expect(titles.filter((t) => t === plan)).toHaveLength(2);
        expect(titles).toContain('▶ Train');
    });
});
