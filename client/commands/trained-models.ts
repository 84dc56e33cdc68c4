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
