/**
 * The image list: filters, page size, and paging that follows the marker of Nova's next link
 * (`images_links`). Filters and page live in the URL (route.ts): every change is a navigation, and
 * the answer to an abandoned request is dropped (main.ts aborts it).
 */
import type { ImageDetail, ImagePage, NovaClient } from './api.ts';
import { field, focus, h, select, setTitle, show } from './dom.ts';
import { announce, failure } from './messages.ts';
import { hasFilters, hashOf, type ListPlace, novaQuery, PAGE_SIZES, type Place } from './route.ts';

export interface ListActions {
  go: (place: Place) => void;
  /** The image the user came back from: its row gets the keyboard focus. */
  returningFrom?: string;
}

const STATUSES = [
  ['', 'Any status'],
  ['active', 'ACTIVE (active)'],
  ['queued', 'SAVING (queued)'],
  ['saving', 'SAVING (saving)'],
  ['killed', 'ERROR (killed)'],
  ['deactivated', 'UNKNOWN (deactivated)'],
] as const;
const TYPES = [
  ['', 'Any type'],
  ['snapshot', 'Snapshot'],
  ['backup', 'Backup'],
] as const;

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = size;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function filterForm(place: ListPlace, apply: (list: ListPlace) => void): HTMLFormElement {
  const hint = h(
    'span',
    { class: 'hint', id: 'name-hint' },
    'The whole name, exactly (Nova does not search)',
  );
  const name = h('input', {
    name: 'name',
    value: place.filters.name,
    autocomplete: 'off',
    'aria-describedby': 'name-hint',
  });
  const status = select('status', STATUSES, place.filters.status);
  const type = select('type', TYPES, place.filters.type);
  const server = h('input', { name: 'server', value: place.filters.server, placeholder: 'instance UUID' });
  const limit = select(
    'limit',
    PAGE_SIZES.map((size) => [String(size), String(size)] as const),
    String(place.limit),
  );
  const nameField = field('Name', name);
  nameField.append(hint);
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter images',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        apply({
          filters: {
            name: name.value.trim(),
            status: status.value,
            type: type.value,
            server: server.value.trim(),
          },
          limit: Number(limit.value),
          markers: [],
        });
      },
    },
    nameField,
    field('Status', status),
    field('Type', type),
    field('Server', server),
    field('Page size', limit),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-focus': 'apply' }, 'Apply filters')),
  );
}

export function renderList(
  view: HTMLElement,
  client: NovaClient,
  place: ListPlace,
  signal: AbortSignal,
  actions: ListActions,
): void {
  const pageNumber = place.markers.length + 1;
  const heading = h('h2', { tabindex: -1 }, 'Images');
  const results = h('section', { class: 'results', 'aria-label': 'Images', 'aria-busy': 'true' });
  const toList = (list: ListPlace) => actions.go({ view: 'list', list });
  const refocus = (document.activeElement as HTMLElement | null)?.dataset.focus;
  show(view, heading, filterForm(place, toList), results);
  setTitle(pageNumber > 1 ? `Images, page ${pageNumber}` : 'Images');
  const loading = `Loading page ${pageNumber} of the images…`;

  // Replacing the pager must not drop the keyboard focus that was on one of its buttons.
  const showResults = (...content: HTMLElement[]) => {
    const focused = (document.activeElement as HTMLElement | null)?.dataset.focus;
    show(results, ...content);
    results.setAttribute('aria-busy', 'false');
    if (focused) focus(results.querySelector(`[data-focus="${focused}"]`));
  };
  const load = async (): Promise<void> => {
    const focused = (document.activeElement as HTMLElement | null)?.dataset.focus;
    results.setAttribute('aria-busy', 'true');
    show(results, h('p', { class: 'loading' }, loading), pager(place, { loading: true }, toList));
    if (focused) focus(results.querySelector(`[data-focus="${focused}"]`));
    announce(loading);
    let page: ImagePage;
    try {
      page = await client.page(novaQuery(place));
    } catch (error) {
      if (signal.aborted) return;
      failure(error, load);
      showResults(h('p', { class: 'empty' }, 'The images could not be loaded.'));
      announce('');
      return;
    }
    if (signal.aborted) return;
    showResults(
      imageTable(page.images, pageNumber, place),
      pager(place, { loading: false, nextMarker: page.nextMarker }, toList),
    );
    announce(`Page ${pageNumber}: ${page.images.length} images.`);
    if (actions.returningFrom) focus(results.querySelector(`tr[data-image-id="${actions.returningFrom}"] a`));
  };
  load();
  if (!view.contains(document.activeElement)) {
    focus(refocus ? view.querySelector(`[data-focus="${refocus}"]`) : heading);
  }
}

function emptyText(place: ListPlace): string {
  if (place.markers.length > 0) return 'No more images: this is past the last page.';
  return hasFilters(place.filters) ? 'No images match these filters.' : 'This project has no images.';
}

function imageTable(images: ImageDetail[], pageNumber: number, place: ListPlace): HTMLElement {
  if (images.length === 0) return h('p', { class: 'empty' }, emptyText(place));
  const rows = images.map((image) =>
    h(
      'tr',
      { 'data-image-id': image.id },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: hashOf({ view: 'image', id: image.id, list: place }) }, image.name ?? '(no name)'),
      ),
      h('td', {}, h('span', { class: `status status-${image.status.toLowerCase()}` }, image.status)),
      h('td', { class: 'num' }, formatBytes(image['OS-EXT-IMG-SIZE:size'])),
      h('td', { class: 'hide-narrow' }, image.created ?? ''),
    ),
  );
  return h(
    'table',
    { class: 'images' },
    h('caption', { class: 'sr-only' }, `Images, page ${pageNumber}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num' }, 'Size'),
        h('th', { scope: 'col', class: 'hide-narrow' }, 'Created'),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

/** While the page loads, no Next yet. */
type PagerState = { loading: true } | { loading: false; nextMarker: string | undefined };

/** Previous and Next: inert while the page loads (`aria-disabled`, so the focus stays on them). */
function pager(place: ListPlace, state: PagerState, go: (list: ListPlace) => void): HTMLElement {
  const pageNumber = place.markers.length + 1;
  const button = (action: string, text: string, to: ListPlace | undefined) =>
    h(
      'button',
      {
        type: 'button',
        'data-action': action,
        'data-focus': action,
        'aria-disabled': to ? undefined : 'true',
        onclick: () => to && go(to),
      },
      text,
    );
  const previous =
    pageNumber > 1 && !state.loading ? { ...place, markers: place.markers.slice(0, -1) } : undefined;
  const next =
    !state.loading && state.nextMarker
      ? { ...place, markers: [...place.markers, state.nextMarker] }
      : undefined;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    button('previous', '← Previous', previous),
    h('span', { class: 'page-number' }, `Page ${pageNumber}`),
    button('next', 'Next →', next),
  );
}
