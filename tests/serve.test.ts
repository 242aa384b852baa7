// The standalone server: `serve` flags, clean shutdown, bad datasets, and the node:http adapter's
// guarantees (a throwing handler is a 500 computeFault; Response.error() drops the connection).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { checkedFetch, novaFetch } from './support/client.ts';
import { glanceFetch } from './support/glance-schemas.ts';
import { runCli, startServe } from './support/serve-process.ts';

describe('nova-images-mock serve', () => {
  it('listens on a free port with --port 0, applies its flags, and exits 0 on SIGTERM', async () => {
    const served = await startServe([
      '--project-id',
      'abcdef',
      '--max-limit',
      '2',
      '--dataset',
      'unit-fixtures',
    ]);
    expect(served.output()).toMatch(
      /^nova-images-mock: Nova images API at http:\/\/127\.0\.0\.1:\d+\/v2\.1 \(9 images\)/,
    );
    // Project abcdef sees the three public images; max_limit 2 only shapes next links (§11.5).
    const all = (await novaFetch(`${served.url}/v2.1/abcdef/images`)).json as { images: unknown[] };
    expect(all).not.toHaveProperty('images_links');
    expect(all.images).toHaveLength(3);
    const page = await novaFetch(`${served.url}/v2.1/abcdef/images?limit=2`);
    const body = page.json as { images: unknown[]; images_links: { href: string }[] };
    expect(body.images).toHaveLength(2);
    expect(body.images_links[0]?.href).toMatch(
      new RegExp(`^${served.url}/v2\\.1/abcdef/images\\?limit=2&marker=`),
    );
    expect(await served.stop()).toBe(0);
  });

  it("keeps Glance uploads up to --max-image-bytes, refusing larger ones with Glance's 413", async () => {
    const served = await startServe(['--max-image-bytes', '4']);
    const created = await glanceFetch(`${served.url}/image/v2/images`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: 'tiny', disk_format: 'raw', container_format: 'bare' }),
    });
    const file = `${served.url}/image/v2/images/${(created.json as { id: string }).id}/file`;
    const upload = (data: string) =>
      glanceFetch(file, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
        body: data,
      });
    const tooLarge = await upload('five!');
    expect(tooLarge.status).toBe(413);
    expect((tooLarge.json as { message: string }).message).toBe(
      'The incoming image is too large: The provided image is too large.<br /><br />\n\n\n',
    );
    expect((await upload('four')).status).toBe(204);
    expect((await glanceFetch(file)).text).toBe('four');
    expect(await served.stop()).toBe(0);
  });

  it('refuses an invalid dataset file as a whole, naming the record and field (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nova-mock-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ images: [{ id: 'x' }] }));
    const result = runCli(['serve', '--dataset', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${file}: images[0].id: expected a lowercase UUID`);
  });

  it('refuses unknown flags and bad numbers with usage (exit 2), and documents every flag in --help', () => {
    expect(runCli(['serve', '--bogus']).status).toBe(2);
    const badPort = runCli(['serve', '--port', 'eighty']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toContain('--port must be an integer');
    const help = runCli(['serve', '--help']);
    expect(help.status).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--dataset',
      '--public-url',
      '--project-id',
      '--max-limit',
      '--metadata-quota',
      '--max-image-bytes',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

describe('the node:http adapter', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const app = createApp();
    server = await listen(
      (request) => {
        const path = new URL(request.url).pathname;
        if (path === '/boom') throw new TypeError('handler bug');
        if (path === '/drop') return Response.error();
        return app.fetch(request);
      },
      { port: 0 },
    );
  });
  afterAll(() => server.close());

  it('turns a throwing handler into a 500 computeFault and keeps serving', async () => {
    const reply = await novaFetch(`${server.url}/boom`);
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      computeFault: {
        code: 500,
        // master's nova/version.py NOVA_SUPPORT (Zed's names launchpad: tests/nova-http-side.test.ts).
        message: "Unexpected API Error. Please contact the administrator\n<class 'TypeError'>",
      },
    });
    expect((await novaFetch(`${server.url}/v2.1/images`)).status).toBe(200);
  });

  it('drops the connection for Response.error()', async () => {
    await expect(fetch(`${server.url}/drop`)).rejects.toThrow(TypeError);
    expect((await novaFetch(`${server.url}/v2.1/images`)).status).toBe(200);
  });

  it('declares Content-Length on every answer, 0 for a 204 (§4.1)', async () => {
    const page = await checkedFetch(`${server.url}/v2.1/images/detail?limit=5`);
    const bytes = new Uint8Array(await page.arrayBuffer());
    expect(Number(page.headers.get('content-length'))).toBe(bytes.byteLength);
    expect(JSON.parse(new TextDecoder().decode(bytes)).images).toHaveLength(5);
    const deleted = await checkedFetch(
      `${server.url}/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata/kernel_id`,
      {
        method: 'DELETE',
      },
    );
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('content-length')).toBe('0');
  });

  it('sends Vary as two header lines, as Nova does (§5.2)', async () => {
    const { request } = await import('node:http');
    const rawHeaders = await new Promise<string[]>((resolve, reject) => {
      request(`${server.url}/v2.1/images`, (response) => {
        response.resume();
        resolve(response.rawHeaders);
      })
        .on('error', reject)
        .end();
    });
    const vary = rawHeaders.filter(
      (_, index) => index % 2 === 1 && rawHeaders[index - 1]?.toLowerCase() === 'vary',
    );
    expect(vary).toEqual(['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version']);
  });
});
