// Chevrotain recovers from an error inside a repetition (a model's statements, a block's
// settings, a call's arguments) by skipping tokens and re-entering the repetition recursively:
// one more stack level per recovered error. One typo (`v2 = v relu(( @ <m/ 1`) that puts every
// following line of a 3,000-line model in error overflowed the parser's stack, and
// `phg check` crashed on the file. Past a depth, an error ends the repetition instead, and the
// enclosing rule's recovery, which re-synchronises without recursing, takes over.
import type { LangiumCompletionParser, LangiumParser } from 'langium';

/** Recovered errors nested in repetitions before they stop recovering: a tenth of where the parser overflows. */
export const maxRepetitionRecoveryDepth = 128;

/** The two steps of Chevrotain's in-repetition recovery (recoverable.js), public methods of every parser. */
interface RepetitionRecovery {
    tryInRepetitionRecovery(...args: unknown[]): void;
    shouldInRepetitionRecoveryBeTried(...args: unknown[]): boolean;
}

/** Bounds how deeply the parser's in-repetition error recovery may recurse. */
export function limitRepetitionRecovery(parser: LangiumParser | LangiumCompletionParser, limit = maxRepetitionRecoveryDepth): void {
    // Langium keeps the Chevrotain parser in a protected field; the recovery methods are Chevrotain's.
    const chevrotain = (parser as unknown as { readonly wrapper: RepetitionRecovery }).wrapper;
    const tryRecovery = chevrotain.tryInRepetitionRecovery.bind(chevrotain);
    const shouldTry = chevrotain.shouldInRepetitionRecoveryBeTried.bind(chevrotain);
    let depth = 0;
    chevrotain.shouldInRepetitionRecoveryBeTried = (...args: unknown[]): boolean => depth < limit && shouldTry(...args);
    chevrotain.tryInRepetitionRecovery = (...args: unknown[]): void => {
        depth++;
        try {
            tryRecovery(...args);
        } finally {
            depth--;
        }
    };
}
