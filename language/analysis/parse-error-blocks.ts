// Which top-level blocks contain a lexing or parse error. Recovery may have swallowed half a line
// there, so what the checker would say about the rest of such a block is noise and is held back.
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { IToken } from 'chevrotain';
import type { PhgFile } from '../generated/ast.js';
import { isDistillDecl, isExpression, isTrainDecl } from '../generated/ast.js';
import { baseModelOf } from '../scoping/named-values.js';

/** The top-level declaration (or the root) containing a node. */
export function topLevelOf(node: AstNode): AstNode {
    let current = node;
    while (current.$container && current.$container.$container) current = current.$container;
    return current;
}


/** Top-level declarations that contain a lexing or parse error. */
export function blocksWithParseErrors(document: LangiumDocument, root: PhgFile): Set<AstNode> {
    const offsets: number[] = [];
    for (const error of document.parseResult.parserErrors) {
        const token: IToken = error.token;
        const previous = (error as { previousToken?: IToken }).previousToken;
        const offset = Number.isFinite(token.startOffset) && token.startOffset >= 0 ? token.startOffset : previous?.endOffset;
        if (offset !== undefined && Number.isFinite(offset)) offsets.push(offset);
    }
    for (const error of document.parseResult.lexerErrors) offsets.push(error.offset);
    const blocks = new Set<AstNode>();
    if (offsets.length === 0) return blocks;
    for (const declaration of root.declarations) {
        const cst = declaration.$cstNode;
        if (!cst) continue;
        if (offsets.some((offset) => offset >= cst.offset && offset <= cst.end)) blocks.add(declaration);
    }
    return blocks;
}

/** Whether a node lies in one of the given blocks. */
export function inQuietBlock(quiet: ReadonlySet<AstNode>, node: AstNode): boolean {
    return quiet.size > 0 && quiet.has(topLevelOf(node));
}


/**
 * Whether diagnostics at a node are held back: its block has a parse error, or it is inside an
 * expression of a training whose model has one (the model's names are unreliable there).
 */
export function isQuietAt(quiet: ReadonlySet<AstNode>, node: AstNode): boolean {
    if (quiet.size === 0) return false;
    const top = topLevelOf(node);
    if (quiet.has(top)) return true;
    if (!isTrainDecl(top) && !isDistillDecl(top)) return false;
    if (!AstUtils.getContainerOfType(node, isExpression) && !isExpression(node)) return false;
    const trained = isTrainDecl(top) ? top.model?.ref : top.student?.ref;
    return trained !== undefined && quiet.has(baseModelOf(trained));
}
