// The built-in dimensions and units as a parsed document, created once per language-services
// instance on first use. It is deliberately not added to the workspace: it is never validated,
// indexed or rebuilt, and user files link into it through the scope provider only.
import { URI, type LangiumDocument, type LangiumDocumentFactory } from 'langium';
import type { DimensionDecl, PhgFile, UnitDecl } from '../generated/ast.js';
import { isDimensionDecl, isUnitDecl } from '../generated/ast.js';
import { builtinUnitsSource, builtinUnitsUri } from './builtin-units.js';

/** The built-in declarations, by name. */
export class PhgBuiltinDocument {
    private loaded: { document: LangiumDocument<PhgFile>; units: Map<string, UnitDecl>; dimensions: Map<string, DimensionDecl> } | undefined;

    constructor(private readonly documentFactory: () => LangiumDocumentFactory) {}

    /** The parsed built-in document. */
    get document(): LangiumDocument<PhgFile> {
        return this.load().document;
    }

    /** Built-in units (`m`, `ms`, `N`, `MiB`, …) by name. */
    get units(): ReadonlyMap<string, UnitDecl> {
        return this.load().units;
    }

    /** Built-in base dimensions (`Length`, `Time`, …) by name, in basis order. */
    get dimensions(): ReadonlyMap<string, DimensionDecl> {
        return this.load().dimensions;
    }

    /** Whether a file's root is the built-in document's root. */
    isBuiltinRoot(root: PhgFile): boolean {
        return this.loaded !== undefined && root === this.loaded.document.parseResult.value;
    }

    private load(): NonNullable<PhgBuiltinDocument['loaded']> {
        if (this.loaded) return this.loaded;
        const document = this.documentFactory().fromString<PhgFile>(builtinUnitsSource(), URI.parse(builtinUnitsUri));
        const units = new Map<string, UnitDecl>();
        const dimensions = new Map<string, DimensionDecl>();
        for (const declaration of document.parseResult.value.declarations) {
            if (isUnitDecl(declaration)) units.set(declaration.name, declaration);
            else if (isDimensionDecl(declaration)) dimensions.set(declaration.name, declaration);
        }
        this.loaded = { document, units, dimensions };
        return this.loaded;
    }
}
