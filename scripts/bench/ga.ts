// `npm run bench:ga`: multiplies and time per geometric product, sparse (the Cayley table of the two
// supports) vs dense (all 2^n × 2^n blade pairs, as a dense multivector library multiplies), for
// the products of issue 8: VGA vector×vector, rotor×vector, PGA motor×motor, motor×point, CGA
// vector×vector — plus the PGA sandwich M p ~M as one arity-3 form vs two dense products.
// Writes bench/results/ga.json and bench/results/ga.md.
//
// "Structural nonzeros" are counted independently of the tables: the blade pairs (A, B) where both
// random operands have a nonzero coefficient and e_A e_B does not vanish. Times are CPU time per
// product (median of repetitions over a batch of instances), measured in two settings through the
// same kernel so that only the term count differs: the raw float64 inner loop, and the engine's
// posit16 kernel with exact (quire) accumulation. Compare ratios within one run: the machine is
// shared and noisy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { cliffordAlgebra, type CliffordAlgebra } from '../../engine/ga/algebra.js';
import type { BladeSupport } from '../../engine/ga/blade-support.js';
import { formForward } from '../../engine/ga/form-forward.js';
import { formFor } from '../../engine/ga/forms.js';
import { MultilinearForm, type RawTerm } from '../../engine/ga/multilinear-form.js';
import { fullSupport, namedSubspace, type SubspaceName } from '../../engine/ga/subspaces.js';
import { Accumulation } from '../../engine/kernels/accumulation.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { parseFormat } from '../../engine/numeric/index.js';
import { Xoshiro128 } from '../../engine/random/xoshiro.js';
import { allocateTensor, type Tensor } from '../../engine/tensor/tensor.js';

const quick = process.argv.includes('--quick');
const INSTANCES = quick ? 256 : 2048;
const REPETITIONS = quick ? 3 : 7;
const MIN_PRODUCTS = quick ? 100_000 : 1_000_000;

interface Case {
    readonly name: string;
    readonly signature: [number, number, number];
    readonly left: SubspaceName;
    readonly right: SubspaceName;
    /** The sandwich left x ~left as one form, against two dense products. */
    readonly sandwich?: boolean;
}

const cases: Case[] = [
    { name: 'VGA vector × vector', signature: [3, 0, 0], left: 'vector', right: 'vector' },
    { name: 'VGA rotor × vector', signature: [3, 0, 0], left: 'rotor', right: 'vector' },
    { name: 'PGA motor × motor', signature: [3, 0, 1], left: 'motor', right: 'motor' },
    { name: 'PGA motor × point', signature: [3, 0, 1], left: 'motor', right: 'trivector' },
    { name: 'CGA vector × vector', signature: [4, 1, 0], left: 'vector', right: 'vector' },
    { name: 'PGA sandwich M p ~M', signature: [3, 0, 1], left: 'motor', right: 'trivector', sandwich: true }
];

interface Row {
    readonly name: string;
    readonly sparseMultiplies: number;
    readonly denseMultiplies: number;
    readonly structuralNonzeros: number;
    readonly float64: { readonly sparseNs: number; readonly denseNs: number };
    readonly posit16Quire: { readonly sparseNs: number; readonly denseNs: number };
}

function algebraOf(signature: [number, number, number]): CliffordAlgebra {
    const result = cliffordAlgebra(...signature);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
}

function subspace(algebra: CliffordAlgebra, name: SubspaceName): BladeSupport {
    const result = namedSubspace(algebra, name);
    if (!result.ok) throw new Error(result.error.message);
    return result.value.support;
}

/** Every blade pair of the dense algebra, vanishing ones included (coefficient 0): what a dense library multiplies. */
function denseProduct(algebra: CliffordAlgebra): MultilinearForm {
    const full = fullSupport(algebra);
    const terms: RawTerm[] = [];
    full.blades.forEach((a, i) => full.blades.forEach((b, j) => terms.push({ factors: [i, j], outputBlade: a ^ b, coefficient: algebra.productSignOf(a, b) })));
    return new MultilinearForm([full, full], [0, 1], full, terms);
}

/** Pairs where both operands are nonzero and the blade product does not vanish (counted on values, not tables). */
function structuralNonzeros(algebra: CliffordAlgebra, left: BladeSupport, right: BladeSupport, rng: Xoshiro128): number {
    const a = randomDense(algebra, left, rng);
    const b = randomDense(algebra, right, rng);
    let count = 0;
    for (let x = 0; x < algebra.bladeCount; x++) for (let y = 0; y < algebra.bladeCount; y++) if (a[x] !== 0 && b[y] !== 0 && algebra.product(x, y).sign !== 0) count++;
    return count;
}

/**
 * Nonzero monomials M_i p_j M_l (i ≤ l) of the grade-preserving part of M p ~M, found by probing the
 * dense two-product evaluation with basis values (polarization), independently of the forms.
 */
