import { describe, expect, it } from 'vitest';
import { describeOverrides, trainArguments } from '../../../client/training/train-request.js';

describe('the phg train command line of a request', () => {
    it('is just the file and --json when nothing is overridden', () => {
        expect(trainArguments({ file: '/ws/digits.phg' })).toEqual(['train', '/ws/digits.phg', '--json']);
    });

    it('spells forward gradient with its tangent count and keeps every override', () => {
        expect(trainArguments({ file: '/ws/d.phg', model: 'Mlp', gradient: { mode: 'forward', tangents: 4 }, format: 'posit16', accumulate: 'rounded', epochs: 3 }))
            .toEqual(['train', '/ws/d.phg', '--json', '--model', 'Mlp', '--gradient', 'forward:4', '--format', 'posit16', '--accumulate', 'rounded', '--epochs', '3']);
    });

    it('resumes a run by id', () => {
        expect(trainArguments({ file: '/ws/d.phg', resume: '20261129-160000-a1b2' })).toEqual(['train', '/ws/d.phg', '--json', '--resume', '20261129-160000-a1b2']);
    });

    it('describes overrides as flag and value pairs for the panel', () => {
        expect(describeOverrides({ file: 'f', gradient: { mode: 'backprop' }, epochs: 2 })).toEqual(['--gradient backprop', '--epochs 2']);
    });
});

describe('the learning rate of a request', () => {
    it('is passed as --lr and shown as an override', () => {
        const request = { file: '/ws/d.phg', gradient: { mode: 'forward', tangents: 1 }, lr: 0.0005 } as const;
        expect(trainArguments(request)).toEqual(['train', '/ws/d.phg', '--json', '--gradient', 'forward:1', '--lr', '0.0005']);
        expect(describeOverrides(request)).toEqual(['--gradient forward:1', '--lr 0.0005']);
    });
});
