// One row per finished epoch, newest last, with @vscode-elements' table. Rows are appended as
// epochs finish; the table is rebuilt only when the run changes (a new run, a resumed one).
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import type { EpochRecord } from '../../training/run-state.js';
import { formatAccuracy, formatBytes, formatDuration, formatLoss } from '../../training/format.js';
import { h, replaceChildren } from '../dom.js';

const COLUMNS = ['epoch', 'loss', 'validation', 'train acc.', 'time', 'peak memory'];

/** Accuracy for a classifier, mse for a regression. */
function validationCell(e: EpochRecord): string {
    if (e.accuracy !== undefined) return formatAccuracy(e.accuracy);
    return e.validationLoss === undefined ? '—' : `mse ${formatLoss(e.validationLoss)}`;
}

function row(e: EpochRecord): HTMLElement {
    return h('vscode-table-row', { 'data-epoch': String(e.epoch) },
        h('vscode-table-cell', {}, String(e.epoch)),
        h('vscode-table-cell', {}, e.loss < 0 ? '—' : formatLoss(e.loss)),
        h('vscode-table-cell', {}, validationCell(e)),
        h('vscode-table-cell', {}, e.trainAccuracy === undefined ? '—' : formatAccuracy(e.trainAccuracy)),
        h('vscode-table-cell', {}, formatDuration(e.ms)),
        h('vscode-table-cell', {}, formatBytes(e.memory.peak)));
}

/** The epoch table of one panel. */
export class EpochTable {
    readonly element = h('div', { id: 'epochs' });
    private body: HTMLElement | undefined;
    /** The run and epochs the rows show. */
    private shown: { runKey: string; epochs: number[] } = { runKey: '', epochs: [] };

    /** Shows the epochs of a run (identified by `runKey`); returns the number of rows. */
    update(runKey: string, epochs: readonly EpochRecord[]): number {
        const numbers = epochs.map((e) => e.epoch);
        const extendsShown = this.body !== undefined && runKey === this.shown.runKey &&
            numbers.length >= this.shown.epochs.length && this.shown.epochs.every((n, i) => numbers[i] === n);
        if (epochs.length === 0) {
            this.body = undefined;
            replaceChildren(this.element, h('p', { class: 'empty' }, 'No epoch has finished yet.'));
        } else if (extendsShown && this.body !== undefined) {
            this.body.append(...epochs.slice(this.shown.epochs.length).map(row));
        } else {
            this.body = h('vscode-table-body', { slot: 'body' }, ...epochs.map(row));
            const header = h('vscode-table-header', { slot: 'header' }, ...COLUMNS.map((c) => h('vscode-table-header-cell', {}, c)));
            replaceChildren(this.element, h('vscode-table', { zebra: '', 'bordered-rows': '', 'min-column-width': '8' }, header, this.body));
        }
        this.shown = { runKey, epochs: numbers };
        return this.body?.children.length ?? 0;
    }
}