function sandwichMonomials(algebra: CliffordAlgebra, versor: BladeSupport, operand: BladeSupport): number {
    const n = algebra.bladeCount;
    const multiply = (a: Float64Array, b: Float64Array): Float64Array => {
        const out = new Float64Array(n);
        for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) if (a[x] !== 0 && b[y] !== 0) out[x ^ y]! += algebra.productSignOf(x, y) * a[x]! * b[y]!;
        return out;
    };
    const sandwich = (m: Float64Array, p: Float64Array): Float64Array => multiply(multiply(m, p), m.map((v, blade) => algebra.reverseSign(blade) * v));
    const unit = (blade: number, plus?: number): Float64Array => {
        const value = new Float64Array(n);
        value[blade] = 1;
        if (plus !== undefined) value[plus] = 1;
        return value;
    };
    let count = 0;
    for (const j of operand.blades) {
        versor.blades.forEach((i, a) => versor.blades.forEach((l, b) => {
            if (b < a) return;
            const both = sandwich(unit(i, l === i ? undefined : l), unit(j));
            const single = i === l ? undefined : [sandwich(unit(i), unit(j)), sandwich(unit(l), unit(j))];
            for (const k of operand.blades) {
                const coefficient = single === undefined ? both[k]! : both[k]! - single[0]![k]! - single[1]![k]!;
                if (coefficient !== 0) count++;
            }
        }));
    }
    return count;
}

function randomDense(algebra: CliffordAlgebra, support: BladeSupport, rng: Xoshiro128): Float64Array {
    const dense = new Float64Array(algebra.bladeCount);
    for (const blade of support.blades) dense[blade] = 0.5 + rng.nextUniform();
    return dense;
}

/** Operand tensors of `instances` random values on a support, in a format. */
function operand(format: ReturnType<typeof parseFormat> & object, support: BladeSupport, instances: number, rng: Xoshiro128): Tensor {
    const tensor = allocateTensor(new TrackedAllocator(), format, [instances, support.size], 'activation', 'operand');
    for (let i = 0; i < tensor.size; i++) tensor.data[i] = format.encode((rng.nextUniform() < 0.5 ? -1 : 1) * (0.5 + rng.nextUniform())) as number;
    return tensor;
}

/** Median CPU nanoseconds per product of `run`, which computes `INSTANCES` products. */
function measure(run: () => void): number {
    const rounds = Math.max(1, Math.ceil(MIN_PRODUCTS / INSTANCES));
    run();
    run();
    const samples: number[] = [];
    for (let r = 0; r < REPETITIONS; r++) {
        const start = process.cpuUsage();
        for (let i = 0; i < rounds; i++) run();
        const used = process.cpuUsage(start);
        samples.push(((used.user + used.system) * 1000) / (rounds * INSTANCES));
    }
    samples.sort((x, y) => x - y);
    return samples[Math.floor(samples.length / 2)]!;
}

let sink = 0;

/** The raw float64 inner loop of a form over decoded operands: Σ c·a·b(·s) per output coefficient. */
function float64Loop(form: MultilinearForm, operands: Float64Array[], sizes: number[], out: Float64Array): () => void {
    const K = form.output.size;
    const [f0, f1, f2] = [form.factorIndex[0]!, form.factorIndex[1]!, form.factorIndex[2]];
    const c = form.coefficient;
    const start = form.termStart;
    const a = operands[form.binding[0]!]!;
    const b = operands[form.binding[1]!]!;
    const s = f2 !== undefined ? operands[form.binding[2]!]! : a;
    const [sa, sb, ss] = [sizes[form.binding[0]!]!, sizes[form.binding[1]!]!, f2 !== undefined ? sizes[form.binding[2]!]! : 0];
    return () => {
        for (let i = 0; i < INSTANCES; i++) {
            const a0 = sa === 0 ? 0 : i * sa;
            const b0 = i * sb;
            const s0 = ss === 0 ? 0 : i * ss;
            for (let k = 0; k < K; k++) {
                let sum = 0;
                if (f2 === undefined) for (let t = start[k]!; t < start[k + 1]!; t++) sum += c[t]! * a[a0 + f0[t]!]! * b[b0 + f1[t]!]!;
                else for (let t = start[k]!; t < start[k + 1]!; t++) sum += c[t]! * a[a0 + f0[t]!]! * b[b0 + f1[t]!]! * s[s0 + f2[t]!]!;
                out[i * K + k] = sum;
            }
        }
        sink += out[0]!;
    };
}

