/**
 * Cached list views under several link contexts: each page shows the links of its own request
 * (host, plain or project-scoped URL), however the requests alternate, and a write shows at once.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { createHandlers } from '../mocks/handlers.ts';
import { checkedFetch } from './support/client.ts';
import { SAMPLE_PROJECT } from './support/mock.ts';

const server = setupServer(...createHandlers({ dataset: generateDataset({ seed: 8, count: 300 }) }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

interface Link {
  rel: string;
  href: string;
}
interface DetailPage {
  images: { id: string; name: string | null; links: Link[]; metadata: Record<string, unknown> }[];
}

const forms = ['http://compute-a.example', 'http://compute-b.example:8774'].flatMap((origin) => [
  { origin, project: '' },
  { origin, project: `/${SAMPLE_PROJECT}` },
]);

async function page(
  { origin, project }: (typeof forms)[number],
  collection: 'images/detail' | 'images' = 'images/detail',
): Promise<DetailPage> {
  const response = await checkedFetch(`${origin}/v2.1${project}/${collection}?limit=50`);
  expect(response.status).toBe(200);
  return (await response.json()) as DetailPage;
}

describe('the view cache', () => {
  it('gives each request the links of its own host and URL form, in any order', async () => {
    const first = await page(forms[0] as (typeof forms)[number]);
    expect(first.images).toHaveLength(50);
    for (let round = 0; round < 3; round++) {
      for (const form of forms) {
        const { images } = await page(form);
        expect(images.map((image) => image.id)).toEqual(first.images.map((image) => image.id));
        for (const image of images) {
          const href = (rel: string) => image.links.find((link) => link.rel === rel)?.href;
          expect(href('self')).toBe(`${form.origin}/v2.1${form.project}/images/${image.id}`);
          expect(href('bookmark')).toBe(`${form.origin}${form.project}/images/${image.id}`);
          expect(href('alternate')).toBe(`${form.origin}/image/images/${image.id}`);
        }
      }
    }
  });

  it('shows a metadata write on the next page, in every URL form', async () => {
    const target = (await page(forms[0] as (typeof forms)[number])).images[4];
    const write = await checkedFetch(`http://compute-a.example/v2.1/images/${target?.id}/metadata`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { cached: 'no longer' } }),
    });
    expect(write.status).toBe(200);
    for (const form of forms) {
      const written = (await page(form)).images.find((image) => image.id === target?.id);
      expect(written?.metadata.cached).toBe('no longer');
    }
  });

  it('keeps each link context right with more contexts than a record keeps, in both lists and after a reset', async () => {
    // Six contexts (three hosts × plain and project URLs): more than the four kept per record,
    // so views are dropped and rendered again as the requests go round.
    const many = ['http://a.example', 'http://b.example', 'http://c.example:8080'].flatMap((origin) => [
      { origin, project: '' },
      { origin, project: `/${SAMPLE_PROJECT}` },
    ]);
    const target = (await page(many[0] as (typeof many)[number])).images[4];
    const write = await checkedFetch(`http://a.example/v2.1/images/${target?.id}/metadata`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { before: 'reset' } }),
    });
    expect(write.status).toBe(200);
    for (const phase of ['written', 'reset'] as const) {
      if (phase === 'reset') {
        const reset = await fetch('http://a.example/__mock/reset', { method: 'POST' });
        expect(reset.status).toBe(204);
      }
      for (let round = 0; round < 2; round++) {
        for (const form of many) {
          for (const collection of ['images', 'images/detail'] as const) {
            const { images } = await page(form, collection);
            expect(images).toHaveLength(50);
            for (const image of images) {
              expect(image.links.find((link) => link.rel === 'self')?.href).toBe(
                `${form.origin}/v2.1${form.project}/images/${image.id}`,
              );
              // The plain list has no metadata; the detail list shows the write until the reset.
              expect(image.metadata === undefined).toBe(collection === 'images');
            }
            const written = images.find((image) => image.id === target?.id);
            if (collection === 'images/detail')
              expect(written?.metadata.before).toBe(phase === 'written' ? 'reset' : undefined);
          }
        }
      }
    }
  });
});
