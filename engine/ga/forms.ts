// The multilinear form of each geometric-algebra operation over given supports, computed once per
// combination of supports and kept: a training step reuses the same Cayley tables every time. The
// cache is a pure memo (same inputs, same immutable form), so any number of executors and workers
// may share it.
import { supportOf, type BladeSupport } from './blade-support.js';
import { MultilinearForm, mergeMonomials, type RawTerm } from './multilinear-form.js';
import { linearMapTerms, productTerms, sandwichTerms, type BladeProductKind, type LinearMapKind } from './product-terms.js';

/** Operations computed as one multilinear form. */
export type FormOp = BladeProductKind | LinearMapKind | 'sandwich';

/** Operations of two operand slots. */
export const productOps: ReadonlySet<FormOp> = new Set<FormOp>(['geometric_product', 'wedge', 'inner']);
/** Operations of one operand slot. */
export const linearMapOps: ReadonlySet<FormOp> = new Set<FormOp>(['reverse', 'involute', 'conjugate', 'dual', 'undual', 'grade']);

/**
 * One operation over concrete supports. `binding[s]` is the operand slot s reads: a product of a
 * value with itself is `[0, 0]`, the sandwich R x ~R is `[0, 1, 0]`, R x ~S is `[0, 1, 2]`.
 */
export interface FormRequest {
    readonly op: FormOp;
    readonly slots: readonly BladeSupport[];
    readonly binding: readonly number[];
    /** The coefficients to compute; default: every blade the operation can produce. */
    readonly output?: BladeSupport;
}

const cache = new Map<string, MultilinearForm>();

/** The (cached) form of an operation; without `output`, its output is the generic support. */
export function formFor(request: FormRequest): MultilinearForm {
    const key = formKey(request);
    let form = cache.get(key);
    if (form === undefined) {
        const terms = mergeMonomials(rawTerms(request), request.binding);
        const output = request.output ?? supportOf(request.slots[0]!.algebra, terms.map((t) => t.outputBlade));
        form = new MultilinearForm(request.slots, request.binding, output, terms);
        cache.set(key, form);
    }
    return form;
}

/** The support an operation produces when its operands are arbitrary values of their supports. */
export function genericOutputSupport(request: Omit<FormRequest, 'output'>): BladeSupport {
    return formFor(request).output;
}

/** Number of cached forms (for tests of the caching contract). */
export function cachedFormCount(): number {
    return cache.size;
}

function rawTerms(request: FormRequest): RawTerm[] {
    const [a, b, c] = request.slots;
    if (request.op === 'sandwich') return sandwichTerms(a!, b!, c!);
    if (productOps.has(request.op)) return productTerms(request.op as BladeProductKind, a!, b!);
    return linearMapTerms(request.op as LinearMapKind, a!);
}

function formKey(request: FormRequest): string {
    const slots = request.slots.map((s) => s.hex).join(',');
    return `${request.op}|${request.slots[0]!.algebra.key}|${slots}|${request.binding.join(',')}|${request.output?.hex ?? '*'}`;
}
