// The memory plan of `phg/memoryPlan` as a Markdown table, one section per model: the same
// numbers `phg plan` prints, for the Show Memory Plan command.
import { formatBytes } from '../training/format.js';

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MODES = ['inference', 'backprop', 'forward'] as const;

/** Renders a plan answer; undefined when it has no models in the documented shape. */
export function memoryPlanMarkdown(answer: unknown, file: string): string | undefined {
    const models = isObject(answer) && Array.isArray(answer.models) ? answer.models.filter(isObject) : [];
    if (models.length === 0) return undefined;
    const sections = models.map((model) => {
        const modes = MODES.map((mode) => [mode, model[mode]] as const).filter((entry): entry is readonly [typeof MODES[number], Record<string, unknown>] => isObject(entry[1]));
        const classes = [...new Set(modes.flatMap(([, plan]) => (isObject(plan.byClass) ? Object.keys(plan.byClass) : [])))];
        const header = `| mode | peak | ${classes.join(' | ')} |\n|---|---:|${classes.map(() => '---:').join('|')}|`;
        const rows = modes.map(([mode, plan]) => {
            const byClass = isObject(plan.byClass) ? plan.byClass : {};
            const cells = classes.map((c) => (typeof byClass[c] === 'number' ? formatBytes(byClass[c]) : '—'));
            const label = mode === 'forward' && typeof plan.tangents === 'number' ? `forward(${plan.tangents})` : mode;
            return `| ${label} | ${typeof plan.peak === 'number' ? formatBytes(plan.peak) : '—'} | ${cells.join(' | ')} |`;
        });
        return `## ${String(model.model)} · batch ${String(model.batch)} · ${String(model.format)}\n\n${header}\n${rows.join('\n')}`;
    });
    return `# Memory plan of ${file}\n\nDesign-time plan from the language server (nothing ran).\n\n${sections.join('\n\n')}\n`;
}
