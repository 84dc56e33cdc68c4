// Builds a small signed workspace for verification tests: a certificate of the MLP fixture and a
// store of three signed versions chained to each other, each with a small weights file.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signCertificate } from '../../../engine/attest/certificate.js';
import { certificatePredicateFor } from '../../../engine/attest/certificate-from-ir.js';
import { modelInterface, structureDigest } from '../../../engine/attest/ir-structure.js';
import { signVersion } from '../../../engine/attest/sign-version.js';
import { versionDirectory } from '../../../engine/attest/version-files.js';
import type { IrGraph } from '../../../engine/ir/types.js';
import { generateSigningKey, type SigningKey } from '../../../engine/signing/keys.js';
import { addTrustedKey, emptyTrustStore, type TrustStore } from '../../../engine/signing/trust-store.js';
import type { CurrentModel } from '../../../engine/verify/verify-certificate.js';
import { currentModelOf } from '../../../engine/verify/current-model.js';
import { loadIrFixture } from './ir-fixtures.js';

/** A signed workspace on disk. */
export interface SignedWorkspace {
    readonly root: string;
    readonly versionsDirectory: string;
    readonly certificateFile: string;
    readonly certificateBytes: Buffer;
    readonly key: SigningKey;
    readonly trust: TrustStore;
    readonly graph: IrGraph;
    readonly current: CurrentModel;
}

/** Bytes of a weights file: `size` deterministic pseudo-random bytes for version `version`. */
export function weightsBytes(version: number, size: number): Buffer {
    const bytes = Buffer.alloc(size);
    let state = 0x9e3779b9 ^ version;
    for (let index = 0; index < size; index++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        bytes[index] = state >>> 24;
    }
    return bytes;
}

export { currentModelOf };

/** Creates a workspace with a signed certificate and `versions` signed versions. */
export function createSignedWorkspace(versions: number, weightsSize = 96, weightsFor: (version: number) => Buffer = (version) => weightsBytes(version, weightsSize), pinCertificate = true): SignedWorkspace {
    const root = mkdtempSync(join(tmpdir(), 'phg-signed-'));
    const graph = loadIrFixture('mlp.ir.json');
    const key = generateSigningKey();
    const trust = addTrustedKey(emptyTrustStore, key.publicKey, 'test', '2025-01-01T00:00:00.000Z').store;
    const predicate = certificatePredicateFor({
        graph,
        sourcePath: 'mlp.phg',
        sourceBytes: Buffer.from('model Mlp { }\n'),
        checks: [{ name: 'dimensions', passed: true, problems: 0 }, { name: 'shapes', passed: true, problems: 0 }],
        memoryPlan: { inferenceBytes: 5000, trainingBytes: { backprop: 20000, forward: 9000 }, ratio: 1.8, budget: null },
        toolVersion: '0.0.0-test',
        issuedAt: '2025-01-01T00:00:00.000Z'
    });
    const certificateBytes = signCertificate(predicate, key);
    const certificateFile = join(root, 'Mlp.phgcert');
    writeFileSync(certificateFile, certificateBytes);
    const versionsDirectory = join(root, '.phg', 'versions');
    const workspace: SignedWorkspace = { root, versionsDirectory, certificateFile, certificateBytes, key, trust, graph, current: currentModelOf(graph) };
    for (let version = 1; version <= versions; version++) addSignedVersion(workspace, version, weightsFor(version), workspace.key, workspace.graph, pinCertificate);
    return workspace;
}

/** Writes version `version` with these weights and signs it (with `key`, default the workspace's). */
export function addSignedVersion(workspace: SignedWorkspace, version: number, weights: Buffer, key: SigningKey = workspace.key, graph: IrGraph = workspace.graph, pinCertificate = true): void {
    const directory = versionDirectory(workspace.versionsDirectory, version);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'weights.bin'), weights);
    const signed = signVersion(workspace.versionsDirectory, {
        model: graph.model, version, structureHash: structureDigest(graph), weightsFile: 'weights.bin',
        interface: modelInterface(graph),
        training: { seed: 7, epochs: version, format: 'posit<16>' }, metrics: { accuracy: 0.9 + version / 100 },
        createdAt: `2025-01-${String(version).padStart(2, '0')}T00:00:00.000Z`
    }, key, graph === workspace.graph && pinCertificate ? workspace.certificateBytes : undefined);
    if (!signed.ok) throw new Error(signed.message);
}
