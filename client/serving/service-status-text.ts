// What the serving status bar item says: `$(broadcast) Mlp v2 · warming v3` while rotating,
// `$(broadcast) Mlp v2` while idle, and why it stopped. Pure, for the unit tests.
import type { ServiceState } from './service-state.js';

/** The status bar text and tooltip for a service. */
export function describeServiceForStatusBar(state: ServiceState): { readonly text: string; readonly tooltip: string } {
    const name = state.name ?? state.request.model ?? state.request.file;
    switch (state.phase) {
        case 'starting':
            return { text: `$(loading~spin) PHG serve ${name}`, tooltip: `Starting phg serve ${state.request.file}` };
        case 'serving': {
            const version = state.activeVersion !== undefined ? ` v${state.activeVersion}` : '';
            const rotating = state.stage !== 'idle' && state.candidateVersion !== null ? ` · ${state.stage} v${state.candidateVersion}` : '';
            const counters = state.counters !== undefined ? `\n${state.counters.requests} requests, ${state.counters.errors} errors` : '';
            return { text: `$(broadcast) ${name}${version}${rotating}`, tooltip: `${name} at ${state.url ?? '…'}${state.request.watch ? ' (watching for new signed versions)' : ''}${counters}\nClick to open the Rotation panel` };
        }
        case 'stopping':
            return { text: `$(loading~spin) ${name} stopping`, tooltip: 'Stopping phg serve' };
        case 'stopped':
            return { text: `$(circle-slash) ${name} stopped`, tooltip: 'The service was stopped. PHG: Serve Model starts it again.' };
        case 'failed':
            return { text: `$(error) ${name} not serving`, tooltip: `${state.failure?.message ?? 'phg serve failed'}${state.failure ? ` [${state.failure.code}]` : ''}` };
    }
}
