// The extension reads the CLI's --json answers defensively: a malformed answer is a reason, not a crash.
import { describe, expect, it } from 'vitest';
import { parseCertifyAnswer, parseGeneratedKey, parseLocalKeys, parseRotateAnswer, parseVerifyAnswer } from '../../../client/certificates/cli-answers.js';
import { describeFailure } from '../../../client/certificates/cli-call.js';

describe('reading the CLI’s answers', () => {
    it('reads the answers of certify, keys generate and keys list', () => {
        expect(parseCertifyAnswer('{"file":"/w/Mlp.phgcert","model":"Mlp","structureHash":"ab","signer":"cd","checks":[]}\n')).toEqual({ ok: true, value: { file: '/w/Mlp.phgcert', model: 'Mlp', structureHash: 'ab', signer: 'cd' } });
        expect(parseGeneratedKey('{"name":"default","fingerprint":"f","privateKeyFile":"/k/default.key","publicKeyFile":"/k/default.pub"}')).toMatchObject({ ok: true, value: { fingerprint: 'f' } });
        expect(parseLocalKeys('{"trustStore":"t","trusted":[],"local":[{"name":"default","fingerprint":"f","privateKeyFile":null,"trusted":true}]}')).toEqual({ ok: true, value: [{ name: 'default', fingerprint: 'f', privateKeyFile: null, trusted: true }] });
    });

    it('gives a reason for an answer it cannot read', () => {
        expect(parseCertifyAnswer('')).toEqual({ ok: false, reason: 'the command printed nothing' });
        expect(parseCertifyAnswer('certified Mlp')).toEqual({ ok: false, reason: 'not JSON: certified Mlp' });
        expect(parseCertifyAnswer('{"file":"x"}')).toEqual({ ok: false, reason: 'phg certify answered without file, model, structureHash and signer' });
        expect(parseVerifyAnswer('{"subject":"x"}')).toEqual({ ok: false, reason: 'phg verify did not answer with a list of reports' });
        expect(parseVerifyAnswer('[{"subject":"x","checks":[{"id":"a","title":"t","status":"maybe","message":"m","file":"f"}]}]')).toEqual({ ok: false, reason: 'phg verify answered a report without subject and checks' });
        expect(parseRotateAnswer('{"status":422,"rotation":{"id":"one"}}')).toEqual({ ok: false, reason: 'phg rotate answered a malformed rotation record' });
    });

    it('reads a refused rotation (no rotation record, only the error)', () => {
        expect(parseRotateAnswer('{"status":409,"error":"no version newer than the active version 2"}')).toEqual({ ok: true, value: { status: 409, error: 'no version newer than the active version 2' } });
    });

    it('words a failed command by its first stderr line, without the command prefix and usage', () => {
        expect(describeFailure({ kind: 'exited', code: 2, signal: null, stdout: '', stderr: 'phg certify: no signing key at /home/u/.config/phg/keys/default.key\nusage: phg certify FILE\n' }, 'certify'))
            .toBe('no signing key at /home/u/.config/phg/keys/default.key');
        expect(describeFailure({ kind: 'exited', code: null, signal: 'SIGKILL', stdout: '', stderr: '' }, 'serve')).toBe('phg serve was killed by SIGKILL');
        expect(describeFailure({ kind: 'launch-failed', message: 'could not start /nope: ENOENT' }, 'verify')).toBe('could not start /nope: ENOENT');
    });
});
