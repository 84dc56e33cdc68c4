// The phg version recorded in certificates (injected by the build, as run-cli.ts reads it; kept
// here so commands do not import the dispatcher that imports them).
declare const PHG_VERSION: string | undefined;

/** The version of phg, or the development marker in tests. */
export const certifyingToolVersion: string = typeof PHG_VERSION === 'string' ? PHG_VERSION : '0.0.0-dev';