function benchCase(test: Case): Row {
    const algebra = algebraOf(test.signature);
    const left = subspace(algebra, test.left);
    const right = subspace(algebra, test.right);
    const full = fullSupport(algebra);
    const rng = new Xoshiro128(42, 1);
    const dense = denseProduct(algebra);
    const sparse = test.sandwich === true
        ? formFor({ op: 'sandwich', slots: [left, right, left], binding: [0, 1, 0], output: right })
        : formFor({ op: 'geometric_product', slots: [left, right], binding: [0, 1] });
    // Dense: one product (or two for the sandwich: (M p) then (M p) ~M, with ~M precomputed).
    const denseMultiplies = dense.multiplies * (test.sandwich === true ? 2 : 1);
    const structural = test.sandwich === true ? 2 * sandwichMonomials(algebra, left, right) : structuralNonzeros(algebra, left, right, rng);

    // ---- float64 inner loops
    const decoded = (support: BladeSupport, instances: number): Float64Array => Float64Array.from({ length: instances * support.size }, () => 0.5 + rng.nextUniform());
    const sparseOperands = test.sandwich === true ? [decoded(left, 1), decoded(right, INSTANCES)] : [decoded(left, INSTANCES), decoded(right, INSTANCES)];
    const sparseSizes = test.sandwich === true ? [0, right.size] : [left.size, right.size];
    const sparseLoop = float64Loop(sparse, sparseOperands, sparseSizes, new Float64Array(INSTANCES * sparse.output.size));
    const denseA = decoded(full, INSTANCES);
    const denseB = decoded(full, INSTANCES);
    const denseOut = new Float64Array(INSTANCES * full.size);
    const denseLoop = float64Loop(dense, [denseA, denseB], [full.size, full.size], denseOut);
    const denseTwice = (): void => {
        denseLoop();
        denseLoop();
    };
    const float64 = { sparseNs: measure(sparseLoop), denseNs: measure(test.sandwich === true ? denseTwice : denseLoop) };

    // ---- the engine kernel in posit16 with exact accumulation
    const format = parseFormat('posit16')!;
    const acc = new Accumulation(format, 'quire');
    const scratch = new Float64Array(4 * INSTANCES * full.size);
    const sparseTensors = test.sandwich === true ? [operand(format, left, 1, rng), operand(format, right, INSTANCES, rng)] : [operand(format, left, INSTANCES, rng), operand(format, right, INSTANCES, rng)];
    const sparseOut = allocateTensor(new TrackedAllocator(), format, [INSTANCES, sparse.output.size], 'activation', 'out');
    const denseTensors = [operand(format, full, INSTANCES, rng), operand(format, full, INSTANCES, rng)];
    const denseTensorOut = allocateTensor(new TrackedAllocator(), format, [INSTANCES, full.size], 'activation', 'out');
    const sparseKernel = (): void => formForward(acc, scratch, sparse, sparseTensors, sparseOut);
    const denseKernel = (): void => {
        formForward(acc, scratch, dense, denseTensors, denseTensorOut);
        if (test.sandwich === true) formForward(acc, scratch, dense, denseTensors, denseTensorOut);
    };
    const posit16Quire = { sparseNs: measure(sparseKernel), denseNs: measure(denseKernel) };
    return { name: test.name, sparseMultiplies: sparse.multiplies, denseMultiplies, structuralNonzeros: structural, float64, posit16Quire };
}

const rows = cases.map(benchCase);
const load = loadavg()[0]!;
const result = { date: new Date().toISOString(), cpu: cpus()[0]?.model ?? 'unknown', loadAverage: load, instances: INSTANCES, quick, rows, sink: sink === 0 ? 0 : 1 };
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ga.json', `${JSON.stringify(result, null, 2)}\n`);
const ratio = (a: number, b: number): string => (a / b).toFixed(1);
const md = [
    '# bench:ga — sparse vs dense geometric products',
    '',
    `${result.date}, ${result.cpu}, load average ${load.toFixed(1)}, ${INSTANCES} products per batch, CPU ns per product (median of ${REPETITIONS}).`,
    'Multiplies: sparse = terms of the Cayley table of the two supports (a sandwich term multiplies twice); dense = every pair of the 2^n blades.',
    'Structural nonzeros: blade pairs where both operands are nonzero and the blade product does not vanish, counted on random values.',
    '',
    '| product | sparse multiplies | dense multiplies | structural nonzeros | float64 sparse ns | float64 dense ns | dense/sparse time | posit16 quire sparse ns | posit16 quire dense ns | dense/sparse time |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.sparseMultiplies} | ${r.denseMultiplies} | ${r.structuralNonzeros} | ${r.float64.sparseNs.toFixed(1)} | ${r.float64.denseNs.toFixed(1)} | ${ratio(r.float64.denseNs, r.float64.sparseNs)}× (${ratio(r.denseMultiplies, r.sparseMultiplies)}× multiplies) | ${r.posit16Quire.sparseNs.toFixed(1)} | ${r.posit16Quire.denseNs.toFixed(1)} | ${ratio(r.posit16Quire.denseNs, r.posit16Quire.sparseNs)}× |`),
    ''
].join('\n');
writeFileSync('bench/results/ga.md', md);
console.log(md);
