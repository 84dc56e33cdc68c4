// A tiny element builder for the webviews: no framework, no innerHTML (nothing is parsed from
// strings, so nothing from a model file can inject markup).

type Child = Node | string | undefined;

/** Creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attributes?: Record<string, string>, ...children: Child[]): HTMLElement;
export function h(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    for (const child of children) if (child !== undefined) element.append(child);
    return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
    parent.replaceChildren(...children.filter((c): c is Node | string => c !== undefined));
}
