// Which students a .phg file distils, read from its text (as trained-models.ts reads train blocks).

/**
 * The students of a file's distill blocks, in order: the names after `distill` in
 * `distill Clinic from Mlp on clinic_set`. A textual scan; the CLI reports a wrong block precisely.
 */
export function distilledStudents(text: string): string[] {
    const names = [...text.matchAll(/^[ \t]*distill[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+from\b/gm)].map((m) => m[1] ?? '');
    return [...new Set(names.filter((n) => n !== ''))];
}
