/**
 * The standalone server reuses a list page's buffer once the page is written
 * (mocks/nova/page-buffers.ts): pages of different sizes asked for at once, over many
 * connections, each arrive whole and as asked, never with bytes of another page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { assertNovaResponse } from './support/nova-schemas.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await listen(createApp({ dataset: generateDataset({ seed: 12, count: 1500 }) }), {
    port: 0,
  });
});
afterAll(() => server.close());

const PAGES = [
  'images/detail?limit=100',
  'images/detail?limit=7',
  'images?limit=60',
  'images/detail?limit=33',
];

async function page(path: string): Promise<string> {
  const response = await fetch(`${server.url}/v2.1/${path}`, { signal: AbortSignal.timeout(20_000) });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  return text;
}

describe('page buffers reused by the standalone server', () => {
  it('answer pages asked for at once each whole and as asked', { timeout: 60_000 }, async () => {
    const alone = new Map<string, string>();
    for (const path of PAGES) {
      const text = await page(path);
      assertNovaResponse(
        path.startsWith('images/detail') ? 'images.detail' : 'images.list',
        JSON.parse(text),
      );
      alone.set(path, text);
    }
    // 16 at a time, 8 rounds: more pages in flight than buffers kept, sizes mixed.
    for (let round = 0; round < 8; round++) {
      const paths = Array.from({ length: 16 }, (_, index) => PAGES[(index + round) % PAGES.length] as string);
      const texts = await Promise.all(paths.map(page));
      texts.forEach((text, index) => {
        expect(text).toBe(alone.get(paths[index] as string));
      });
    }
  });
});
