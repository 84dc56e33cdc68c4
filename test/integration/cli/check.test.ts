// `phg check` as a user runs it: the BUILT CLI (`node dist/cli.cjs`, after `npm run build`) on
// the files of test/fixtures/cli/, compared with the expected output files next to them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../../dist/cli.cjs', import.meta.url));
const fixture = (name: string): string => `test/fixtures/cli/${name}`;
const expected = (name: string): string => readFileSync(new URL(`../../fixtures/cli/${name}`, import.meta.url), 'utf8');

/** Runs `phg ARGS...` from the repository root; returns what a terminal would show. */
function phg(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first`);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: repositoryRoot, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('phg check', () => {
    test('a correct model: a one-line summary and exit 0', () => {
        expect(phg('check', fixture('clean.phg'))).toEqual({ status: 0, stdout: '1 file checked, no problems\n', stderr: '' });
    });

    test('a dimension error: file:line:col, the code, the source line, a caret under the range, related notes; exit 1', () => {
        expect(phg('check', fixture('dimension-error.phg'))).toEqual({ status: 1, stdout: expected('dimension-error.expected.txt'), stderr: '' });
    });

    test('the caret line keeps the source line\'s tabs, so the carets sit under the error', () => {
        expect(phg('check', fixture('tabs.phg'))).toEqual({ status: 1, stdout: expected('tabs.expected.txt'), stderr: '' });
    });

    test('--json prints exactly one JSON array of {file, range, severity, code, message, related}', () => {
        const result = phg('check', '--json', fixture('dimension-error.phg'));
        expect(result.status).toBe(1);
        expect(JSON.parse(result.stdout)).toEqual(JSON.parse(expected('dimension-error.expected.json')));
        expect(Object.keys((JSON.parse(result.stdout) as object[])[0] ?? {})).toEqual(['file', 'range', 'severity', 'code', 'message', 'related']);
    });

    test('--json on correct files prints an empty array and exits 0', () => {
        expect(phg('check', fixture('clean.phg'), '--json')).toEqual({ status: 0, stdout: '[]\n', stderr: '' });
    });

    test('a folder checks every .phg file below it, but not a folder named broken', () => {
        expect(phg('check', fixture('folder'))).toEqual({ status: 0, stdout: '2 files checked, no problems\n', stderr: '' });
    });

    test('a folder named broken is checked when named explicitly', () => {
        const result = phg('check', fixture('folder/broken'));
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/^test\/fixtures\/cli\/folder\/broken\/c\.phg:5:34: error PHG1001: /);
    });

    test('a missing file is a one-line message on stderr and exit 2, never a stack trace', () => {
        expect(phg('check', 'no/such/model.phg')).toEqual({ status: 2, stdout: '', stderr: "phg check: cannot read 'no/such/model.phg': no such file or folder\n" });
    });

    test('the files that can be read are still checked when another is missing; the exit code is 2', () => {
        const result = phg('check', fixture('dimension-error.phg'), 'missing.phg');
        expect(result.status).toBe(2);
        expect(result.stdout).toBe(expected('dimension-error.expected.txt'));
        expect(result.stderr).toBe("phg check: cannot read 'missing.phg': no such file or folder\n");
    });

    test('no file, or an unknown option, is a usage error: exit 2 with the usage on stderr', () => {
        const none = phg('check');
        expect(none.status).toBe(2);
        expect(none.stderr).toMatch(/^phg check: no files given\nusage: phg check \[--json\] PATH\.\.\./);
        const unknown = phg('check', '--jsn', fixture('clean.phg'));
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toMatch(/^phg check: unknown option '--jsn'\n/);
    });

    test('phg help lists check', () => {
        expect(phg('help').stdout).toMatch(/\n {2}check +check .phg files and print their diagnostics\n/);
    });
});
