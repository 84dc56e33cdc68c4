// Seeded mutations of .phg text for the server's robustness test. Everything derives from one
// seed, so a failing run is reproduced exactly by running again with the seed it printed.

/** A deterministic pseudo-random source (mulberry32). */
export class SeededRandom {
    private state: number;

    constructor(readonly seed: number) {
        this.state = seed >>> 0;
    }

    /** A float in [0, 1). */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    /** An integer in [0, bound). */
    below(bound: number): number {
        return Math.floor(this.next() * bound);
    }

    pick<T>(items: readonly T[]): T {
        const item = items[this.below(items.length)];
        if (item === undefined) throw new Error('pick from an empty list');
        return item;
    }
}

/** The kinds of mutation, named in failure messages. */
export type MutationKind = 'delete' | 'insert-token' | 'insert-noise' | 'swap' | 'truncate' | 'duplicate-line' | 'replace-char';

/** Text fragments that make a mutation likely to hit the grammar's interesting paths. */
const fragments: readonly string[] = [
    'model', 'param', 'input', 'output', 'train', 'data', 'unit', 'dimension', 'format', 'init', 'on', 'like',
    'range', 'loss', 'batch', 'epochs', 'algebra', 'layer', 'plasticity', 'distill', 'deploy',
    '{', '}', '(', ')', '[', ']', '<', '>', '<m/s^2>', '<1/px>', '<kg m / s^2>', '[64, 32]', '[]',
    '=', ':', ',', '.', '..', '@', '+', '-', '*', '/', '^', '~', '9.81', '0', '-1', '1e309', '2<ms>',
    'x', 'W1', 'relu(', 'softmax(', 'pow(x, ', 'sqrt(', '"', '"unterminated', '//', '/*', '*/',
    '\n', '\n\n', '\t', ' ', 'posit<16>', 'bposit<32>', 'class(10)', 'columns 0..63', 'PGA.motor'
];

/** Applies one random mutation; returns the new text and what was done. */
export function mutate(text: string, random: SeededRandom): { text: string; kind: MutationKind } {
    const kind = random.pick<MutationKind>(['delete', 'delete', 'insert-token', 'insert-token', 'insert-noise', 'swap', 'truncate', 'duplicate-line', 'replace-char']);
    const at = random.below(text.length + 1);
    switch (kind) {
        case 'delete': {
            const length = 1 + random.below(Math.min(40, Math.max(1, text.length - at)));
            return { kind, text: text.slice(0, at) + text.slice(at + length) };
        }
        case 'insert-token':
            return { kind, text: text.slice(0, at) + random.pick(fragments) + text.slice(at) };
        case 'insert-noise':
            return { kind, text: text.slice(0, at) + binaryNoise(random, 1 + random.below(24)) + text.slice(at) };
        case 'swap': {
            const [a, b] = [random.below(text.length + 1), random.below(text.length + 1)].sort((x, y) => x - y) as [number, number];
            const length = Math.min(1 + random.below(30), b - a);
            return { kind, text: text.slice(0, a) + text.slice(b, b + length) + text.slice(a + length, b) + text.slice(a, a + length) + text.slice(b + length) };
        }
        case 'truncate':
            return { kind, text: text.slice(0, at) };
        case 'duplicate-line': {
            const lines = text.split('\n');
            const index = random.below(lines.length);
            lines.splice(index, 0, lines[index] ?? '');
            return { kind, text: lines.join('\n') };
        }
        case 'replace-char':
            return { kind, text: text.slice(0, at) + String.fromCharCode(random.below(0x3000)) + text.slice(at + 1) };
    }
}

/** Arbitrary UTF-16 code units: control characters, NUL, lone surrogates, non-BMP pairs. */
export function binaryNoise(random: SeededRandom, length: number): string {
    let noise = '';
    for (let i = 0; i < length; i++) {
        const choice = random.below(4);
        if (choice === 0) noise += String.fromCharCode(random.below(32));
        else if (choice === 1) noise += String.fromCharCode(0xd800 + random.below(0x800));
        else if (choice === 2) noise += String.fromCodePoint(0x10000 + random.below(0xfffff));
        else noise += String.fromCharCode(random.below(0x10000));
    }
    return noise;
}

/** Texts that stress limits rather than grammar paths, each about `depth` levels deep. */
export function pathologicalTexts(depth: number): { name: string; text: string }[] {
    return [
        { name: `${depth} nested parentheses`, text: `model P {\n  input x : [4]\n  output y = ${'('.repeat(depth)}x${')'.repeat(depth)}\n}\n` },
        { name: `${depth} nested calls`, text: `model C {\n  input x : [4]\n  output y = ${'relu('.repeat(depth)}x${')'.repeat(depth)}\n}\n` },
        { name: `${depth} unary minus signs`, text: `model U {\n  input x : [4]\n  output y = ${'-'.repeat(depth)}x\n}\n` },
        { name: `${depth} nested unit groups`, text: `unit deep = <${'('.repeat(depth)}m${')'.repeat(depth)}>\n` },
        { name: `${depth} nested braces`, text: `model B ${'{'.repeat(depth)}\n${'}'.repeat(depth)}\n` },
        { name: `${depth} unclosed brackets`, text: `model O {\n  output y = ${'(['.repeat(depth)}\n` },
        { name: `a ${depth}-term sum`, text: `model S {\n  input x : [4]\n  output y = ${Array.from({ length: depth }, () => 'x').join(' + ')}\n}\n` }
    ];
}
