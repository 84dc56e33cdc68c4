// Format spellings → canonical names. Interim: mirrors engine/numeric's published format list
// until `parseFormat` lands in engine/numeric/index.ts; then this file only calls it.

const canonical: ReadonlyMap<string, string> = new Map([
    ['posit<8>', 'posit<8>'], ['posit<16>', 'posit<16>'], ['posit<32>', 'posit<32>'], ['posit<64>', 'posit<64>'],
    ['posit8', 'posit<8>'], ['posit16', 'posit<16>'], ['posit32', 'posit<32>'], ['posit64', 'posit<64>'],
    ['bposit<16>', 'bposit<16>'], ['bposit<32>', 'bposit<32>'], ['bposit<64>', 'bposit<64>'],
    ['bposit16', 'bposit<16>'], ['bposit32', 'bposit<32>'], ['bposit64', 'bposit<64>'],
    ['float32', 'float32'], ['float64', 'float64']
]);

/** The canonical name of a format spelling (`posit16` → `posit<16>`), or undefined if no such format exists. */
export function canonicalFormatName(spelling: string): string | undefined {
    return canonical.get(spelling.replace(/\s+/g, ''));
}

/** Every canonical format name, for completion and "did you mean". */
export function knownFormatNames(): readonly string[] {
    return [...new Set(canonical.values())];
}
