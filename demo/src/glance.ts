/**
 * The same image as Glance v2 shows it (`GET <image endpoint>/v2/images/{id}`), beside Nova's
 * proxy view: Glance's own names and values (lowercase status, visibility, formats, checksum,
 * properties at the top level), straight from the image service the Nova view translates.
 */
import { ApiError, type NovaClient } from './api.ts';
import { h, show } from './dom.ts';

function value(field: unknown): string {
  if (field === null) return 'null';
  return typeof field === 'string' ? field : JSON.stringify(field);
}

export function glanceSection(client: NovaClient, id: string, signal: AbortSignal): HTMLElement {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, 'Loading Glance’s view…'));
  const section = h(
    'section',
    { class: 'glance', 'aria-labelledby': 'glance-title' },
    h('h3', { id: 'glance-title' }, 'Glance v2 view'),
    body,
  );
  client
    .glanceImage(id)
    .then((image) => {
      if (signal.aborted) return;
      show(
        body,
        h(
          'dl',
          { class: 'fields glance-fields' },
          ...Object.entries(image).flatMap(([key, field]) => [
            h('dt', {}, h('code', {}, key)),
            h('dd', {}, h('code', {}, value(field))),
          ]),
        ),
      );
      body.setAttribute('aria-busy', 'false');
    })
    .catch((error: unknown) => {
      if (signal.aborted) return;
      const text =
        error instanceof ApiError
          ? `${error.headline.text} ${error.status}: ${error.message}`
          : String(error);
      show(body, h('p', { class: 'empty' }, `Glance did not show the image. ${text}`));
      body.setAttribute('aria-busy', 'false');
    });
  return section;
}
