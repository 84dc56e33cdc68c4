// The current source's model as `phg certify` lowers it — the first `train` block of the model (its
// format and loss), else the model alone in float32 — taken from the design-time analyses the
// editor has already computed, so a certificate is compared with exactly what certify would sign.
import type { LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { IrGraph } from '../../engine/ir/types.js';
import { currentModelOf } from '../../engine/verify/current-model.js';
import type { CurrentModel } from '../../engine/verify/verify-certificate.js';
import { analyzeRepresentation, ast, type DesignSubject, type ModelAnalysis } from '../../language/index.js';
import type { PhgLspServices } from '../phg-lsp-module.js';

/** A model's lowered form, with a way back to its declarations. */
export interface LoweredModel {
    readonly current: CurrentModel;
    readonly graph: IrGraph;
    readonly subject: DesignSubject;
}

/** The subject `phg certify` would lower for this model, if the editor lowered it (no errors). */
export function certifiedSubjectOf(document: LangiumDocument, services: PhgLspServices, model: ModelAnalysis): DesignSubject | undefined {
    const subjects = analyzeRepresentation(document, services).subjects.filter((subject) => subject.model.model === model.model);
    const firstTrain = model.trainings.find((training) => ast.isTrainDecl(training.node));
    // The CLI lowers the first train block; if that one is left out (it has errors), nothing matches.
    if (firstTrain !== undefined) return subjects.find((subject) => subject.training === firstTrain);
    return subjects.find((subject) => subject.training === undefined);
}

/** The lowered model and its structure hash, or undefined when it cannot be lowered now. */
export function loweredModelOf(document: LangiumDocument, services: PhgLspServices, model: ModelAnalysis): LoweredModel | undefined {
    const subject = certifiedSubjectOf(document, services, model);
    if (subject === undefined || !('graph' in subject.lowered)) return undefined;
    const graph = subject.lowered.graph;
    return { current: currentModelOf(graph), graph, subject };
}

/** The range of a declaration's name, else of the whole declaration. */
export function nameRange(node: { readonly $cstNode?: { readonly range: Range } }): Range | undefined {
    const cst = node.$cstNode;
    if (cst === undefined) return undefined;
    const name = GrammarUtils.findNodeForProperty(cst as Parameters<typeof GrammarUtils.findNodeForProperty>[0], 'name');
    return name?.range ?? cst.range;
}

/** Where IR node `name` is declared: its value's or data column's name, if the source has one. */
export function nodeDeclarationRange(lowered: LoweredModel | undefined, model: ModelAnalysis, name: string): Range | undefined {
    const graphNode = lowered?.graph.nodes.find((node) => node.name === name);
    if (lowered !== undefined && graphNode !== undefined && 'map' in lowered.subject.lowered) {
        const declaration = lowered.subject.lowered.map.declarationOf(graphNode);
        if (declaration !== undefined) return nameRange(declaration);
    }
    // A node that is gone from the source (`b2 removed`) may still be declared under its name.
    const value = model.values.find((entry) => entry.name === name);
    return value !== undefined ? nameRange(value.node) : undefined;
}
