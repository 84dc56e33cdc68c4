// Name resolution. A .phg file is self-contained: top-level names (units, dimensions, data,
// models, algebras) resolve within the file, then in the built-in units document; value names
// resolve within their model, and inside `train`/`distill` also to the data set's columns.
// Scopes are hash maps built once per container and AST, so linking a 2,000-line model stays
// linear (Langium's default scopes scan a stream per reference).
import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, type AstNode, type ReferenceInfo, type Scope } from 'langium';
import type { DataColumn, DataDecl, DistillDecl, ModelDecl, NamedValue, PhgFile, TrainDecl } from '../generated/ast.js';
import {
    isDistillDecl, isLayerDecl, isModelDecl, isPhgFile, isTrainDecl
} from '../generated/ast.js';
import type { PhgBuiltinDocument } from '../builtins/builtin-document.js';
import type { PhgCoreServices as PhgServices } from '../phg-module.js';
import { dataColumnsOf, modelValuesOf } from './named-values.js';
import { NodeMapScope } from './node-map-scope.js';

/** Resolves every cross-reference of a .phg file (see the file comment for the rules). */
export class PhgScopeProvider extends DefaultScopeProvider {
    private readonly builtins: PhgBuiltinDocument;
    private readonly topLevelScopes = new WeakMap<PhgFile, Map<string, Scope>>();
    private readonly valueScopes = new WeakMap<AstNode, Scope>();

    constructor(services: PhgServices) {
        super(services);
        this.builtins = services.builtins.BuiltinDocument;
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const root = AstUtils.findRootNode(context.container);
        switch (referenceType) {
            case 'NamedValue':
                return this.valueScope(context.container);
            case 'LayerDecl': {
                const model = AstUtils.getContainerOfType(context.container, isModelDecl);
                return model ? this.scopeOf(modelValuesOf(model).filter(isLayerDecl)) : EMPTY_SCOPE;
            }
            default:
                // Completion asks on behalf of a synthetic node, whose container error recovery may
                // have cut loose from the file (`model Clinic like` after a broken loss): nothing in scope.
                return isPhgFile(root) ? this.topLevelScope(root, referenceType) : EMPTY_SCOPE;
        }
    }

    /** Declarations of one type at the top of the file, with built-ins (units, dimensions) behind them. */
    private topLevelScope(root: PhgFile, type: string): Scope {
        let scopes = this.topLevelScopes.get(root);
        if (!scopes) {
            scopes = new Map();
            this.topLevelScopes.set(root, scopes);
        }
        const cached = scopes.get(type);
        if (cached) return cached;
        const outer = this.builtinScope(root, type);
        const own = root.declarations.filter((declaration) => this.reflection.isSubtype(declaration.$type, type));
        const scope = this.scopeOf(own, outer);
        scopes.set(type, scope);
        return scope;
    }

    private builtinScope(root: PhgFile, type: string): Scope | undefined {
        if (type !== 'UnitDecl' && type !== 'DimensionDecl') return undefined;
        const builtinRoot = this.builtins.document.parseResult.value;
        if (root === builtinRoot) return undefined;
        return this.topLevelScope(builtinRoot, type);
    }

    /** Value names: the enclosing model's values; in train/distill, the model's values, then the data's columns. */
    private valueScope(node: AstNode): Scope {
        const container = AstUtils.getContainerOfType(node, (n): n is ModelDecl | TrainDecl | DistillDecl => isModelDecl(n) || isTrainDecl(n) || isDistillDecl(n));
        if (!container) return EMPTY_SCOPE;
        const cached = this.valueScopes.get(container);
        if (cached) return cached;
        let scope: Scope;
        if (isModelDecl(container)) {
            scope = this.scopeOf(modelValuesOf(container));
        } else {
            const model: ModelDecl | undefined = isTrainDecl(container) ? container.model?.ref : isDistillDecl(container) ? container.student?.ref : undefined;
            const data: DataDecl | undefined = container.data?.ref;
            const columns: DataColumn[] = data ? dataColumnsOf(data) : [];
            const values: NamedValue[] = model ? modelValuesOf(model) : [];
            scope = this.scopeOf(values, this.scopeOf(columns));
        }
        this.valueScopes.set(container, scope);
        return scope;
    }

    /** A scope of named nodes whose descriptions are made on first use. */
    private scopeOf(nodes: readonly AstNode[], outer?: Scope): Scope {
        const named: [string, AstNode][] = [];
        for (const node of nodes) {
            const name = this.nameProvider.getName(node);
            if (name) named.push([name, node]);
        }
        return new NodeMapScope(named, (node, name) => this.descriptions.createDescription(node, name), outer);
    }
}

