// Measures the language core alone (no LSP): parse, link and the semantic analysis (dimension
// inference, shapes, checks) of generated deep models. The analysis must stay near-linear in
// file size; the editor's end-to-end number is `npm run bench:lsp`.
//
//   node scripts/run-ts.mjs scripts/bench/language-analysis.ts [--runs 15]
import '../../language/node20-polyfill.js';
import { EmptyFileSystem, URI } from 'langium';
import { analyzeDocument, createPhgCoreServices } from '../../language/index.js';
import type { PhgFile } from '../../language/generated/ast.js';

/** A model of about `lines` lines: dense relu layers whose weight dimensions are all inferred. */
function deepModel(lines: number): string {
    const out = ['dimension Intensity', 'unit px : Intensity', 'data d = csv("d.csv") { x : [16]<px> = columns 0..15  t : [16]<m> = columns 16..31 }', 'model Deep {', '  input x : [16]<px>'];
    let previous = 'x';
    for (let i = 1; out.length < lines - 6; i++) {
        out.push(`  param W${i} : [16, 16] init he`, `  param b${i} : [16] init zeros`, `  h${i} = relu(${previous} @ W${i} + b${i})`);
        previous = `h${i}`;
    }
    out.push(`  output y = ${previous}`, '}', 'train Deep on d { loss mse(y, t)  optimizer sgd(lr: 0.01) }');
    return out.join('\n') + '\n';
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 15;
const services = createPhgCoreServices(EmptyFileSystem).Phg;
const workspace = services.shared.workspace;
let counter = 0;
console.log('lines    parse ms   link ms   analysis ms   (medians over %d runs after 3 warm-ups; 3 runs at 40,000 lines)', runs);
for (const lines of [2000, 10000, 40000]) {
    const text = deepModel(lines);
    const sizeRuns = lines > 10000 ? Math.min(runs, 3) : runs;
    const parse: number[] = [];
    const link: number[] = [];
    const analysis: number[] = [];
    for (let run = 0; run < sizeRuns + 3; run++) {
        const t0 = performance.now();
        const document = workspace.LangiumDocumentFactory.fromString<PhgFile>(text, URI.parse(`memory:///bench-${counter++}.phg`));
        const t1 = performance.now();
        workspace.LangiumDocuments.addDocument(document);
        await workspace.DocumentBuilder.build([document], { validation: false });
        const t2 = performance.now();
        const result = analyzeDocument(document, services);
        const t3 = performance.now();
        // Remove it from the index too, or every run's document stays reachable.
        await workspace.DocumentBuilder.update([], [document.uri]);
        if (result.diagnostics.length > 0) throw new Error(`the generated model has diagnostics: ${result.diagnostics[0]?.message}`);
        if (run < 3) continue;
        parse.push(t1 - t0);
        link.push(t2 - t1);
        analysis.push(t3 - t2);
    }
    console.log(`${String(lines).padEnd(8)} ${median(parse).toFixed(1).padStart(8)} ${median(link).toFixed(1).padStart(9)} ${median(analysis).toFixed(1).padStart(13)}`);
}
