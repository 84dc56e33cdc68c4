// The grammar is LL(3): chevrotain's grammar validations (which Langium skips in production
// mode) find no ambiguity at that lookahead. LL(1) is ambiguous, so this test can fail.
import { EmptyFileSystem, inject, createDefaultCoreModule, createDefaultSharedCoreModule } from 'langium';
import { describe, expect, it } from 'vitest';
import { PhgGeneratedModule, PhgGeneratedSharedModule, PhgLanguageMetaData } from '../../../language/generated/module.js';
import { PhgModule, phgParserConfig } from '../../../language/phg-module.js';

function buildParser(maxLookahead: number): unknown {
    const shared = inject(createDefaultSharedCoreModule(EmptyFileSystem), PhgGeneratedSharedModule);
    const services = inject(createDefaultCoreModule({ shared }), PhgGeneratedModule, PhgModule, {
        LanguageMetaData: () => ({ ...PhgLanguageMetaData, mode: 'development' as const }),
        parser: { ParserConfig: () => ({ ...phgParserConfig, maxLookahead }) }
    });
    return services.parser.LangiumParser;
}

describe('grammar', () => {
    it(`has no ambiguity at the parser's lookahead of ${phgParserConfig.maxLookahead}`, () => {
        expect(() => buildParser(phgParserConfig.maxLookahead)).not.toThrow();
    });

    it('is ambiguous at lookahead 1, so the check above is real', () => {
        expect(() => buildParser(1)).toThrow(/AMBIGUOUS_ALTERNATIVES/);
    });
});
