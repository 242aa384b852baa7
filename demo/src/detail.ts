/** One image: every field, its links, its metadata (add, edit, delete, replace all) and delete. */
import type { ImageDetail, Metadata, NovaClient } from './api.ts';
import { field, h, show } from './dom.ts';
import { formatBytes } from './images.ts';
import { failure, info } from './messages.ts';

export interface DetailActions {
  back: () => void;
  /** Show the list of the images made from this server. */
  filterByServer: (serverId: string) => void;
}

export function renderDetail(
  view: HTMLElement,
  client: NovaClient,
  id: string,
  actions: DetailActions,
): void {
  const heading = h('h2', { tabindex: -1 }, 'Image');
  const back = h('button', { type: 'button', class: 'link', onclick: () => actions.back() }, '← All images');
  const body = h('div', { class: 'detail', 'aria-busy': 'true' });
  show(view, back, heading, body);
  heading.focus();

  const load = async (): Promise<void> => {
    try {
      const image = await client.image(id);
      heading.textContent = image.name ?? '(no name)';
      show(
        body,
        fields(image, actions),
        metadataSection(client, image),
        deleteSection(client, image, actions),
      );
      body.setAttribute('aria-busy', 'false');
    } catch (error) {
      failure(error, load);
      show(body, h('p', { class: 'empty' }, 'The image could not be shown.'));
    }
  };
  load();
}

function fields(image: ImageDetail, actions: DetailActions): HTMLElement {
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  const links = image.links.map((link) =>
    h('li', {}, h('span', { class: 'rel' }, link.rel), ' ', h('code', { class: 'href' }, link.href)),
  );
  const server = image.server;
  return h(
    'section',
    { 'aria-labelledby': 'fields-title' },
    h('h3', { id: 'fields-title' }, 'Fields'),
    h(
      'dl',
      { class: 'fields' },
      ...row('ID', h('code', {}, image.id)),
      ...row('Name', image.name ?? '(no name)'),
      ...row('Status', h('span', { class: `status status-${image.status.toLowerCase()}` }, image.status)),
      ...row('Progress', `${image.progress}%`),
      ...row(
        'Size (OS-EXT-IMG-SIZE:size)',
        `${formatBytes(image['OS-EXT-IMG-SIZE:size'])} (${image['OS-EXT-IMG-SIZE:size']} bytes)`,
      ),
      ...row('Minimum RAM', `${image.minRam} MB`),
      ...row('Minimum disk', `${image.minDisk} GB`),
      ...row('Created', image.created ?? '—'),
      ...row('Updated', image.updated ?? '—'),
      ...row('Disk config (OS-DCF:diskConfig)', image['OS-DCF:diskConfig'] ?? '— (no auto_disk_config)'),
      ...row(
        'Server',
        ...(server
          ? [
              h('code', { class: 'server-id' }, server.id),
              ' ',
              h(
                'a',
                { href: server.links.find((link) => link.rel === 'self')?.href ?? '#', class: 'server-link' },
                'server link',
              ),
              ' ',
              h(
                'button',
                { type: 'button', class: 'link', onclick: () => actions.filterByServer(server.id) },
                'Images of this server',
              ),
            ]
          : ['— (not a snapshot of a server)']),
      ),
      ...row('Links', h('ul', { class: 'links' }, ...links)),
    ),
  );
}

