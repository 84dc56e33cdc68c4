// How `phg verify` prints reports: one line per check, ✓ / ✗ / –, the code on failures.
import { relative } from 'node:path';
import type { VerificationReport } from '../../engine/verify/verification-report.js';

/** The human text of one report. */
export function formatReport(report: VerificationReport, cwd: string): string {
    const lines = [shown(report.subject, cwd)];
    for (const check of report.checks) {
        const mark = check.status === 'passed' ? '✓' : check.status === 'failed' ? '✗' : '–';
        const code = check.code && check.status === 'failed' ? ` [${check.code}]` : '';
        lines.push(`  ${mark} ${check.title}: ${check.message}${code}`);
    }
    return `${lines.join('\n')}\n`;
}

/** A path relative to cwd when inside it. */
export function shown(path: string, cwd: string): string {
    const inside = relative(cwd, path);
    return inside !== '' && !inside.startsWith('..') ? inside : path;
}
