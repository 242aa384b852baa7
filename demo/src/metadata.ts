/**
 * An image's metadata: the keys in a table (edit in place, delete after a confirmation), a form to
 * add keys (POST) and one to replace them all (PUT). Each write runs once at a time, then the
 * table is re-read from Nova; the keyboard focus lands where the user will act next.
 */
import type { ImageDetail, Metadata, NovaClient } from './api.ts';
import { field, focus, h, once, show } from './dom.ts';
import { failure, info } from './messages.ts';

/** Nova gives metadata values as strings; the detail view may hold other JSON. */
function asMetadata(values: Record<string, unknown>): Metadata {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'string' || value === null ? value : JSON.stringify(value),
    ]),
  );
}

/** Lets a long key break after `_`, `-`, `.` or `:` rather than in the middle of a word. */
function breakable(key: string): (Node | string)[] {
  return key.split(/(?<=[_\-.:])/).flatMap((part, index) => (index === 0 ? [part] : [h('wbr'), part]));
}

class MetadataEditor {
  private current: Metadata;
  private readonly rows = h('tbody', {});
  private readonly replaceText = h('textarea', { name: 'replace', rows: 6, spellcheck: 'false' });
  readonly addKey = h('input', { name: 'key', required: true, autocomplete: 'off' });

  constructor(
    private readonly client: NovaClient,
    private readonly image: ImageDetail,
    private readonly signal: AbortSignal,
  ) {
    this.current = asMetadata(image.metadata);
  }

  /** The edit button of a key, or (after it was deleted) a neighbour's, or the add form. */
  private focusKey(key: string | undefined, deleted?: string): void {
    const keys = Object.keys(this.current).sort();
    const target =
      key ?? (deleted === undefined ? undefined : (keys.find((other) => other > deleted) ?? keys.at(-1)));
    const row = target === undefined ? null : this.rows.querySelector(`tr[data-key="${CSS.escape(target)}"]`);
    focus(row ? row.querySelector('button.edit') : this.addKey);
  }

