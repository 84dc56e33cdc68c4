import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore } from '../../../engine/signing/trust-store.js';
import { certificateStatus } from '../../../engine/verify/certificate-status.js';
import { newestVersionPinning } from '../../../engine/verify/certified-version.js';
import { patchGraph } from './ir-fixtures.js';
import { createSignedWorkspace, currentModelOf } from './signed-store.js';

describe('the certificate status the editor shows', () => {
    const workspace = createSignedWorkspace(3);
    const fingerprint = workspace.key.publicKey.fingerprint;

    it('labels a valid certificate with its newest pinning version and key', () => {
        const version = newestVersionPinning(workspace.versionsDirectory, workspace.certificateBytes);
        expect(version).toBe(3);
        const status = certificateStatus({ model: 'Mlp', certificateBytes: workspace.certificateBytes, trust: workspace.trust, current: workspace.current, certifiedVersion: version });
        expect(status).toEqual({ state: 'certified', label: `✓ certified v3 · key ${fingerprint.slice(0, 4)}…`, signer: fingerprint, diagnostics: [] });
    });

    it('labels a stale certificate with the first named change and puts PHG5001 on each changed declaration', () => {
        const wider = patchGraph(workspace.graph, { nodes: { W2: { shape: [32, 12] }, b2: { shape: [12] }, '%3': { shape: [12] }, '%4': { shape: [12] }, y: { shape: [12] } } });
        const status = certificateStatus({ model: 'Mlp', certificateBytes: workspace.certificateBytes, trust: workspace.trust, current: currentModelOf(wider) });
        expect(status.state).toBe('stale');
        expect(status.label).toBe('✗ stale: W2 shape 32×10 → 32×12 (+4 more)');
        expect(status.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.target])).toEqual([
            ['PHG5001', { kind: 'certificate' }],
            ['PHG5001', { kind: 'node', model: 'Mlp', node: 'W2' }],
            ['PHG5001', { kind: 'node', model: 'Mlp', node: 'b2' }],
            ['PHG5001', { kind: 'node', model: 'Mlp', node: 'y' }]
        ]);
        expect(status.diagnostics[1]?.message).toBe('certificate is stale: W2 shape 32×10 → 32×12; re-certify with PHG: Certify Model');
    });

    it('marks an untrusted signer (PHG5003) and a broken signature (PHG5002) on the certificate and the model', () => {
        const strangers = addTrustedKey(emptyTrustStore, generateSigningKey().publicKey, 'x', 'now').store;
        const untrusted = certificateStatus({ model: 'Mlp', certificateBytes: workspace.certificateBytes, trust: strangers, current: workspace.current });
        expect([untrusted.state, untrusted.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.target.kind}`)]).toEqual(['untrusted', ['PHG5003 certificate', 'PHG5003 model']]);
        const broken = Buffer.from(workspace.certificateBytes);
        broken[40] = (broken[40] as number) ^ 1;
        const invalid = certificateStatus({ model: 'Mlp', certificateBytes: broken, trust: workspace.trust, current: workspace.current });
        expect([invalid.state, invalid.label, invalid.diagnostics.map((diagnostic) => diagnostic.code)]).toEqual(['invalid', '✗ certificate signature invalid', ['PHG5002', 'PHG5002']]);
    });

    it('says a model without a certificate is not certified, without diagnostics', () => {
        expect(certificateStatus({ model: 'Mlp', certificateBytes: undefined, trust: workspace.trust, current: workspace.current })).toEqual({ state: 'uncertified', label: '○ not certified · run PHG: Certify Model', diagnostics: [] });
    });
});
