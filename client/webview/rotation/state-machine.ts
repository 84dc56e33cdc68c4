// The warm-rotation state machine, drawn as boxes in a row (received → verifying → loading →
// warming → switching → active) with the two exits (rejected, rolled back) below; the newest
// rotation's stages light up, the stage it is in now pulses.
import type { RotationRecord } from '../../serving/serve-json.js';
import { clockTime, rotationSummary, stageBoxes, type StageBox } from '../../serving/rotation-view.js';
import { h, replaceChildren } from '../dom.js';

const LABELS: Record<StageBox['stage'], string> = {
    received: 'received', verifying: 'verifying', loading: 'loading', warming: 'warming', switching: 'switching', active: 'active', rejected: 'rejected', 'rolled-back': 'rolled back'
};

function box(entry: StageBox): HTMLElement {
    return h('div', { class: `stage ${entry.light}`, 'data-stage': entry.stage, title: entry.at ?? 'not reached' },
        h('span', { class: 'stage-name' }, LABELS[entry.stage]),
        h('span', { class: 'stage-time' }, clockTime(entry.at)));
}

/** Renders the state machine for the newest rotation (or an idle machine). */
export function renderStateMachine(container: HTMLElement, rotation: RotationRecord | undefined, stage: string): void {
    const boxes = stageBoxes(rotation);
    const main = boxes.slice(0, 6);
    const exits = boxes.slice(6);
    const line = h('div', { class: 'stage-line' });
    main.forEach((entry, index) => {
        if (index > 0) line.append(h('span', { class: `arrow ${entry.light === 'pending' ? '' : 'lit'}` }, '→'));
        line.append(box(entry));
    });
    const exitLine = h('div', { class: 'exit-line' },
        h('span', { class: 'exit-label' }, 'any check fails ↘'), box(exits[0] as StageBox),
        h('span', { class: 'exit-label' }, 'active, then over threshold ↘'), box(exits[1] as StageBox));
    const caption = rotation === undefined
        ? h('p', { id: 'last-rotation', class: 'caption' }, 'No rotation yet. Train and sign a new version, then Rotate to Latest Version.')
        : h('p', { id: 'last-rotation', class: `caption ${rotation.outcome}` }, rotationSummary(rotation), rotation.reason !== undefined ? h('span', { class: 'reason' }, ` — ${rotation.reason}`) : undefined);
    replaceChildren(container, h('p', { id: 'rotation-stage', class: 'current-stage' }, `stage: ${stage}`), line, exitLine, caption);
}
