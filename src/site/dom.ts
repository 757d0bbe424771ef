// Small DOM helpers. Text goes in through textContent only, so nothing a person typed or the API returned is
// ever parsed as markup.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { readonly className?: string; readonly text?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  node.append(...children);
  return node;
}

export function option(value: string, text: string, selected = false): HTMLOptionElement {
  const node = element('option', { text });
  node.value = value;
  node.selected = selected;
  return node;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
