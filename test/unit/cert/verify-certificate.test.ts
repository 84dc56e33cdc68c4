import { describe, expect, it } from 'vitest';
import { describeChange } from '../../../engine/attest/structure-diff.js';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore } from '../../../engine/signing/trust-store.js';
import { CertificateCode } from '../../../engine/verify/certificate-codes.js';
import { failedCodes, reportPassed } from '../../../engine/verify/verification-report.js';
import { verifyCertificate } from '../../../engine/verify/verify-certificate.js';
import { patchGraph } from './ir-fixtures.js';
import { createSignedWorkspace, currentModelOf } from './signed-store.js';

describe('verifying a certificate', () => {
    const workspace = createSignedWorkspace(0);

    it('passes signer, signature and structure for an unchanged source', () => {
        const { report, predicate } = verifyCertificate(workspace.certificateFile, workspace.certificateBytes, workspace.trust, workspace.current);
        expect(report.checks.map((check) => [check.id, check.status])).toEqual([['signer', 'passed'], ['signature', 'passed'], ['structure', 'passed']]);
        expect(reportPassed(report)).toBe(true);
        expect(predicate?.model).toBe('Mlp');
        expect(predicate?.interface.inputs.map((input) => `${input.name} ${input.shape.join('×')} ${input.dimension} ${input.format}`)).toEqual(['x 64 Intensity posit<16>']);
    });

    it('is stale (PHG5001) when the source\'s structure changed, naming the change', () => {
        const changed = patchGraph(workspace.graph, { nodes: { W2: { shape: [32, 12] } } });
        const { report } = verifyCertificate(workspace.certificateFile, workspace.certificateBytes, workspace.trust, currentModelOf(changed));
        expect(failedCodes(report)).toEqual([CertificateCode.stale]);
        const structure = report.checks.find((check) => check.id === 'structure');
        expect(structure?.message).toBe('stale: W2 shape 32×10 → 32×12');
        expect(structure?.changes?.map(describeChange)).toEqual(['W2 shape 32×10 → 32×12']);
    });

    it('rejects a signer missing from the trust store (PHG5003)', () => {
        const strangers = addTrustedKey(emptyTrustStore, generateSigningKey().publicKey, 'someone else', 'now').store;
        const { report } = verifyCertificate(workspace.certificateFile, workspace.certificateBytes, strangers, workspace.current);
        expect(failedCodes(report)).toEqual([CertificateCode.untrustedSigner]);
        expect(report.checks.find((check) => check.id === 'structure')?.status).toBe('skipped');
    });

    it('rejects an edited predicate (PHG5002) even when the JSON stays valid', () => {
        const envelope = JSON.parse(workspace.certificateBytes.toString()) as { payload: string };
        const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as { predicate: { checks: { passed: boolean }[] } };
        const first = statement.predicate.checks[0];
        if (first) first.passed = false;
        const forged = Buffer.from(workspace.certificateBytes.toString().replace(envelope.payload, Buffer.from(JSON.stringify(statement)).toString('base64')));
        const { report } = verifyCertificate(workspace.certificateFile, forged, workspace.trust, workspace.current);
        expect(failedCodes(report)).toEqual([CertificateCode.signatureInvalid]);
    });

    it('reports staleness as skipped, not passed, when the source is unavailable', () => {
        const { report } = verifyCertificate(workspace.certificateFile, workspace.certificateBytes, workspace.trust, undefined);
        expect(report.checks.find((check) => check.id === 'structure')?.status).toBe('skipped');
        expect(reportPassed(report)).toBe(false);
    });
});
