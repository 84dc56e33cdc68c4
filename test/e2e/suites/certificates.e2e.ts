// Certificates as a user meets them in VS Code, in a workspace of their own (the `certificates`
// session): Generate Signing Key puts the private key outside the workspace and trusts it; Certify
// Model turns the model's lens into `✓ certified`; widening a layer turns it into `✗ stale: …`
// with PHG5001 on each changed declaration and on the .phgcert; Certify Model makes it valid
// again; Verify Certificate passes every check.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CertifyAnswer, VerificationReportAnswer } from '../../../client/certificates/cli-answers.js';
import type { GeneratedSigningKey } from '../../../client/commands/generate-signing-key.js';
import type { SpecGroup } from '../harness/spec.js';
import { waitFor } from '../harness/wait.js';
import { openInEditor, workspaceFile } from '../harness/workspace.js';

/** The model these specs certify (and the serving specs serve). */
export const CERTIFIED_MODEL_FILE = 'examples/digits.phg';
const CERTIFICATE_FILE = 'examples/Mlp.phgcert';

/** The fingerprint of the key the first spec generated (the lens shows its first 4 digits). */
let fingerprint = '';

/** The digits model with its hidden layer widened from 32 to 48: it checks clean, its structure differs. */
const widenings: readonly (readonly [string, string])[] = [
    ['param  W1 : [64, 32]', 'param  W1 : [64, 48]'], ['param  b1 : [32]', 'param  b1 : [48]'],
    ['param  W2 : [32, 10]', 'param  W2 : [48, 10]'], ['h : [32]<1>', 'h : [48]<1>']
];

/** Replaces each `from` by `to` in the editor, as a user typing would (unsaved). */
async function replaceInEditor(editor: vscode.TextEditor, pairs: readonly (readonly [string, string])[]): Promise<void> {
    const ok = await editor.edit((edit) => {
        const text = editor.document.getText();
        for (const [from, to] of pairs) {
            const at = text.indexOf(from);
            assert.ok(at >= 0, `${from} is in ${editor.document.uri.path}`);
            edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + from.length)), to);
        }
    });
    assert.ok(ok, 'the edit applied');
}

function lineOf(document: vscode.TextDocument, needle: string): number {
    for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(needle)) return line;
    throw new Error(`no line with ${needle}`);
}

/** Waits until the certificate lens on `model Mlp` has a title `accept` accepts, and returns it. */
export async function certificateLens(document: vscode.TextDocument, accept: (title: string) => boolean, what: string): Promise<string> {
    const modelLine = lineOf(document, 'model Mlp');
    let seen: string[] = [];
    return waitFor(`${what} (lenses on the model line: ${JSON.stringify(seen)})`, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
        seen = lenses.filter((lens) => lens.range.start.line === modelLine).map((lens) => lens.command?.title ?? '');
        return seen.find(accept);
    }, 60_000, 250);
}

function codes(uri: vscode.Uri): string[] {
    return vscode.languages.getDiagnostics(uri).map((diagnostic) => `${String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code)}@${diagnostic.range.start.line}`);
}

