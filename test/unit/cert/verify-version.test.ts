import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CertificateCode } from '../../../engine/verify/certificate-codes.js';
import { failedCodes, reportPassed } from '../../../engine/verify/verification-report.js';
import { verifyVersion } from '../../../engine/verify/verify-version.js';
import { patchGraph } from './ir-fixtures.js';
import { createSignedWorkspace, currentModelOf } from './signed-store.js';

describe('verifying a version', () => {
    it('passes every check of a freshly signed chain of three versions', () => {
        const workspace = createSignedWorkspace(3);
        for (const version of [1, 2, 3]) {
            const { report, record } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version, trust: workspace.trust, current: workspace.current });
            expect(report.checks.map((check) => `${check.id}:${check.status}`)).toEqual(['signer:passed', 'signature:passed', 'version:passed', 'weights:passed', 'chain:passed', 'certificate:passed', 'structure:passed']);
            expect(reportPassed(report)).toBe(true);
            expect(record?.parent?.version ?? null).toBe(version === 1 ? null : version - 1);
        }
    });

    it('breaks the chain (PHG5004) when a parent record is removed', () => {
        const workspace = createSignedWorkspace(3);
        rmSync(join(workspace.versionsDirectory, '2', 'record.json'));
        expect(failedCodes(verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 3, trust: workspace.trust }).report)).toEqual([CertificateCode.chainBroken]);
        expect(failedCodes(verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 2, trust: workspace.trust }).report)).toEqual([CertificateCode.chainBroken]);
    });

    it('refuses a replayed older record in a newer slot (PHG5006)', () => {
        const workspace = createSignedWorkspace(3);
        cpSync(join(workspace.versionsDirectory, '2'), join(workspace.versionsDirectory, '3'), { recursive: true });
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 3, trust: workspace.trust });
        expect(failedCodes(report)).toEqual([CertificateCode.versionNotIncreasing]);
    });

    it('refuses a version that is not newer than the active one (PHG5006)', () => {
        const workspace = createSignedWorkspace(3);
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 2, trust: workspace.trust, activeVersion: 2 });
        expect(failedCodes(report)).toEqual([CertificateCode.versionNotIncreasing]);
    });

    it('finds changed weights (PHG5005) and says which file', () => {
        const workspace = createSignedWorkspace(2);
        const weights = join(workspace.versionsDirectory, '2', 'weights.bin');
        writeFileSync(weights, Buffer.concat([readFileSync(weights), Buffer.from([0])]));
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 2, trust: workspace.trust });
        expect(failedCodes(report)).toEqual([CertificateCode.weightsMismatch]);
        expect(report.checks.find((check) => check.id === 'weights')?.file).toBe(weights);
    });

    it('says an unsigned record needs phg sign-version (PHG5002)', () => {
        const workspace = createSignedWorkspace(1);
        writeFileSync(join(workspace.versionsDirectory, '1', 'record.json'), JSON.stringify({ model: 'Mlp', version: 1 }));
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 1, trust: workspace.trust });
        expect(failedCodes(report)).toEqual([CertificateCode.signatureInvalid]);
        expect(report.checks[0]?.message).toContain('phg sign-version 1');
    });

    it('is stale (PHG5001) against a source whose structure changed since training', () => {
        const workspace = createSignedWorkspace(1);
        const changed = currentModelOf(patchGraph(workspace.graph, { nodes: { h: { format: 'float32' } } }));
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 1, trust: workspace.trust, current: changed });
        expect(failedCodes(report)).toEqual([CertificateCode.stale]);
        expect(report.checks.at(-1)?.message).toBe('stale: h format posit<16> → float32');
    });

    it('refuses a replaced certificate that the record did not pin (PHG5004)', () => {
        const workspace = createSignedWorkspace(1);
        const other = createSignedWorkspace(0);
        writeFileSync(join(workspace.versionsDirectory, '1', 'certificate.phgcert'), other.certificateBytes);
        const { report } = verifyVersion({ versionsDirectory: workspace.versionsDirectory, version: 1, trust: workspace.trust });
        expect(failedCodes(report)).toEqual([CertificateCode.chainBroken]);
    });
});
