// Which data set `phg run` reads, for gradient and spiking models alike: the flags name it the
// same way whatever the model learns by.
import { dirname, isAbsolute, join } from 'node:path';
import type { DocumentAnalysis } from '../language/index.js';
import { dataSpec } from '../language/lowering/index.js';
import type { DataSpec } from '../engine/data/csv-dataset.js';
import { engineErrorCodes, type EngineError } from '../engine/errors.js';
import { ExitCode } from './command.js';

/** The `phg run` flags that choose the data set (--data and --input exclude each other). */
export interface RunDataFlags {
    readonly file: string;
    readonly data?: string;
    readonly input?: string;
}

/** A model `phg run` reads data for: its checked file and the data sets of its train block. */
export interface RunDataSource {
    readonly file: string;
    readonly analysis: DocumentAnalysis;
    readonly lowered: { readonly train: DataSpec; readonly validate?: DataSpec };
}

/** Why no data set could be chosen, and the exit status it earns. */
export interface RunDataRefusal {
    readonly error: EngineError;
    readonly exit: number;
}

/**
 * The data set to run on: --data (a data declaration of the file), --input (a csv file with the
 * train set's columns), else the train block's validate set, else its train set.
 */
export function runDataSpec(flags: RunDataFlags, model: RunDataSource, cwd: string): DataSpec | RunDataRefusal {
    let spec: DataSpec = model.lowered.validate ?? model.lowered.train;
    if (flags.data !== undefined) {
        const decl = model.analysis.root.declarations.find((d) => d.$type === 'DataDecl' && 'name' in d && d.name === flags.data);
        if (decl === undefined || decl.$type !== 'DataDecl') return { error: { code: engineErrorCodes.badFlag, message: `--data: ${flags.file} declares no data set '${flags.data}'` }, exit: ExitCode.usage };
        const built = dataSpec(model.analysis, decl, dirname(model.file));
        if ('problem' in built) return { error: { code: engineErrorCodes.notExecutable, message: built.problem.message }, exit: ExitCode.failed };
        spec = built;
    }
    if (flags.input !== undefined) spec = { ...model.lowered.train, name: flags.input, file: isAbsolute(flags.input) ? flags.input : join(cwd, flags.input) };
    return spec;
}
