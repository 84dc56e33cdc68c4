// Train with Forward Gradient lowers the learning rate (`phg.training.forwardLearningRate`) only
// for a train block tuned for backprop; it reads which one a block is from the file's text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { declaredGradient } from '../../../client/commands/trained-models.js';

const fixture = (path: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');

const twoBlocks = `model A { }
model B { }
train A on data {
  gradient   backprop                // or: forward(tangents: 1)
  optimizer  sgd(lr: 0.05)
}
train B on data {
  optimizer  sgd(lr: 0.0005)
  gradient   forward(tangents: 2)
}
`;

describe('the gradient a train block declares', () => {
    it('is forward for a block tuned for forward gradients', () => {
        expect(declaredGradient(fixture('train-models/digits-forward.phg'), undefined)).toBe('forward');
    });

    it('is backprop for a block that says backprop, even with forward in a comment', () => {
        expect(declaredGradient(fixture('train-models/digits-small.phg'), 'Mlp')).toBe('backprop');
        expect(declaredGradient(twoBlocks, 'A')).toBe('backprop');
    });

    it('is read from the named model’s block, not the first one', () => {
        expect(declaredGradient(twoBlocks, undefined)).toBe('backprop');
        expect(declaredGradient(twoBlocks, 'B')).toBe('forward');
    });

    it('is undefined when the block does not say (the engine’s default, backprop) or there is no such block', () => {
        expect(declaredGradient('train A on data {\n  epochs 3\n}\ntrain B on d {\n  gradient forward(tangents: 1)\n}\n', 'A')).toBeUndefined();
        expect(declaredGradient(twoBlocks, 'C')).toBeUndefined();
    });
});
