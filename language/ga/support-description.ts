// How the editor and diagnostics write a blade support: its grades and blades, and what it costs
// (`grades 0, 2 (1, e12, e13, e23)`; hover adds the stored coefficients out of 2^n).
import type { BladeSupport } from '../../engine/ga/blade-support.js';
import type { MultivectorInfo } from './multivector-types.js';

/** `grade 1 (e1, e2, e3)`, `grades 0, 2 (1, e12, e13, e23)`; blades in storage order. */
export function describeSupport(support: BladeSupport): string {
    if (support.size === 0) return 'no blades';
    const grades = support.grades;
    return `${grades.length === 1 ? 'grade' : 'grades'} ${grades.join(', ')} (${support.bladeNames.join(', ')})`;
}

/** The hover line of a multivector: algebra, support, stored coefficients, versor-ness. */
export function supportHover(info: MultivectorInfo): string {
    const support = info.support;
    const algebra = support.algebra;
    const stored = `${support.size} stored coefficient${support.size === 1 ? '' : 's'} of ${algebra.bladeCount}`;
    return `Multivector of \`${info.algebra.name}\` = Cl(${algebra.p}, ${algebra.q}, ${algebra.r}): ${describeSupport(support)}; ${stored}${info.versor ? '; a versor (a sandwich with it keeps grades)' : ''}.`;
}
