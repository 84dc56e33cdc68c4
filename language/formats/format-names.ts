// Which numeric formats exist is the engine's knowledge (engine/numeric). The language asks it
// through this one function, so a format the engine adds is accepted here without a change.
import type { FormatDecl, FormatSpec, PhgFile } from '../generated/ast.js';
import { isFormatDecl } from '../generated/ast.js';
import { canonicalFormatName } from './format-spelling.js';

/** A format spelling as written: `posit<16>`, `bposit<32>`, `float32`, `posit16`. */
export function formatSpellingOf(spec: FormatSpec): string {
    // A half-typed `format` setting may have no family yet: it spells nothing.
    const family = spec.family ?? '';
    return spec.params.length > 0 ? `${family}<${spec.params.join(', ')}>` : family;
}

/** The canonical name of a format spec, following `format p16 = posit<16>` aliases; undefined if unknown. */
export function resolveFormat(spec: FormatSpec | undefined, root: PhgFile, seen: Set<FormatDecl> = new Set()): string | undefined {
    if (!spec?.family) return undefined;
    if (spec.params.length === 0) {
        const alias = root.declarations.find((declaration): declaration is FormatDecl => isFormatDecl(declaration) && declaration.name === spec.family);
        if (alias && !seen.has(alias)) {
            seen.add(alias);
            return resolveFormat(alias.spec, root, seen);
        }
    }
    return canonicalFormatName(formatSpellingOf(spec));
}
