// How the editor names PHG things in hovers and the outline: one wording for both.
import type { AstNode } from 'langium';
import { ast, type DocumentAnalysis, type ValueAnalysis, type ValueKind } from '../../language/index.js';

/** The keyword that introduces a value of this kind (lets and data columns have none). */
const keywordOf: Readonly<Record<ValueKind, string>> = {
    input: 'input',
    param: 'param',
    output: 'output',
    layer: 'layer',
    let: '',
    column: ''
};

/** `param W1 : [64, 32]<1/px>`: a value as it would be declared with its full inferred type. */
export function valueSignature(value: ValueAnalysis, analysis: DocumentAnalysis): string {
    const keyword = keywordOf[value.kind];
    return `${keyword === '' ? '' : `${keyword} `}${value.name} : ${analysis.formatType(value.type)}`;
}

/** `train Mlp on train_set`, `distill Clinic from Mlp on clinic_set`: a training block by its header. */
export function trainingTitle(node: ast.TrainDecl | ast.DistillDecl): string {
    // A half-typed block may lack any of its references: show what is there.
    const name = (reference: { $refText: string } | undefined): string => reference?.$refText ?? '…';
    if (ast.isTrainDecl(node)) return `train ${name(node.model)} on ${name(node.data)}`;
    return `distill ${name(node.student)} from ${name(node.teacher)} on ${name(node.data)}`;
}

/** The source text of a node on one line, shortened to `limit` characters. */
export function sourceExcerpt(node: AstNode | undefined, limit = 60): string {
    const text = (node?.$cstNode?.text ?? '').replace(/\s+/g, ' ').trim();
    return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
