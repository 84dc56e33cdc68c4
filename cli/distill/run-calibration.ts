// What `phg run` adds for classifiers: the expected calibration error beside the accuracy, from the
// output's probabilities — or, for a distilled student whose version holds a Laplace posterior,
// from the posterior predictive its record names (checked against the record's digest), which is
// then also what the accuracy is computed from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrationOf, type Calibration } from '../../engine/distill/calibration.js';
import { classifierHead } from '../../engine/distill/classifier-head.js';
import { loadPosterior, posteriorFileName } from '../../engine/distill/posterior-file.js';
import { studentProbabilities } from '../../engine/distill/student-predictive.js';
import type { LoadedDataset } from '../../engine/data/csv-dataset.js';
import type { Program } from '../../engine/exec/program.js';
import { TrackedAllocator } from '../../engine/memory/allocator.js';
import { sha256 } from '../../engine/store/version-store.js';
import type { NumberPatternArray } from '../../engine/tensor/tensor.js';
import { engineErrorCodes, failure, success, type Result } from '../../engine/errors.js';

/** Accuracy and calibration of a run, and where its confidences come from. */
export interface RunCalibration {
    readonly calibration: Calibration;
    readonly predictive: 'softmax' | 'laplace';
    /** τ of a Laplace predictive. */
    readonly scale?: number;
}

/**
 * The calibration of a classifier's run over labelled data (undefined for other models):
 * `outputs` are the first output's values row after row (softmax probabilities), `version` the
 * folder the weights came from (a posterior there is used).
 */
export function runCalibration(program: Program, dataset: LoadedDataset, outputs: Float64Array | undefined, weights: ReadonlyMap<string, NumberPatternArray> | undefined, version: string | undefined, batch: number): Result<RunCalibration | undefined> {
    const head = classifierHead(program.graph);
    if ('problem' in head || head.label === undefined) return success(undefined);
    const column = dataset.columns.get(head.label);
    if (column?.kind !== 'class') return success(undefined);
    const stored = version !== undefined ? loadPosterior(version) : success(undefined);
    if (!stored.ok) return stored;
    if (stored.value !== undefined && weights !== undefined && stored.value.predictive.scale > 0) {
        const recorded = recordedPosteriorDigest(version!);
        const actual = sha256(readFileSync(join(version!, posteriorFileName)));
        if (recorded !== actual) return failure(engineErrorCodes.noVersion, `${join(version!, posteriorFileName)} does not match the digest in its record`, { location: { file: join(version!, posteriorFileName) } });
        const { posterior, predictive } = stored.value;
        const probabilities = studentProbabilities(program, weights, dataset, [predictive.scale], { posterior, samples: predictive.samples, seed: predictive.seed, batch }, new TrackedAllocator());
        if (!probabilities.ok) return probabilities;
        return success({ calibration: calibrationOf(probabilities.value[0]!, column.labels, head.classes), predictive: 'laplace', scale: predictive.scale });
    }
    if (outputs === undefined || program.graph.outputs[0] !== head.output) return success(undefined);
    return success({ calibration: calibrationOf(outputs, column.labels, head.classes), predictive: 'softmax' });
}

function recordedPosteriorDigest(version: string): string | undefined {
    try {
        const value = JSON.parse(readFileSync(join(version, 'record.json'), 'utf8')) as { training?: { posterior?: { sha256?: unknown } }; payload?: unknown };
        const record = typeof value.payload === 'string' ? (JSON.parse(Buffer.from(value.payload, 'base64').toString('utf8')) as { predicate?: typeof value }).predicate : value;
        const digest = record?.training?.posterior?.sha256;
        return typeof digest === 'string' ? digest : undefined;
    } catch {
        return undefined;
    }
}
