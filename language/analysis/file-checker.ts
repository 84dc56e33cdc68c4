// Checks that belong to the file rather than to one model: unit and dimension declarations,
// format declarations, data declarations, duplicate top-level names, and units written with a
// blank before `<` (`20 <ms>`), which the grammar accepts but the language forbids.
import { AstUtils, CstUtils, type AstNode } from 'langium';
import type { DataDecl, PhgFile, TypeExpr, UnitAnnotation } from '../generated/ast.js';
import {
    isAlgebraDecl, isClassType, isColumnRange, isDataDecl, isDeployDecl, isDimensionDecl, isFormatDecl, isModelDecl,
    isPortSetting, isQuantityLiteral, isStringLiteral, isUnitAnnotation, isUnitDecl, isUnitOne
} from '../generated/ast.js';
import type { PhgBuiltinDocument } from '../builtins/builtin-document.js';
import { resolveFormat, formatSpellingOf } from '../formats/format-names.js';
import { checkAlgebraDeclarations } from '../ga/algebra-checks.js';
import { coefficientsOfType } from '../ga/multivector-types.js';
import { readType } from '../inference/type-annotations.js';
import { elementCount, formatShape } from '../shapes/shape-rules.js';
import { formatDimensionText } from '../units/dimension-format.js';
import { isCyclicUnit } from '../units/unit-resolver.js';
import { scaleValue } from '../units/scale.js';
import { relatedAt, type DiagnosticSink } from './diagnostic-sink.js';
import type { Shape } from './analysis-types.js';
import type { FileUnits } from './file-units.js';
import { quantityOfLiteral } from './quantities.js';
import { reportUnknownFormat } from './settings-checker.js';

/** Runs every file-level check. */
export function checkFile(root: PhgFile, units: FileUnits, builtins: PhgBuiltinDocument, sink: DiagnosticSink): void {
    checkDuplicates(root, sink);
    checkAlgebraDeclarations(root, sink);
    checkUnitDeclarations(root, units, builtins, sink);
    checkUnitSyntax(root, sink);
    for (const declaration of root.declarations) {
        if (isFormatDecl(declaration) && declaration.spec && !resolveFormat(declaration.spec, root)) {
            reportUnknownFormat(declaration.spec, formatSpellingOf(declaration.spec), root, sink);
        } else if (isDataDecl(declaration)) {
            checkData(declaration, units, sink);
        } else if (isDeployDecl(declaration)) {
            for (const setting of declaration.settings) {
                if (isPortSetting(setting) && (setting.port < 1 || setting.port > 65535)) {
                    sink.error('PHG6004', `port must be between 1 and 65535, not ${setting.port}`, { node: setting, property: 'port' });
                }
            }
        }
    }
}

/** Two top-level declarations of one kind with one name. */
function checkDuplicates(root: PhgFile, sink: DiagnosticSink): void {
    const seen = new Map<string, AstNode>();
    for (const declaration of root.declarations) {
        if (!('name' in declaration) || typeof declaration.name !== 'string' || !declaration.name) continue;
        const kind = isUnitDecl(declaration) ? 'unit' : isDimensionDecl(declaration) ? 'dimension' : isFormatDecl(declaration) ? 'format'
            : isDataDecl(declaration) ? 'data' : isModelDecl(declaration) ? 'model' : isAlgebraDecl(declaration) ? 'algebra' : 'deploy';
        const key = `${kind} ${declaration.name}`;
        const previous = seen.get(key);
        if (previous) {
            sink.error('PHG0104', `${kind} '${declaration.name}' is declared twice`, { node: declaration, property: 'name' },
                [relatedAt({ node: previous }, 'first declaration')]);
        } else {
            seen.set(key, declaration);
        }
    }
}

function checkUnitDeclarations(root: PhgFile, units: FileUnits, builtins: PhgBuiltinDocument, sink: DiagnosticSink): void {
    const baseUnitOf = new Map<AstNode, string>();
    for (const declaration of root.declarations) {
        if (isDimensionDecl(declaration) && declaration.name && builtins.dimensions.has(declaration.name)) {
            sink.warning('PHG1106', `dimension '${declaration.name}' shadows the built-in dimension of that name; units of this file then mean a different ${declaration.name}`, { node: declaration, property: 'name' });
        }
        if (!isUnitDecl(declaration) || !declaration.name) continue;
        if (builtins.units.has(declaration.name)) {
            sink.warning('PHG1106', `unit '${declaration.name}' shadows the built-in unit of that name in this file`, { node: declaration, property: 'name' });
        }
        const base = declaration.base?.ref;
        if (base) {
            const index = units.indexOf(base);
            const builtinUnit = index !== undefined && AstUtils.findRootNode(base) === builtins.document.parseResult.value ? units.basis.baseUnits[index] : undefined;
            const existing = builtinUnit ?? baseUnitOf.get(base);
            if (existing) {
                sink.error('PHG1103', `${base.name} already has the base unit ${existing}; declare '${declaration.name}' as a multiple of it, e.g. unit ${declaration.name} = 1000<${existing}>`,
                    { node: declaration, property: 'base' });
            } else {
                baseUnitOf.set(base, declaration.name);
            }
        }
        if (declaration.definition) {
            if (isCyclicUnit(declaration)) {
                sink.error('PHG1105', `unit '${declaration.name}' is defined in terms of itself`, { node: declaration.definition });
                continue;
            }
            const resolved = units.resolveUnit(declaration);
            if (resolved && !(scaleValue(resolved.scale) > 0)) {
                sink.error('PHG1107', `the scale of unit '${declaration.name}' must be positive`, { node: declaration.definition, property: 'scale' });
            }
        }
    }
}

