/** Making elements: untrusted text only ever enters the page as textContent. */
export function h<K extends keyof HTMLElementTagNameMap>(name: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A small label in the theme's badge colours (styled by the page's CSS as `.badge`). */
export function badge(text: string, label: string): HTMLElement {
  return h('span', { class: 'badge', role: 'note', 'aria-label': label, title: label }, text);
}

/**
 * Appends nodes one by one through a fragment: never `append(...nodes)`, since a hostile step of
 * 100,000 characters can make that many pieces, and spread into an argument list they overflow the stack.
 */
export function appendAll(parent: Element, nodes: Iterable<Node | string>): void {
  const fragment = document.createDocumentFragment();
  for (const node of nodes) fragment.append(node);
  parent.append(fragment);
}

/** `replaceChildren` with any number of nodes (see appendAll). */
export function replaceAll(parent: Element, nodes: Iterable<Node | string>): void {
  parent.replaceChildren();
  appendAll(parent, nodes);
}