  renderRows(): void {
    const keys = Object.keys(this.current).sort();
    this.replaceText.value = JSON.stringify(this.current, null, 2);
    if (keys.length === 0) {
      show(this.rows, h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No metadata.')));
      return;
    }
    show(this.rows, ...keys.map((key) => this.row(key, this.current[key] ?? null)));
  }

  /** A write, then the table as Nova has it now. False (and an error shown) when it failed. */
  async write(action: () => Promise<unknown>, done: string): Promise<boolean> {
    try {
      await action();
      if (this.signal.aborted) return false;
      this.current = await this.client.metadata(this.image.id);
    } catch (error) {
      if (!this.signal.aborted) failure(error, () => this.write(action, done));
      return false;
    }
    if (this.signal.aborted) return false;
    info(done);
    this.renderRows();
    return true;
  }

  async refresh(): Promise<void> {
    try {
      this.current = await this.client.metadata(this.image.id);
    } catch (error) {
      if (!this.signal.aborted) failure(error, () => this.refresh());
      return;
    }
    if (!this.signal.aborted) this.renderRows();
  }

  private row(key: string, value: string | null): HTMLTableRowElement {
    const valueCell = h('td', { class: 'value' }, value === null ? h('em', {}, 'null') : value);
    const actions = h('div', { class: 'row-actions' });
    const edit = h('button', { type: 'button', class: 'edit', 'aria-label': `Edit ${key}` }, 'Edit');
    const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${key}` }, 'Delete');
    edit.addEventListener('click', () => this.startEdit(key, value, valueCell));
    remove.addEventListener('click', () => this.confirmDelete(key, actions));
    show(actions, edit, remove);
    return h(
      'tr',
      { 'data-key': key },
      h('th', { scope: 'row' }, h('code', { class: 'key' }, ...breakable(key))),
      valueCell,
      h('td', {}, actions),
    );
  }

  private startEdit(key: string, value: string | null, cell: HTMLElement): void {
    const input = h('input', { value: value ?? '', 'aria-label': `New value of ${key}`, name: 'edit-value' });
    const save = h('button', { type: 'submit' }, 'Save');
    const close = () => {
      this.renderRows();
      this.focusKey(key);
    };
    const cancel = h('button', { type: 'button', onclick: close }, 'Cancel');
    const form = h(
      'form',
      {
        class: 'inline',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          once(save, async () => {
            const value = input.value;
            if (
              await this.write(() => this.client.setMetadataItem(this.image.id, key, value), `Set ${key}.`)
            ) {
              this.focusKey(key);
            }
          });
        },
        onkeydown: (event: KeyboardEvent) => {
          if (event.key === 'Escape') close();
        },
      },
      input,
      save,
      cancel,
    );
    show(cell, form);
    input.focus();
  }

  private confirmDelete(key: string, actions: HTMLElement): void {
    const yes = h('button', { type: 'button', class: 'danger' }, 'Delete');
    const no = h('button', { type: 'button' }, 'Keep');
    const question = h('span', { class: 'question' }, `Delete ${key}?`);
    yes.setAttribute('aria-label', `Yes, delete ${key}`);
    no.setAttribute('aria-label', `No, keep ${key}`);
    no.addEventListener('click', () => {
      this.renderRows();
      this.focusKey(key);
    });
    yes.addEventListener('click', () =>
      once(yes, async () => {
        if (await this.write(() => this.client.deleteMetadataItem(this.image.id, key), `Deleted ${key}.`)) {
          this.focusKey(undefined, key);
        }
      }),
    );
    show(actions, question, yes, no);
    no.focus();
  }

  addForm(): HTMLFormElement {
    const value = h('input', { name: 'value', autocomplete: 'off' });
    const add = h('button', { type: 'submit' }, 'Add');
    return h(
      'form',
      {
        class: 'add-metadata',
        'aria-label': 'Add metadata',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          const key = this.addKey.value.trim();
          once(add, async () => {
            const added = { [key]: value.value };
            if (await this.write(() => this.client.addMetadata(this.image.id, added), `Added ${key}.`)) {
              this.addKey.value = '';
              value.value = '';
              this.addKey.focus();
            }
          });
        },
      },
      field('Key', this.addKey),
      field('Value', value),
      h('div', { class: 'actions' }, add),
    );
  }

  replaceForm(): HTMLFormElement {
    const replace = h('button', { type: 'submit' }, 'Replace all');
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      let metadata: Metadata;
      try {
        metadata = JSON.parse(this.replaceText.value) as Metadata;
        if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata))
          throw new Error('not an object');
      } catch (error) {
        failure(`Replace all needs a JSON object: ${(error as Error).message}`);
        return;
      }
      once(replace, () =>
        this.write(() => this.client.replaceMetadata(this.image.id, metadata), 'Replaced all metadata.'),
      );
    };
    return h(
      'form',
      { class: 'replace-metadata', 'aria-label': 'Replace all metadata', onsubmit: submit },
      h(
        'details',
        {},
        h('summary', {}, 'Replace all (JSON)'),
        field('All metadata, as a JSON object', this.replaceText),
        replace,
      ),
    );
  }

  table(): HTMLTableElement {
    return h(
      'table',
      { class: 'metadata-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Key'),
          h('th', { scope: 'col' }, 'Value'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')),
        ),
      ),
      this.rows,
    );
  }
}

export function metadataSection(client: NovaClient, image: ImageDetail, signal: AbortSignal): HTMLElement {
  const editor = new MetadataEditor(client, image, signal);
  editor.renderRows();
  // The detail view's metadata may be older than the metadata call's; show the latter when it comes.
  editor.refresh();
  return h(
    'section',
    { class: 'metadata', 'aria-labelledby': 'metadata-title' },
    h('h3', { id: 'metadata-title' }, 'Metadata'),
    editor.table(),
    editor.addForm(),
    editor.replaceForm(),
  );
}
