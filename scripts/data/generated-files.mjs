// Writing the generated data files, or (with --check) telling which committed ones no longer match
// their generator: the tests run every generator with --check, so a data set cannot drift from
// the code that documents how it was made.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes `files` (path below `root` → CSV text), or with `--check` on the command line compares them
 * with the committed files; exits 1 when any differs, after naming each one.
 */
export function writeOrCheckGeneratedFiles(root, files) {
    const check = process.argv.includes('--check');
    let stale = 0;
    for (const [path, text] of Object.entries(files)) {
        const target = join(root, path);
        if (check) {
            let current = '';
            try { current = readFileSync(target, 'utf8'); } catch { current = ''; }
            if (current !== text) { console.error(`${path} differs from its generator`); stale++; }
            continue;
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
        console.log(`${path}: ${text.split('\n').length - 1} rows`);
    }
    if (stale > 0) process.exit(1);
}

/** CSV text of `rows` (each already a comma-joined line), newline-terminated. */
export function csvText(rows) {
    return rows.join('\n') + '\n';
}

/** Fixed significant digits, so the CSV text does not depend on float formatting details. */
export function csvNumber(x) {
    return Number(x.toPrecision(7)).toString();
}
