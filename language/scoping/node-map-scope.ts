// A scope over named AST nodes that creates a node's description only when a reference (or
// completion) asks for it: a 2,000-value model links a few thousand names, and describing every
// value up front cost more than the linking itself.
import { stream, type AstNode, type AstNodeDescription, type Scope, type Stream } from 'langium';

/** Makes the description of a named node. */
export type Describe = (node: AstNode, name: string) => AstNodeDescription;

/** Named nodes by name (the first of a duplicated name wins), then an outer scope. */
export class NodeMapScope implements Scope {
    private readonly nodes = new Map<string, AstNode>();
    private readonly described = new Map<string, AstNodeDescription>();

    constructor(named: Iterable<readonly [string, AstNode]>, private readonly describe: Describe, private readonly outer?: Scope) {
        for (const [name, node] of named) if (!this.nodes.has(name)) this.nodes.set(name, node);
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.own(name) ?? this.outer?.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const own = this.own(name);
        const outer = this.outer?.getElements(name) ?? stream<AstNodeDescription>([]);
        return own ? stream([own]).concat(outer) : outer;
    }

    getAllElements(): Stream<AstNodeDescription> {
        const own = stream([...this.nodes.keys()]).map((name) => this.own(name)).nonNullable();
        return this.outer ? own.concat(this.outer.getAllElements()) : own;
    }

    private own(name: string): AstNodeDescription | undefined {
        let description = this.described.get(name);
        if (description) return description;
        const node = this.nodes.get(name);
        if (!node) return undefined;
        description = this.describe(node, name);
        this.described.set(name, description);
        return description;
    }
}