function metadataSection(client: NovaClient, image: ImageDetail): HTMLElement {
  const table = h('tbody', {});
  const section = h('section', { class: 'metadata', 'aria-labelledby': 'metadata-title' });
  let current: Metadata = {};

  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await action();
      info(done);
      await refresh();
      return true;
    } catch (error) {
      failure(error, () => run(action, done));
      return false;
    }
  };

  const refresh = async (): Promise<void> => {
    try {
      current = await client.metadata(image.id);
      renderRows();
    } catch (error) {
      failure(error, refresh);
    }
  };

  const renderRows = (): void => {
    const keys = Object.keys(current).sort();
    if (keys.length === 0) {
      show(table, h('tr', {}, h('td', { colspan: 3, class: 'empty' }, 'No metadata.')));
      return;
    }
    show(table, ...keys.map((key) => metadataRow(key, current[key] ?? null)));
    replaceText.value = JSON.stringify(current, null, 2);
  };

  const metadataRow = (key: string, value: string | null): HTMLTableRowElement => {
    const valueCell = h('td', { class: 'value' }, value === null ? h('em', {}, 'null') : value);
    const edit = h('button', { type: 'button', 'aria-label': `Edit ${key}` }, 'Edit');
    const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${key}` }, 'Delete');
    const row = h(
      'tr',
      { 'data-key': key },
      h('th', { scope: 'row' }, h('code', {}, key)),
      valueCell,
      h('td', {}, h('div', { class: 'row-actions' }, edit, remove)),
    );
    edit.addEventListener('click', () => {
      const input = h('input', {
        value: value ?? '',
        'aria-label': `New value of ${key}`,
        name: 'edit-value',
      });
      const save = h('button', { type: 'submit' }, 'Save');
      const cancel = h('button', { type: 'button', onclick: () => renderRows() }, 'Cancel');
      const form = h(
        'form',
        {
          class: 'inline',
          onsubmit: (event: SubmitEvent) => {
            event.preventDefault();
            run(() => client.setMetadataItem(image.id, key, input.value), `Set ${key}.`);
          },
          onkeydown: (event: KeyboardEvent) => {
            if (event.key === 'Escape') renderRows();
          },
        },
        input,
        save,
        cancel,
      );
      show(valueCell, form);
      input.focus();
    });
    remove.addEventListener('click', () =>
      run(() => client.deleteMetadataItem(image.id, key), `Deleted ${key}.`),
    );
    return row;
  };

  const newKey = h('input', { name: 'key', required: true, autocomplete: 'off' });
  const newValue = h('input', { name: 'value', autocomplete: 'off' });
  const addForm = h(
    'form',
    {
      class: 'add-metadata',
      'aria-label': 'Add metadata',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        const key = newKey.value.trim();
        if (await run(() => client.addMetadata(image.id, { [key]: newValue.value }), `Added ${key}.`)) {
          newKey.value = '';
          newValue.value = '';
          newKey.focus();
        }
      },
    },
    field('Key', newKey),
    field('Value', newValue),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add')),
  );

  const replaceText = h('textarea', { name: 'replace', rows: 6, spellcheck: 'false' });
  const replaceForm = h(
    'form',
    {
      class: 'replace-metadata',
      'aria-label': 'Replace all metadata',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        let metadata: Metadata;
        try {
          metadata = JSON.parse(replaceText.value) as Metadata;
          if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata))
            throw new Error('not an object');
        } catch (error) {
          failure(`Replace all needs a JSON object: ${(error as Error).message}`);
          return;
        }
        run(() => client.replaceMetadata(image.id, metadata), 'Replaced all metadata.');
      },
    },
    h(
      'details',
      {},
      h('summary', {}, 'Replace all (JSON)'),
      field('All metadata, as a JSON object', replaceText),
      h('button', { type: 'submit' }, 'Replace all'),
    ),
  );

  show(
    section,
    h('h3', { id: 'metadata-title' }, 'Metadata'),
    h(
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
      table,
    ),
    addForm,
    replaceForm,
  );
  current = Object.fromEntries(
    Object.entries(image.metadata).map(([key, value]) => [
      key,
      typeof value === 'string' || value === null ? value : JSON.stringify(value),
    ]),
  );
  renderRows();
  refresh();
  return section;
}

function deleteSection(client: NovaClient, image: ImageDetail, actions: DetailActions): HTMLElement {
  const confirmButton = h('button', { type: 'button', class: 'danger', value: 'delete' }, 'Delete image');
  const cancelButton = h('button', { type: 'button', value: 'cancel' }, 'Cancel');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'delete-title', class: 'confirm' },
    h('h3', { id: 'delete-title' }, 'Delete this image?'),
    h('p', {}, `“${image.name ?? image.id}” will be deleted. This cannot be undone.`),
    h('div', { class: 'actions' }, cancelButton, confirmButton),
  );
  cancelButton.addEventListener('click', () => dialog.close());
  const remove = async (): Promise<void> => {
    dialog.close();
    try {
      await client.deleteImage(image.id);
      info(`Deleted image ${image.name ?? image.id}.`);
      actions.back();
    } catch (error) {
      failure(error, remove);
    }
  };
  confirmButton.addEventListener('click', remove);
  const open = h(
    'button',
    {
      type: 'button',
      class: 'danger',
      onclick: () => {
        dialog.showModal();
        cancelButton.focus();
      },
    },
    'Delete image…',
  );
  return h('section', { class: 'delete', 'aria-label': 'Delete image' }, open, dialog);
}
