// A graph in a format the engine cannot execute is refused once per format, with the reason and
// what to use instead — not once per node, and not followed by a byte-size complaint per node.
import { describe, expect, it } from 'vitest';
import { Program } from '../../../../engine/exec/program.js';
import { GraphBuilder } from '../support/graph-builder.js';

describe('Program.compile on formats it cannot execute', () => {
    it('refuses a posit<64> graph with one problem that names a 32-bit alternative', () => {
        const graph = new GraphBuilder('posit<64>').input('x', [4]).param('W', [4, 3]).param('b', [3])
            .op('matmul', ['x', 'W'], 'h').op('add', ['h', 'b'], 'y').build(['y']);
        const compiled = Program.compile(graph, 'quire');
        expect(compiled).not.toBeInstanceOf(Program);
        const problems = (compiled as { problems: { message: string }[] }).problems.map((problem) => problem.message);
        expect(problems).toEqual([
            'posit<64> tensors are not supported by the engine yet: their 64-bit patterns need BigInt arrays the kernels do not take (the format itself works in phg num); use a 32-bit format such as posit<32> or bposit<32>'
        ]);
    });

    it('compiles the same graph in posit<32>', () => {
        const graph = new GraphBuilder('posit<32>').input('x', [4]).param('W', [4, 3]).param('b', [3])
            .op('matmul', ['x', 'W'], 'h').op('add', ['h', 'b'], 'y').build(['y']);
        expect(Program.compile(graph, 'quire')).toBeInstanceOf(Program);
    });
});
