// The structure hash of a spiking model: SHA-256 of the canonical JSON (RFC 8785) of its spec and
// the format of its state, as `sha256:<hex>` like the IR's structure hash. The spec holds sizes,
// wiring, synapse models and the constants of the dynamics, so any change that changes what the
// weights mean changes the hash; initial weight ranges are left out (weights of any
// initialisation fit the same structure), and so are comments and layout of the source.
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../signing/canonical-json.js';
import type { SpikingNetworkSpec } from './network-spec.js';

/** `sha256:<hex>` of a spiking model's structure in the format `formatName`. */
export function spikingStructureHash(spec: SpikingNetworkSpec, formatName: string): string {
    const layers = spec.layers.map(({ init: _init, ...layer }) => layer);
    const canonical = canonicalJson(JSON.parse(JSON.stringify({ kind: 'spiking', format: formatName, model: spec.model, input: spec.input, layers, plasticity: spec.plasticity, output: spec.output })) as JsonValue);
    return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}
