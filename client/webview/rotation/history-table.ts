// Every rotation the service went through, newest first: trigger, versions, outcome, the code
// and reason of a rejection or rollback, when it started and how long it took.
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { RotationRecord } from '../../serving/serve-json.js';
import { clockTime, rotationDuration } from '../../serving/rotation-view.js';
import { h, replaceChildren } from '../dom.js';

const COLUMNS = ['#', 'trigger', 'versions', 'outcome', 'code', 'reason', 'started', 'took'];

function row(rotation: RotationRecord): HTMLElement {
    const outcome = rotation.outcome === 'in-progress' ? (rotation.stages.at(-1)?.stage ?? 'received') : rotation.outcome;
    return h('vscode-table-row', { 'data-rotation': String(rotation.id), class: `outcome-${rotation.outcome}` },
        h('vscode-table-cell', {}, String(rotation.id)),
        h('vscode-table-cell', {}, rotation.trigger),
        h('vscode-table-cell', {}, `v${rotation.fromVersion} → v${rotation.toVersion}`),
        h('vscode-table-cell', { class: 'outcome' }, outcome),
        h('vscode-table-cell', {}, rotation.code ?? ''),
        h('vscode-table-cell', { class: 'reason' }, rotation.reason ?? ''),
        h('vscode-table-cell', {}, clockTime(rotation.stages[0]?.at)),
        h('vscode-table-cell', {}, rotationDuration(rotation)));
}

/** Renders the history; returns the number of rows. */
export function renderHistory(container: HTMLElement, rotations: readonly RotationRecord[]): number {
    if (rotations.length === 0) {
        replaceChildren(container, h('p', { class: 'empty' }, 'No rotations yet.'));
        return 0;
    }
    const header = h('vscode-table-header', { slot: 'header' }, ...COLUMNS.map((column) => h('vscode-table-header-cell', {}, column)));
    const body = h('vscode-table-body', { slot: 'body' }, ...[...rotations].reverse().map(row));
    replaceChildren(container, h('vscode-table', { zebra: '', 'bordered-rows': '', 'min-column-width': '4' }, header, body));
    return rotations.length;
}
