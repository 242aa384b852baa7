/** One image: its actions first (delete), then every field, its links and its metadata. */
import type { ImageDetail, NovaClient } from './api.ts';
import { focus, h, once, setTitle, show } from './dom.ts';
import { glanceSection } from './glance.ts';
import { formatBytes } from './images.ts';
import { announce, failure, info } from './messages.ts';
import { metadataSection } from './metadata.ts';
import { hashOf, type Place } from './route.ts';

type ImagePlace = Extract<Place, { view: 'image' }>;

export interface DetailActions {
  go: (place: Place) => void;
  /** Show the list of the images made from this server. */
  filterByServer: (serverId: string) => void;
}

export function renderDetail(
  view: HTMLElement,
  client: NovaClient,
  place: ImagePlace,
  signal: AbortSignal,
  actions: DetailActions,
): void {
  const heading = h('h2', { tabindex: -1 }, 'Loading image…');
  const back = h('a', { href: hashOf({ view: 'list', list: place.list }), class: 'back' }, '← All images');
  const body = h(
    'div',
    { class: 'detail', 'aria-busy': 'true' },
    h('p', { class: 'loading' }, `Loading image ${place.id}…`),
  );
  show(view, back, heading, body);
  setTitle('Image');
  heading.focus();

  const load = async (): Promise<void> => {
    body.setAttribute('aria-busy', 'true');
    announce(`Loading image ${place.id}…`);
    let image: ImageDetail;
    try {
      image = await client.image(place.id);
    } catch (error) {
      if (signal.aborted) return;
      failure(error, load);
      heading.textContent = 'Image not shown';
      show(body, h('p', { class: 'empty' }, 'The image could not be shown.'));
      body.setAttribute('aria-busy', 'false');
      return;
    }
    if (signal.aborted) return;
    const name = image.name ?? '(no name)';
    heading.textContent = name;
    setTitle(name);
    show(
      body,
      deleteControl(client, image, place, actions),
      h('div', { class: 'views' }, fields(image, actions), glanceSection(client, image.id, signal)),
      metadataSection(client, image, signal),
    );
    body.setAttribute('aria-busy', 'false');
    announce(`Image ${name} shown.`);
  };
  load();
}

function fields(image: ImageDetail, actions: DetailActions): HTMLElement {
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', {}, term), h('dd', {}, ...value)];
  const size = image['OS-EXT-IMG-SIZE:size'];
  return h(
    'section',
    { class: 'nova', 'aria-labelledby': 'fields-title' },
    h('h3', { id: 'fields-title' }, 'Nova view (compute proxy)'),
    h(
      'dl',
      { class: 'fields' },
      ...row('ID', h('code', {}, image.id)),
      ...row('Name', image.name ?? '(no name)'),
      ...row('Status', h('span', { class: `status status-${image.status.toLowerCase()}` }, image.status)),
      ...row('Progress', `${image.progress}%`),
      ...row('Size (OS-EXT-IMG-SIZE:size)', `${formatBytes(size)} (${size} bytes)`),
      ...row('Minimum RAM', `${image.minRam} MB`),
      ...row('Minimum disk', `${image.minDisk} GB`),
      ...row('Created', image.created ?? '—'),
      ...row('Updated', image.updated ?? '—'),
      ...row('Disk config (OS-DCF:diskConfig)', image['OS-DCF:diskConfig'] ?? '— (no auto_disk_config)'),
      ...row('Server', ...serverValue(image, actions)),
      ...row('Links', linkList(image)),
    ),
  );
}

/**
 * A snapshot's server: its id, Nova's link to it as text (servers are not part of this mock, so
 * following it would leave the app), and the list of the images made from it.
 */
function serverValue(image: ImageDetail, actions: DetailActions): (Node | string)[] {
  const server = image.server;
  if (!server) return ['— (not a snapshot of a server)'];
  const self = server.links.find((link) => link.rel === 'self')?.href;
  return [
    h('code', { class: 'server-id' }, server.id),
    ' ',
    h(
      'button',
      { type: 'button', class: 'link', onclick: () => actions.filterByServer(server.id) },
      'Images of this server',
    ),
    self ? h('div', { class: 'server-link' }, 'Nova’s link: ', h('code', {}, self)) : '',
  ];
}

function linkList(image: ImageDetail): HTMLElement {
  return h(
    'ul',
    { class: 'links' },
    ...image.links.map((link) =>
      h('li', {}, h('span', { class: 'rel' }, link.rel), ' ', h('code', { class: 'href' }, link.href)),
    ),
  );
}

function deleteControl(
  client: NovaClient,
  image: ImageDetail,
  place: ImagePlace,
  actions: DetailActions,
): HTMLElement {
  const label = image.name ?? image.id;
  const confirmButton = h('button', { type: 'button', class: 'danger' }, 'Delete image');
  const cancelButton = h('button', { type: 'button' }, 'Cancel');
  const open = h('button', { type: 'button', class: 'danger' }, 'Delete image…');
  const dialog = h(
    'dialog',
    { 'aria-labelledby': 'delete-title', class: 'confirm' },
    h('h3', { id: 'delete-title' }, 'Delete this image?'),
    h('p', {}, `“${label}” will be deleted. This cannot be undone.`),
    h('div', { class: 'actions' }, cancelButton, confirmButton),
  );
  open.addEventListener('click', () => {
    dialog.showModal();
    cancelButton.focus();
  });
  cancelButton.addEventListener('click', () => dialog.close());
  // The dialog gives the focus back to the button that opened it, whichever way it closes.
  dialog.addEventListener('close', () => focus(open));
  const remove = (): Promise<void> =>
    once(confirmButton, async () => {
      try {
        await client.deleteImage(image.id);
      } catch (error) {
        dialog.close();
        failure(error, remove);
        return;
      }
      info(`Deleted image ${label}.`, true);
      actions.go({ view: 'list', list: place.list });
    });
  confirmButton.addEventListener('click', remove);
  return h('div', { class: 'toolbar' }, open, dialog);
}
