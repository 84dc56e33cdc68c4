// What makes up a planned peak, in words a budget diagnostic can quote: the class that dominates
// and what it holds ("the tape: 8 values kept for backward × batch 32 = 3.1 MiB").
import { formatByteSize } from './byte-size.js';
import { peakClasses, type ModePlan, type PeakClass } from './plan-types.js';

/** The largest class at a peak, its bytes and a sentence about it. */
export interface DominantShare {
    readonly memoryClass: PeakClass;
    readonly bytes: number;
    readonly text: string;
}

/**
 * The class that dominates a peak — or, given `beyond`, the class that grows most beyond that
 * other peak (what training adds to inference); `nameOf` shows an IR node as the user wrote it.
 */
export function dominantShare(plan: ModePlan, batch: number, nameOf: (node: string) => string, beyond?: ModePlan): DominantShare {
    const excess = (memoryClass: PeakClass): number => plan.byClass[memoryClass] - (beyond?.byClass[memoryClass] ?? 0);
    const memoryClass = [...peakClasses].sort((a, b) => excess(b) - excess(a))[0]!;
    const bytes = plan.byClass[memoryClass];
    const buffers = plan.atPeak.filter((buffer) => buffer.memoryClass === memoryClass);
    const size = formatByteSize(bytes);
    const values = (count: number): string => `${count} ${count === 1 ? 'value' : 'values'}`;
    const named = buffers.flatMap((buffer) => (buffer.node !== undefined ? [`\`${nameOf(buffer.node)}\``] : [])).slice(0, 3);
    const examples = named.length > 0 ? ` (${named.join(', ')}${buffers.length > named.length ? ', …' : ''})` : '';
    switch (memoryClass) {
        case 'tape':
            return { memoryClass, bytes, text: `the tape: ${values(buffers.length)} kept for backward × batch ${batch} = ${size}${examples}` };
        case 'activation':
            return { memoryClass, bytes, text: `activations: ${values(buffers.length)} live at once × batch ${batch} = ${size}${examples}` };
        case 'tangent':
            return { memoryClass, bytes, text: `tangents: ${values(buffers.length)} beside their primals × batch ${batch} = ${size}${examples}` };
        case 'gradient':
            return { memoryClass, bytes, text: `gradients: ${buffers.length} ${buffers.length === 1 ? 'buffer' : 'buffers'} = ${size}${examples}` };
        case 'param':
            return { memoryClass, bytes, text: `the parameters and constants: ${size}${examples}` };
        case 'state':
            return { memoryClass, bytes, text: `the optimizer state: ${size}${examples}` };
        case 'quire': {
            const sizedBy = plan.arena.sizedBy;
            const rule = sizedBy === undefined ? '' : sizedBy.rule === 'forward' ? '' : sizedBy.rule === 'gradient' ? 'the gradient of ' : 'the tangent of ';
            const where = sizedBy !== undefined ? ` (float64 scratch for ${rule}\`${nameOf(sizedBy.edge)}\` at batch ${batch})` : '';
            const accumulation = plan.accumulation;
            const accumulators = accumulation !== undefined && accumulation.accumulatorTotal > 0
                ? `; the accumulators of accumulate_steps ${accumulation.steps}${accumulation.workers > 1 ? ` on ${accumulation.workers} workers` : ''} hold ${formatByteSize(accumulation.accumulatorTotal)} of it`
                : '';
            return { memoryClass, bytes, text: `kernel scratch and quires: ${size}${where}${accumulators}` };
        }
    }
}
