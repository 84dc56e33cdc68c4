// Which models a .phg file trains, read from its text (no language server round trip needed to
// decide whether to ask the user).

/**
 * The models a file trains, in order: the names after `train` in `train Mlp on train_set`.
 * A textual scan, enough to offer a choice; the CLI reports a wrong or missing model precisely.
 */
export function trainedModels(text: string): string[] {
    const names = [...text.matchAll(/^[ \t]*train[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+on\b/gm)].map((m) => m[1] ?? '');
    return [...new Set(names.filter((n) => n !== ''))];
}

/**
 * The gradient mode the train block of `model` (default: the file's first) declares, by a textual
 * scan of the block's `gradient` line; undefined when the block says nothing (backprop) or is not found.
 */
export function declaredGradient(text: string, model: string | undefined): 'backprop' | 'forward' | undefined {
    const header = [...text.matchAll(/^[ \t]*train[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+on\b[^{\n]*\{/gm)].find((m) => model === undefined || m[1] === model);
    if (header === undefined) return undefined;
    const block = text.slice(header.index + header[0].length).split(/^[ \t]*\}/m)[0] ?? '';
    const mode = /^[ \t]*gradient[ \t]+(backprop|forward)\b/m.exec(block)?.[1];
    return mode === 'backprop' || mode === 'forward' ? mode : undefined;
}
