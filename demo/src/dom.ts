/** A tiny element builder: `h('button', { type: 'button', onclick: go }, 'Go')`. */

export type Child = Node | string | number | null | undefined | false;
type Listener = (event: never) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.slice(2), value as EventListener);
    } else if (name === 'value') {
      (element as HTMLInputElement).value = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces the element's content. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let counter = 0;
/** A fresh id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled form field: `<div class="field"><label for=…>…</label><input id=…></div>`. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
): HTMLElement {
  if (!control.id) control.id = uid('field');
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

export function select(
  name: string,
  options: readonly (readonly [string, string])[],
  value = '',
): HTMLSelectElement {
  const element = h('select', { name });
  for (const [optionValue, text] of options) {
    element.append(h('option', { value: optionValue, selected: optionValue === value }, text));
  }
  return element;
}

/** The tab's title: what is shown, then the app. */
export function setTitle(what: string): void {
  document.title = `${what} — nova-images-mock demo`;
}

/**
 * Runs `action` unless the same button's action is still pending: a double click or a second
 * Enter cannot send a request twice. The button stays focusable (`aria-disabled`, not `disabled`),
 * so the keyboard focus is never dropped on the page body.
 */
export async function once(button: HTMLButtonElement, action: () => Promise<unknown>): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    await action();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

/** Focuses the element, if it is still on the page. */
export function focus(element: Element | null | undefined): void {
  if (element instanceof HTMLElement && element.isConnected) element.focus();
}
