/**
 * Unlimited lists (`GET /images` with no limit, §11.4): a long one is streamed (chunked, no
 * Content-Length) by the standalone server, with the same bytes the in-process runtime answers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { serializeRecords } from '../generators/writer.ts';
import { createNovaImagesMock } from '../mocks/node.ts';
import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import { assertNovaResponse } from './support/nova-schemas.ts';
import { startServe } from './support/serve-process.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-unlimited-'));
afterAll(() => rm(directory, { recursive: true, force: true }));
const records = generateDataset({ seed: 10, count: 3000 });

function get(url: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ headers: response.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    outgoing.on('error', reject);
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error('no answer in 20 s')));
    outgoing.end();
  });
}

describe('an unlimited list', () => {
  it.each(['images', 'images/detail'])(
    'GET /v2.1/%s streams every listed image, the bytes the in-process runtime answers',
    { timeout: 60_000 },
    async (collection) => {
      const file = join(directory, `${collection.replace('/', '-')}.json`);
      await writeFile(file, Buffer.concat([...serializeRecords(records, 'dataset')]));
      const serve = await startServe(['--dataset', file]);
      const mock = createNovaImagesMock({ dataset: records, baseUrl: serve.url });
      try {
        const streamed = await get(`${serve.url}/v2.1/${collection}`);
        expect(streamed.headers['transfer-encoding']).toBe('chunked');
        expect(streamed.headers['content-length']).toBeUndefined();
        const page = JSON.parse(streamed.body) as { images: { id: string }[] };
        assertNovaResponse(collection === 'images' ? 'images.list' : 'images.detail', page);
        const listed = mock.store.list({ projectId: DEFAULT_PROJECT_ID }, {});
        expect(listed.length).toBeGreaterThan(1000);
        expect(page.images.map((image) => image.id)).toEqual(listed.map((image) => image.id));

        mock.listen({ onUnhandledRequest: 'error' });
        const inProcess = await fetch(`${serve.url}/v2.1/${collection}`);
        expect(await inProcess.text()).toBe(streamed.body);
      } finally {
        mock.close();
        await serve.stop();
      }
    },
  );
});
