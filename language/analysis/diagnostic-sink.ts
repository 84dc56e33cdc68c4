// Collects diagnostics as values. Ranges come from the CST: a property's text when one is named
// (the operator of a binary expression, the name of a declaration), else the whole node.
import { GrammarUtils, type AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { DiagnosticCode } from '../validation/diagnostic-codes.js';
import type { PhgDiagnostic, RelatedLocation, Severity } from './analysis-types.js';

/** Where a diagnostic points: a node, optionally narrowed to one property or keyword. */
export interface DiagnosticTarget {
    readonly node: AstNode;
    readonly property?: string;
    readonly index?: number;
    readonly keyword?: string;
}

const emptyRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The exact range of a target. */
export function rangeOf(target: DiagnosticTarget): Range {
    const cst = target.node.$cstNode;
    if (!cst) return emptyRange;
    if (target.property) {
        const part = GrammarUtils.findNodeForProperty(cst, target.property, target.index);
        if (part) return part.range;
    }
    if (target.keyword) {
        const part = GrammarUtils.findNodeForKeyword(cst, target.keyword, target.index);
        if (part) return part.range;
    }
    return cst.range;
}

/** A related location for a node (or one of its properties). */
export function relatedAt(target: DiagnosticTarget, message: string): RelatedLocation {
    return { range: rangeOf(target), message };
}

/** An append-only list of diagnostics. */
export class DiagnosticSink {
    readonly diagnostics: PhgDiagnostic[] = [];

    /** Records a diagnostic. */
    report(severity: Severity, code: DiagnosticCode, message: string, target: DiagnosticTarget, related: readonly RelatedLocation[] = []): void {
        this.diagnostics.push({ code, severity, message, range: rangeOf(target), node: target.node, related });
    }

    /** Records an error. */
    error(code: DiagnosticCode, message: string, target: DiagnosticTarget, related: readonly RelatedLocation[] = []): void {
        this.report('error', code, message, target, related);
    }

    /** Records a warning. */
    warning(code: DiagnosticCode, message: string, target: DiagnosticTarget, related: readonly RelatedLocation[] = []): void {
        this.report('warning', code, message, target, related);
    }
}
