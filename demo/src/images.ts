/**
 * The image list: filters, page size, and paging that follows Nova's `images_links` (next) and a
 * stack of the pages already seen (previous).
 */
import type { ImageDetail, NovaClient } from './api.ts';
import { field, h, select, show } from './dom.ts';
import { failure, info } from './messages.ts';

export interface ListState {
  filters: { name: string; status: string; type: string; server: string };
  limit: number;
  /** URLs of the pages before the current one (the previous stack) and the current page. */
  previous: string[];
  current?: string;
}

export const listState: ListState = {
  filters: { name: '', status: '', type: '', server: '' },
  limit: 10,
  previous: [],
};

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
const PAGE_SIZES = [3, 5, 10, 20, 50];

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

function firstPage(client: NovaClient): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(listState.filters)) if (value) query.set(name, value);
  query.set('limit', String(listState.limit));
  return client.firstPageUrl(query);
}

/** Forget the paging position (filters or page size changed, or data was reset). */
export function restartPaging(): void {
  listState.previous = [];
  listState.current = undefined;
}

export function renderList(view: HTMLElement, client: NovaClient, open: (id: string) => void): void {
  const name = h('input', { name: 'name', type: 'search', value: listState.filters.name });
  const status = select('status', STATUSES, listState.filters.status);
  const type = select('type', TYPES, listState.filters.type);
  const server = h('input', {
    name: 'server',
    value: listState.filters.server,
    placeholder: 'instance UUID',
  });
  const limit = select(
    'limit',
    PAGE_SIZES.map((size) => [String(size), String(size)] as const),
    String(listState.limit),
  );
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter images',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        listState.filters = {
          name: name.value.trim(),
          status: status.value,
          type: type.value,
          server: server.value.trim(),
        };
        listState.limit = Number(limit.value);
        restartPaging();
        load(firstPage(client));
      },
    },
    field('Name', name),
    field('Status', status),
    field('Type', type),
    field('Server', server),
    field('Page size', limit),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Apply filters')),
  );
  const results = h('section', { class: 'results', 'aria-label': 'Images', 'aria-busy': 'true' });
  show(view, h('h2', {}, 'Images'), filters, results);

  const load = async (url: string): Promise<void> => {
    results.setAttribute('aria-busy', 'true');
    try {
      const page = await client.page(url);
      listState.current = url;
      showPage(results, page.images, page.next, open, {
        next: (href) => {
          listState.previous.push(url);
          load(href);
        },
        previous: () => {
          const back = listState.previous.pop();
          if (back) load(back);
        },
      });
    } catch (error) {
      failure(error, () => load(url));
      show(results, h('p', { class: 'empty' }, 'The images could not be loaded.'));
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  };
  load(listState.current ?? firstPage(client));
}

function showPage(
  results: HTMLElement,
  images: ImageDetail[],
  next: string | undefined,
  open: (id: string) => void,
  go: { next: (href: string) => void; previous: () => void },
): void {
  const pageNumber = listState.previous.length + 1;
  if (images.length === 0 && pageNumber > 1) info('No more images: this is past the last page.');
  const rows = images.map((image) =>
    h(
      'tr',
      { 'data-image-id': image.id },
      h(
        'th',
        { scope: 'row' },
        h(
          'a',
          {
            href: `#/images/${image.id}`,
            onclick: (event: MouseEvent) => {
              event.preventDefault();
              open(image.id);
            },
          },
          image.name ?? '(no name)',
        ),
      ),
      h('td', {}, h('span', { class: `status status-${image.status.toLowerCase()}` }, image.status)),
      h('td', { class: 'num' }, formatBytes(image['OS-EXT-IMG-SIZE:size'])),
      h('td', { class: 'hide-narrow' }, image.created ?? ''),
    ),
  );
  show(
    results,
    images.length === 0
      ? h('p', { class: 'empty' }, 'No images match.')
      : h(
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
        ),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      h(
        'button',
        {
          type: 'button',
          disabled: pageNumber === 1,
          onclick: () => go.previous(),
          'data-action': 'previous',
        },
        '← Previous',
      ),
      h('span', { class: 'page-number', 'aria-live': 'polite' }, `Page ${pageNumber}`),
      h(
        'button',
        { type: 'button', disabled: !next, onclick: () => next && go.next(next), 'data-action': 'next' },
        'Next →',
      ),
    ),
  );
}
