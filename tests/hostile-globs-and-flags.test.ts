// Hostile inputs to the mock's own machinery, against `serve` as a process: endpoint globs that a
// backtracking matcher would take hours over, malformed escapes in the control plane, flags out of
// range, delays beyond what a timer can hold. Each gets a clear 4xx (or exit code 2) at once, and
// the server keeps answering everyone else.
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { rawRequest } from './support/raw-http.ts';
import { runCli, useServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
// 2^26 ways to split a name among the stars: a RegExp glob never finishes with these.
const STARS = '*'.repeat(26);

describe('hostile globs and control-plane paths', () => {
  const served = useServe([]);

  it('reads a many-star X-Mock-Error glob at once: unknown endpoint, 400, the server free', async () => {
    const reply = await rawRequest(served.url, 'GET', '/v2.1/images', {
      headers: { 'x-mock-error': `${STARS}Z=500` },
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain(`unknown endpoint '${STARS}Z'`);
    expect((await rawRequest(served.url, 'GET', '/v2.1/images')).status).toBe(200);
  });

  it('reads the same glob in ?__mock_error= (any web page can send it)', async () => {
    const rule = encodeURIComponent(`${STARS}Z=500`);
    const reply = await rawRequest(served.url, 'GET', `/v2.1/images?__mock_error=${rule}`);
    expect(reply.status).toBe(400);
  });

  it('a many-star glob that matches is a rule like any other, and requests stay fast to match', async () => {
    const added = await novaFetch(
      `${served.url}/__mock/errors`,
      jsonBody('POST', { status: 500, endpoint: `${STARS}s`, method: 'PATCH' }),
    );
    expect(added.status).toBe(201);
    // `images.list` does not end in s: the glob fails to match on every request, the costly case.
    for (let round = 0; round < 20; round++) {
      expect((await rawRequest(served.url, 'GET', '/v2.1/images')).status).toBe(200);
    }
    const listed = (await novaFetch(`${served.url}/__mock/errors`)).json as { rules: { matched: number }[] };
    expect(listed.rules[0]?.matched).toBe(0);
    expect((await rawRequest(served.url, 'DELETE', '/__mock/errors')).status).toBe(204);
  });

  it('DELETE /__mock/errors/%zz is the 404 of an unknown rule, not a 500', async () => {
    const reply = await rawRequest(served.url, 'DELETE', '/__mock/errors/%zz');
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ error: { code: 404, message: "no rule with id '%zz'" } });
  });

  it('refuses a delay beyond ten minutes (a timer would fire at once) with 400', async () => {
    for (const delayMs of [1e10, 600_001, [0, 1e10]]) {
      const reply = await novaFetch(`${served.url}/__mock/errors`, jsonBody('POST', { delayMs }));
      expect(reply.status).toBe(400);
      expect(reply.text).toContain('delayMs must be milliseconds from 0 to 600000');
    }
    const header = await rawRequest(served.url, 'GET', '/v2.1/images', {
      headers: { 'x-mock-error': 'delay~99999999999' },
    });
    expect(header.status).toBe(400);
    expect((await novaFetch(`${served.url}/__mock/errors`)).json).toMatchObject({ rules: [] });
  });
});

describe('flags out of range', () => {
  it.each([
    [['--token-ttl', '999999999999999'], /--token-ttl must be an integer from 1 to 315360000/],
    [['--token-ttl', '0'], /--token-ttl must be an integer from 1 to 315360000/],
    [['--public-url', 'not a url'], /--public-url must be an absolute http\(s\) URL/],
    [['--public-url', 'ftp://example.com'], /--public-url must be an absolute http\(s\) URL/],
    [['--glance-url', '/image'], /--glance-url must be an absolute http\(s\) URL/],
    [['--latency', '99999999999'], /latency must be milliseconds from 0 to 600000/],
    [['--error', '*=delay~99999999999'], /delayMs must be milliseconds from 0 to 600000/],
    [['--metadata-quota', '-2'], /--metadata-quota must be an integer ≥ -1/],
    [['--max-image-bytes', '1073741825'], /--max-image-bytes must be an integer from 0 to 1073741824/],
  ])('serve %j exits 2 with a clear message', (flags, message) => {
    const result = runCli(['serve', '--port', '0', ...flags]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--metadata-quota -1 (documented as unlimited)', () => {
  const served = useServe(['--metadata-quota', '-1']);

  it('is accepted and lets an image hold more than the default 128 items', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`key${index}`, 'v']));
    const reply = await novaFetch(
      `${served.url}/v2.1/images/${IMAGE}/metadata`,
      jsonBody('PUT', { metadata }),
    );
    expect(reply.status).toBe(200);
    expect(Object.keys((reply.json as { metadata: object }).metadata)).toHaveLength(200);
  });
});
