// Odd requests get an answer (never a crash, never a 500 unless Nova answers one) and leave the
// server serving: the standalone adapter over the real handlers, spoken to with raw node:http
// (fetch would normalise some of these requests); every reply is still checked like the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { novaFetch } from './support/client.ts';
import { rawRequest } from './support/raw-http.ts';

describe('odd requests', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(createApp(), { port: 0 });
  });
  afterAll(() => server.close());

  it.each([
    ['PROPFIND', '/v2.1/images', 404],
    ['GET', '/v2.1/images/%E0%A4%A', 404],
    ['GET', '/v2.1/images/%00', 404],
    ['GET', '/v2.1/images/%2F..%2F..%2Fetc%2Fpasswd', 404],
    ['GET', `/v2.1/images/${'x'.repeat(4000)}`, 404],
    ['GET', '/v2.1/images?limit=99999999999999999999999', 200],
    ['GET', '/v2.1/images?limit=1&limit=x', 400],
    // master's query schema: "Query string is not UTF-8 encoded".
    ['GET', '/v2.1/images?name=%FF%FE', 400],
    ['GET', '/v2.1/images?changes-since=%00', 400],
    ['GET', '/v2.1/images?marker=%00', 400],
    ['GET', '/v2.1/images/detail?property-=x&property-__proto__=y', 200],
    ['POST', '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata', 400, '\u0000\u0001{'],
    ['PUT', '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata', 400, '{"metadata": [1, 2]}'],
    ['PUT', '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata/a', 400, '{"meta": {"a": {"b": 1}}}'],
    ['DELETE', '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata/%E2%82%AC', 404],
  ])('%s %s → %i', async (method, path, status, body?: string) => {
    expect((await rawRequest(server.url, method, path, { body })).status).toBe(status);
  });

  it('keeps serving, with the dataset unchanged, after all of them', async () => {
    const reply = await novaFetch(`${server.url}/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata`);
    expect(reply.json).toEqual({
      metadata: {
        architecture: 'x86_64',
        auto_disk_config: 'True',
        kernel_id: 'nokernel',
        ramdisk_id: 'nokernel',
      },
    });
  });
});
