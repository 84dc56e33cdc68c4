// Errors a user can cause while training or running a model: values with a stable code, a message a
// newcomer understands and, where there is one, a location. docs/training.md lists every code.
// A thrown exception inside engine/ is a bug, never a user mistake.

/** Where an error points. */
export interface ErrorLocation {
    readonly file: string;
    /** 1-based. */
    readonly line?: number;
    /** 1-based. */
    readonly column?: number;
}

/** A user-facing error. */
export interface EngineError {
    readonly code: EngineErrorCode;
    readonly message: string;
    readonly location?: ErrorLocation;
    /** The IR node a numeric fault is about. */
    readonly node?: string;
    readonly epoch?: number;
    readonly step?: number;
}

/** A value or the error that prevented it. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: EngineError };

/** Stable error codes of the engine and of `phg train` / `phg run`. */
export const engineErrorCodes = {
    /** A data file does not exist or cannot be read. */
    dataFileMissing: 'PHG7001',
    /** A row has a different number of cells than the first row, or fewer than the columns the data block selects. */
    dataColumnCount: 'PHG7002',
    /** A cell is not a number. */
    dataNotNumeric: 'PHG7003',
    /** A class label is not an integer in 0..N−1. */
    dataBadLabel: 'PHG7004',
    /** A value lies outside the `range` its column declares. */
    dataOutOfRange: 'PHG7005',
    /** The model reads a value that the data set does not provide, or provides with another shape. */
    dataBinding: 'PHG7006',
    /** A data file has no rows. */
    dataEmpty: 'PHG7007',
    /** A NaR or non-finite value appeared during training; nothing saved was overwritten. */
    numericFault: 'PHG7101',
    /** The model cannot be executed (a construct the engine does not run yet, an inconsistent graph). */
    notExecutable: 'PHG7102',
    /** A data-parallel training worker could not start or stopped (its bundle is missing, or it crashed). */
    workerFailed: 'PHG7103',
    /** A command-line flag is unknown or its value is invalid. */
    badFlag: 'PHG7201',
    /** The file does not check (it has errors), or has no model / train block to run. */
    badModel: 'PHG7202',
    /** `--resume`: the run does not exist or its checkpoint does not match the model. */
    resumeMismatch: 'PHG7301',
    /** `phg run`: there is no trained version to load (train first or pass --init). */
    noVersion: 'PHG7302',
    /** A file of the store could not be written. */
    storeWrite: 'PHG7303'
} as const;

/** One of the engine's error codes. */
export type EngineErrorCode = (typeof engineErrorCodes)[keyof typeof engineErrorCodes];

/** Builds a failed result. */
export function failure<T>(code: EngineErrorCode, message: string, extra: Omit<EngineError, 'code' | 'message'> = {}): Result<T> {
    return { ok: false, error: { code, message, ...extra } };
}

/** Builds a successful result. */
export function success<T>(value: T): Result<T> {
    return { ok: true, value };
}
