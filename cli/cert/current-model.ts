// The current source's model, lowered to the PHG IR: what certificates and versions are checked
// against for staleness, and what `phg certify` signs.
import type { CurrentModel } from '../../engine/verify/verify-certificate.js';

/** The lowered model of `file`, or why it is not available. */
export async function currentModelFromSource(file: string, model: string): Promise<{ readonly ok: true; readonly model: CurrentModel } | { readonly ok: false; readonly message: string }> {
    return { ok: false, message: `cannot check ${model} in ${file} against its source: lowering .phg models to the PHG IR is not available in this build yet` };
}
