// The design-time analyses of one document, run once per parse: the subjects (lowered trainings and
// untrained models), their memory plans and value ranges, the PHG4xxx diagnostics, and lookups
// from source nodes to what the analyses know about them. Pure: the language server and `phg check`
// read the same results.
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { IrNode } from '../../engine/ir/types.js';
import type { DocumentAnalysis } from '../analysis/analysis-types.js';
import type { PhgDocumentAnalyzer } from '../analysis/document-analyzer.js';
import type { DistillDecl, Expression, ModelDecl, NamedValue, PhgFile, TrainDecl } from '../generated/ast.js';
import { isDataColumn, isDistillDecl, isModelDecl, isTrainDecl } from '../generated/ast.js';
import { baseModelOf, dataColumnsOf } from '../scoping/named-values.js';
import { accumulationDiagnostics } from './accumulation-diagnostics.js';
import { budgetDiagnostics } from './budget-diagnostics.js';
import type { DesignDiagnostic } from './design-diagnostic.js';
import { designSubjects, type DesignSubject } from './design-subjects.js';
import { rangeDiagnostics } from './range-diagnostics.js';
import { valueRepresentation, type ValueRepresentation } from './value-representation.js';

/** The design-time analyses of a document. */
export interface RepresentationAnalysis {
    /** Trainings and untrained models, in source order. */
    readonly subjects: readonly DesignSubject[];
    /** PHG4001, PHG4002, PHG4101, PHG4102, PHG4103, PHG6201, PHG6202. */
    readonly diagnostics: readonly DesignDiagnostic[];
    /** The subject a model is shown with: its first training (or the model alone). */
    subjectOfModel(model: ModelDecl): DesignSubject | undefined;
    /** The subject of a train or distill block. */
    subjectOfTraining(training: TrainDecl | DistillDecl): DesignSubject | undefined;
    /** What the analyses know about a named value or a data column. */
    describeValue(value: NamedValue): ValueRepresentation | undefined;
    /** What the analyses know about an expression of a model or a training. */
    describeExpression(expression: Expression): ValueRepresentation | undefined;
}

/** Runs the design-time analyses; results are cached per parse. */
export class PhgRepresentationAnalyzer {
    private readonly cache = new WeakMap<PhgFile, RepresentationAnalysis>();

    constructor(private readonly analyzer: PhgDocumentAnalyzer) {}

    /** The design-time analyses of a parsed and linked document. */
    analyze(document: LangiumDocument): RepresentationAnalysis {
        const root = document.parseResult.value as PhgFile;
        const cached = this.cache.get(root);
        if (cached !== undefined) return cached;
        const analysis = buildRepresentation(this.analyzer.analyze(document), document.uri.path);
        this.cache.set(root, analysis);
        return analysis;
    }
}

/** The design-time analyses of an analysed document at `documentPath`. */
export function buildRepresentation(analysis: DocumentAnalysis, documentPath: string): RepresentationAnalysis {
    const subjects = designSubjects(analysis, documentPath);
    let diagnostics: DesignDiagnostic[] | undefined;
    const subjectsOfModel = (model: ModelDecl): DesignSubject[] => subjects.filter((subject) => subject.model.model === model);
    const firstSubjectOf = (model: ModelDecl): DesignSubject | undefined => subjectsOfModel(model)[0] ?? subjects.find((subject) => baseModelOf(subject.model.model) === model);
    const describeIn = (subject: DesignSubject | undefined, locate: (subject: DesignSubject) => IrNode | undefined): ValueRepresentation | undefined => {
        if (subject === undefined || !('graph' in subject.lowered)) return undefined;
        const node = locate(subject);
        return node !== undefined ? valueRepresentation(subject, node) : undefined;
    };
    return {
        subjects,
        get diagnostics(): readonly DesignDiagnostic[] {
            diagnostics ??= collectDiagnostics(subjects, analysis);
            return diagnostics;
        },
        subjectOfModel: firstSubjectOf,
        subjectOfTraining: (training) => subjects.find((subject) => subject.training?.node === training),
        describeValue(value) {
            const subject = isDataColumn(value)
                ? subjects.find((s) => s.training?.data !== undefined && dataColumnsOf(s.training.data).some((column) => column === value))
                : owningSubject(subjects, value, firstSubjectOf);
            return describeIn(subject, (s) => ('graph' in s.lowered ? s.lowered.map.nodeOfValue(value) : undefined));
        },
        describeExpression(expression) {
            const subject = owningSubject(subjects, expression, firstSubjectOf);
            return describeIn(subject, (s) => ('graph' in s.lowered ? s.lowered.map.nodeOfExpression(expression) : undefined));
        }
    };
}

// The subject an AST node belongs to: its training block's, else its model's first.
function owningSubject(subjects: readonly DesignSubject[], node: AstNode, firstSubjectOf: (model: ModelDecl) => DesignSubject | undefined): DesignSubject | undefined {
    const training = AstUtils.getContainerOfType(node, (n): n is TrainDecl | DistillDecl => isTrainDecl(n) || isDistillDecl(n));
    if (training !== undefined) return subjects.find((subject) => subject.training?.node === training);
    const model = AstUtils.getContainerOfType(node, isModelDecl);
    return model !== undefined ? firstSubjectOf(model) : undefined;
}

// Range diagnostics of every subject (a value reported once, by its first subject), then budgets.
function collectDiagnostics(subjects: readonly DesignSubject[], analysis: DocumentAnalysis): DesignDiagnostic[] {
    const seen = new Set<string>();
    const diagnostics: DesignDiagnostic[] = [];
    for (const subject of subjects) {
        const namesTraining = subjects.filter((other) => other.model === subject.model).length > 1;
        for (const diagnostic of rangeDiagnostics(subject, analysis, namesTraining)) {
            const key = `${diagnostic.code}:${diagnostic.range.start.line}:${diagnostic.range.start.character}`;
            if (seen.has(key)) continue;
            seen.add(key);
            diagnostics.push(diagnostic);
        }
        diagnostics.push(...budgetDiagnostics(subject));
        diagnostics.push(...accumulationDiagnostics(subject));
    }
    return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
