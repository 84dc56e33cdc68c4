// One row per finished epoch, newest last, with @vscode-elements' table.
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { EpochRecord } from '../../training/run-state.js';
import { formatAccuracy, formatBytes, formatDuration, formatLoss } from '../../training/format.js';
import { h, replaceChildren } from '../dom.js';

const COLUMNS = ['epoch', 'loss', 'accuracy', 'train acc.', 'time', 'peak memory'];

/** Renders the epoch table into `container`; returns the number of rows. */
export function renderEpochTable(container: HTMLElement, epochs: readonly EpochRecord[]): number {
    if (epochs.length === 0) {
        replaceChildren(container, h('p', { class: 'empty' }, 'No epoch has finished yet.'));
        return 0;
    }
    const header = h('vscode-table-header', { slot: 'header' }, ...COLUMNS.map((c) => h('vscode-table-header-cell', {}, c)));
    const rows = epochs.map((e) => h('vscode-table-row', { 'data-epoch': String(e.epoch) },
        h('vscode-table-cell', {}, String(e.epoch)),
        h('vscode-table-cell', {}, formatLoss(e.loss)),
        h('vscode-table-cell', {}, formatAccuracy(e.accuracy)),
        h('vscode-table-cell', {}, e.trainAccuracy === undefined ? '—' : formatAccuracy(e.trainAccuracy)),
        h('vscode-table-cell', {}, formatDuration(e.ms)),
        h('vscode-table-cell', {}, formatBytes(e.memory.peak))));
    replaceChildren(container, h('vscode-table', { zebra: '', 'bordered-rows': '', 'min-column-width': '8' }, header, h('vscode-table-body', { slot: 'body' }, ...rows)));
    return rows.length;
}