/** Numbers other than 1 inside `<…>`, and `<…>` separated from what it qualifies by a blank. */
function checkUnitSyntax(root: PhgFile, sink: DiagnosticSink): void {
    const cst = root.$cstNode;
    if (!cst) return;
    const text = cst.root.fullText;
    // Every `<…>` starts with a `<` token; looking them up is much cheaper than walking every node.
    for (let offset = text.indexOf('<'); offset >= 0; offset = text.indexOf('<', offset + 1)) {
        const annotation = CstUtils.findLeafNodeAtOffset(cst, offset)?.astNode;
        if (!isUnitAnnotation(annotation) || annotation.$cstNode?.offset !== offset) continue;
        checkGlued(annotation, text, sink);
        for (const node of AstUtils.streamAst(annotation)) {
            if (isUnitOne(node) && node.one !== 1) {
                sink.error('PHG1104', `only 1 may appear as a number in a unit (as in <1/s>); write a scale as a unit declaration, e.g. unit k${node.one} = ${node.one}<…>`, { node });
            }
        }
    }
}

function checkGlued(annotation: UnitAnnotation, text: string, sink: DiagnosticSink): void {
    const container = annotation.$container;
    // Error recovery can leave an annotation without its container: nothing to check then.
    if (!container) return;
    // In a unit definition (`unit N2 = <kg m / s^2>`) the `<` stands alone; elsewhere it is glued.
    if (container.$type === 'UnitDefinition' && (container as { scale?: number }).scale === undefined) return;
    const offset = annotation.$cstNode?.offset;
    if (offset === undefined || offset === 0) return;
    const before = text.charAt(offset - 1);
    if (/\s/.test(before)) {
        const unit = annotation.$cstNode?.text ?? '<…>';
        const qualified = (container.$cstNode?.text ?? '').slice(0, offset - (container.$cstNode?.offset ?? offset)).trim();
        const what = isQuantityLiteral(container) ? 'number' : container.$type === 'UnitDefinition' ? 'scale' : 'type';
        sink.error('PHG0003', `a unit is glued to the ${what} it qualifies: write ${qualified}${unit}, without a blank before '<'`, { node: annotation });
    }
}

function checkData(data: DataDecl, units: FileUnits, sink: DiagnosticSink): void {
    const source = data.source;
    if (!source) return;
    const path = source.args[0]?.value;
    if (source.function !== 'csv' || source.args.length !== 1 || !isStringLiteral(path) || source.args[0]?.name) {
        sink.error('PHG6010', `a data source is csv("file.csv") with one file name, not ${source.$cstNode?.text ?? source.function}`, { node: source });
    }
    const seen = new Map<string, AstNode>();
    for (const column of data.columns) {
        if (!column.name) continue;
        const previous = seen.get(column.name);
        if (previous) {
            sink.error('PHG0104', `column '${column.name}' is declared twice in data ${data.name}`, { node: column, property: 'name' },
                [relatedAt({ node: previous }, 'first declaration')]);
        }
        seen.set(column.name, column);
        const written = readType(column.type, true, units, sink);
        const selector = column.selector;
        if (!selector) continue;
        const count = isColumnRange(selector) ? selector.last - selector.first + 1 : 1;
        if (isColumnRange(selector) && selector.last < selector.first) {
            sink.error('PHG2005', `columns ${selector.first}..${selector.last} is empty: the last column comes before the first`, { node: selector });
        } else if (column.type && (isClassType(column.type) ? count !== 1 : valuesPerRow(column.type, written.shape) !== count)) {
            const values = valuesPerRow(column.type, written.shape);
            const what = isClassType(column.type) ? 'a class label (one column)' : `${column.type.$cstNode?.text.trim() ?? formatShape(written.shape)} (${values} value${values === 1 ? '' : 's'})`;
            sink.error('PHG2005', `column '${column.name}' is declared as ${what}, but its selection picks ${count} column${count === 1 ? '' : 's'}`, { node: selector });
        }
        for (const bound of column.range ? [column.range.low, column.range.high] : []) {
            if (!bound?.unit) continue;
            const quantity = quantityOfLiteral(bound, units);
            const expected = written.exponents ?? new Array<number>(units.size).fill(0);
            if (quantity && quantity.exponents.some((exponent, i) => exponent !== (expected[i] ?? 0))) {
                sink.error('PHG1008', `range bound ${bound.$cstNode?.text ?? ''} has dimension ${formatDimensionText(quantity.exponents, [], units.vocabulary)}, but column '${column.name}' has ${formatDimensionText(expected, [], units.vocabulary)}`,
                    { node: bound });
            }
        }
    }
}

// Values a column supplies per row: its elements, times the stored coefficients of a multivector type.
function valuesPerRow(type: TypeExpr, shape: Shape): number {
    return elementCount(shape) * (coefficientsOfType(type) ?? 1);
}
