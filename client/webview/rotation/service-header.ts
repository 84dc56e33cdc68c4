// The top of the Rotation panel: which service, where it listens, its phase, and the buttons
// (Rotate to Latest, Stop, Show Log). Created once and updated in place: the panel re-renders a
// few times a second and a button replaced under the pointer would swallow the click.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ServiceState } from '../../serving/service-state.js';
import { h, replaceChildren } from '../dom.js';

const PHASE_LABELS: Record<ServiceState['phase'], string> = {
    starting: 'starting', serving: 'serving', stopping: 'stopping', stopped: 'stopped', failed: 'failed'
};

/** The one line under the title: the URL and mode, or why the service is not running. */
export function serviceLine(service: ServiceState): string {
    switch (service.phase) {
        case 'starting':
            return `Starting phg serve ${service.request.file}…`;
        case 'failed':
            return `${service.failure?.code ?? ''} ${service.failure?.message ?? 'phg serve failed'}`.trim();
        case 'stopped':
            return 'Stopped. PHG: Serve Model starts it again.';
        default: {
            const parts = [service.url ?? ''];
            if (service.request.watch) parts.push('watching for new signed versions');
            if (service.canaryRows !== undefined) parts.push(`${service.canaryRows} held-out canary rows`);
            if (service.pollProblem !== undefined) parts.push(`status: ${service.pollProblem}`);
            return parts.filter((part) => part !== '').join(' · ');
        }
    }
}

export class ServiceHeader {
    readonly element = h('header', { id: 'service-header' });
    private readonly title = h('h2', {});
    private readonly phase = h('vscode-badge', { id: 'service-phase' });
    private readonly rotate = h('vscode-button', { id: 'rotate' }, 'Rotate to Latest Version');
    private readonly stop = h('vscode-button', { id: 'stop', secondary: '' }, 'Stop');
    private readonly line = h('p', { id: 'service-line' });

    constructor(onRotate: () => void, onStop: () => void, onShowLog: () => void) {
        const log = h('vscode-button', { id: 'show-log', secondary: '' }, 'Show Log');
        this.rotate.addEventListener('click', onRotate);
        this.stop.addEventListener('click', onStop);
        log.addEventListener('click', onShowLog);
        this.element.append(h('div', { class: 'title-row' }, this.title, this.phase, h('div', { class: 'actions' }, this.rotate, this.stop, log)), this.line);
    }

    update(service: ServiceState): void {
        const name = service.name ?? service.request.model ?? '';
        replaceChildren(this.title, name === '' ? service.request.file : name, h('span', { class: 'file' }, name === '' ? '' : ` · ${service.request.file}`));
        this.phase.className = `phase ${service.phase}`;
        this.phase.textContent = PHASE_LABELS[service.phase];
        const serving = service.phase === 'serving';
        this.rotate.hidden = !serving;
        this.stop.hidden = !serving && service.phase !== 'starting';
        this.line.className = `service-line ${service.phase}`;
        this.line.textContent = serviceLine(service);
    }
}