/** Every file under a folder, relative (for "no private key in the workspace"). */
export function filesUnder(folder: string): string[] {
    return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export const certificateSpecs: SpecGroup = {
    name: 'certificates in the editor',
    specs: [
        {
            name: 'PHG: Generate Signing Key writes the private key outside the workspace (mode 0600) and trusts it in phg.trust.json',
            body: async () => {
                const key = await vscode.commands.executeCommand<GeneratedSigningKey | undefined>('phg.generateSigningKey', { storage: 'file', trust: true });
                assert.ok(key, 'the command returns the key it made');
                assert.deepEqual([key.storage, key.created, key.trusted, /^[0-9a-f]{64}$/.test(key.fingerprint)], ['file', true, true, true]);
                fingerprint = key.fingerprint;
                const privateKey = join(process.env.XDG_CONFIG_HOME ?? '', 'phg', 'keys', 'default.key');
                assert.equal(process.env.XDG_CONFIG_HOME !== undefined && existsSync(privateKey), true, `the key is in the user's config dir: ${privateKey}`);
                assert.equal(statSync(privateKey).mode & 0o777, 0o600);
                const root = workspaceFile('').fsPath;
                assert.deepEqual(filesUnder(root).filter((file) => file.endsWith('.key') || readFileSync(file, 'utf8').includes('PRIVATE KEY')), [], 'no private key in the workspace');
                const trust = JSON.parse(readFileSync(workspaceFile('phg.trust.json').fsPath, 'utf8')) as { keys: { fingerprint: string }[] };
                assert.deepEqual(trust.keys.map((entry) => entry.fingerprint), [fingerprint]);
            }
        },
        {
            name: 'PHG: Certify Model writes Mlp.phgcert and the model’s lens says ✓ certified with the key',
            body: async () => {
                assert.ok(fingerprint !== '', 'the key spec ran first');
                const editor = await openInEditor(CERTIFIED_MODEL_FILE);
                const answer = await vscode.commands.executeCommand<CertifyAnswer | undefined>('phg.certifyModel');
                assert.ok(answer, 'certify answers');
                assert.deepEqual([answer.model, answer.signer, answer.file], ['Mlp', fingerprint, workspaceFile(CERTIFICATE_FILE).fsPath]);
                const lens = await certificateLens(editor.document, (title) => title.startsWith('✓ certified'), 'the ✓ certified lens');
                assert.equal(lens, `✓ certified · key ${fingerprint.slice(0, 4)}…`);
                assert.deepEqual(codes(editor.document.uri), []);
            }
        },
        {
            name: 'widening a layer makes the lens ✗ stale and puts PHG5001 on each changed declaration and on the .phgcert; Certify Model makes it valid again',
            body: async () => {
                const editor = await openInEditor(CERTIFIED_MODEL_FILE);
                const document = editor.document;
                const original = document.getText();
                await replaceInEditor(editor, widenings);
                const stale = await certificateLens(document, (title) => title.startsWith('✗ stale'), 'the ✗ stale lens');
                assert.equal(stale, '✗ stale: W1 shape 64×32 → 64×48 (+5 more)');
                const expected = ['param  W1', 'param  W2', 'param  b1', 'h : [48]'].map((needle) => `PHG5001@${lineOf(document, needle)}`);
                await waitFor('PHG5001 on W1, W2, b1 and h', () => (JSON.stringify(codes(document.uri)) === JSON.stringify(expected) ? true : undefined), 30_000);
                const w1 = vscode.languages.getDiagnostics(document.uri)[0];
                assert.equal(w1?.message, 'certificate is stale: W1 shape 64×32 → 64×48; re-certify with PHG: Certify Model');
                assert.equal(w1?.severity, vscode.DiagnosticSeverity.Warning);
                const certificate = workspaceFile(CERTIFICATE_FILE);
                await waitFor('PHG5001 on Mlp.phgcert', () => (codes(certificate).includes('PHG5001@0') ? true : undefined), 30_000);

                // Certify the widened model (Certify saves the file first): valid again.
                const recertified = await vscode.commands.executeCommand<CertifyAnswer | undefined>('phg.certifyModel');
                assert.equal(recertified?.model, 'Mlp');
                assert.equal(document.isDirty, false);
                await certificateLens(document, (title) => title.startsWith('✓ certified'), 'the ✓ certified lens after re-certifying');
                await waitFor('no PHG5001 left on the model or the certificate', () => (codes(document.uri).length === 0 && codes(certificate).length === 0 ? true : undefined), 30_000);

                // Back to the original model (the serving specs train it), certified again.
                await editor.edit((edit) => edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original));
                await certificateLens(document, (title) => title.startsWith('✗ stale'), 'the lens to go stale against the widened certificate');
                await vscode.commands.executeCommand<CertifyAnswer | undefined>('phg.certifyModel');
                await certificateLens(document, (title) => title === `✓ certified · key ${fingerprint.slice(0, 4)}…`, 'the ✓ certified lens on the original model');
            }
        },
        {
            name: 'PHG: Verify Certificate passes every check of Mlp.phgcert',
            body: async () => {
                await openInEditor(CERTIFIED_MODEL_FILE);
                const reports = await vscode.commands.executeCommand<readonly VerificationReportAnswer[] | undefined>('phg.verifyCertificate');
                assert.ok(reports);
                assert.deepEqual(reports.map((report) => report.subject), [workspaceFile(CERTIFICATE_FILE).fsPath]);
                assert.deepEqual(reports[0]?.checks.map((check) => `${check.id} ${check.status}`), ['signer passed', 'signature passed', 'structure passed']);
            }
        }
    ]
};
