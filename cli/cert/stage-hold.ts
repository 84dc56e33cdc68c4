// Fault injection for crash-safety tests: `PHG_TEST_HOLD_STAGE=loading:30000` makes a rotation
// wait 30 s on entering `loading`, so a test can kill the process at a known stage. Unset in
// normal use; it only ever delays, it never changes an outcome.
import type { RotationStage } from '../../engine/serve/rotation-types.js';

const holdable: readonly RotationStage[] = ['received', 'verifying', 'loading', 'warming', 'switching'];

/** The hold a `STAGE:MS` setting asks for, or undefined (and a message when it is malformed). */
export function stageHoldFromSetting(setting: string | undefined): { readonly hold?: (stage: RotationStage) => Promise<void>; readonly problem?: string } {
    if (!setting) return {};
    const match = /^([a-z-]+):([0-9]+)$/.exec(setting);
    const stage = match?.[1] as RotationStage | undefined;
    if (!match || !stage || !holdable.includes(stage)) return { problem: `PHG_TEST_HOLD_STAGE must be STAGE:MS with STAGE one of ${holdable.join(', ')} (got '${setting}')` };
    const ms = Number(match[2]);
    return { hold: (entered) => (entered === stage ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()) };
}
