// A diagnostic of the design-time analyses (PHG4xxx): a language diagnostic with the quick fixes
// that resolve it, computed with it so the editor offers exactly what the message suggests.
import type { PhgDiagnostic } from '../analysis/analysis-types.js';
import type { QuickFix } from './setting-edits.js';

/** A PHG4xxx diagnostic and its quick fixes. */
export interface DesignDiagnostic extends PhgDiagnostic {
    readonly fixes: readonly QuickFix[];
}
