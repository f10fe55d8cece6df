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
