// What every step stands on (docs/memory.md, "Always live"): the scratch arena, one quire per
// numeric format, the constants and the parameters; training adds the optimizer state and, when
// the state's format is none of the graph's, a quire for it. Allocated before the first step and
// held for the whole run, in the order the engine allocates them.
import { parseFormat } from '../../engine/numeric/index.js';
import { elementCount } from '../../engine/ir/shapes.js';
import type { ByteLedger } from './byte-ledger.js';
import type { GraphFacts } from './graph-facts.js';
import { arenaOf } from './scratch-arena.js';
import type { ArenaSize } from './plan-types.js';
import type { PlanSettings, PlannedMode } from './plan-types.js';

/** Allocates the floor of a mode into the ledger; returns the arena and what sizes it. */
export function allocateFloor(ledger: ByteLedger, facts: GraphFacts, mode: PlannedMode, settings: PlanSettings): ArenaSize {
    ledger.at({ phase: 'floor' });
    const arena = arenaOf(facts, mode, settings.batch);
    ledger.allocate('arena', 'quire', arena.bytes, 'arena', arena.sizedBy?.edge);
    for (const format of facts.formats) ledger.allocate(`quire:${format.name}`, 'quire', quireBytes(format.quireBits), 'quire');
    const graph = facts.graph;
    for (const node of graph.nodes) if (node.role === 'constant') ledger.allocate(`v:${node.name}`, 'param', facts.bytesAt(node, settings.batch), 'constant', node.name);
    const params = graph.nodes.filter((node) => node.role === 'param');
    for (const node of params) ledger.allocate(`v:${node.name}`, 'param', facts.bytesAt(node, settings.batch), 'param', node.name);
    if (mode === 'inference' || params.length === 0) return arena;
    const stateFormat = parseFormat(settings.stateFormat ?? params[0]!.format);
    if (stateFormat === undefined) throw new Error(`planner: unknown state format ${settings.stateFormat ?? params[0]!.format}`);
    if (!facts.formats.some((format) => format.name === stateFormat.name)) ledger.allocate(`quire:${stateFormat.name}:optimizer`, 'quire', quireBytes(stateFormat.quireBits), 'quire');
    for (const node of params) {
        for (let j = 0; j < settings.stateTensorsPerParam; j++) ledger.allocate(`state:${node.name}:${j}`, 'state', stateFormat.bytes * elementCount(node.shape), 'state', node.name);
    }
    return arena;
}

/** Bytes of one quire of a format. */
export function quireBytes(quireBits: number): number {
    return Math.ceil(quireBits / 8);
}
