// Which source file a certificate says it certifies (its second in-toto subject, the source path
// relative to the workspace root). Two files in one folder may both declare `model Mlp`; the
// `Mlp.phgcert` beside them belongs to the one it names. Read, not verified: a certificate that
// cannot be read at all is claimed by every model of its name, so its problems are shown.
import { relative, sep } from 'node:path';
import { certificatePredicateType, decodeCertificatePredicate } from '../../engine/attest/certificate.js';
import { parseStatement } from '../../engine/attest/statement.js';
import { openEnvelope } from '../../engine/signing/dsse.js';

/** The source path (workspace-relative, `/`-separated) a certificate names, if it can be read. */
export function certifiedSourcePath(bytes: Uint8Array): string | undefined {
    const opened = openEnvelope(bytes);
    if (!opened.ok) return undefined;
    const statement = parseStatement(opened.opened.payloadBytes, certificatePredicateType);
    if (!statement.ok) return undefined;
    const predicate = decodeCertificatePredicate(statement.statement.predicate);
    return predicate.ok ? predicate.value.source.path : undefined;
}

/** Whether certificate bytes belong to the source at `sourcePath` under workspace `root`. */
export function certifiesSource(bytes: Uint8Array, root: string, sourcePath: string): boolean {
    const named = certifiedSourcePath(bytes);
    return named === undefined || named === relative(root, sourcePath).split(sep).join('/');
}
