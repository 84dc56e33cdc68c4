// Scope computation for self-contained files: top-level declarations are still exported (for
// workspace symbols), but no local symbol table is built, because PhgScopeProvider resolves
// names with its own hash maps and the default table would cost a walk over every node.
import { DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';

/** Exports top-level names; builds no local symbol table. */
export class PhgScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}
