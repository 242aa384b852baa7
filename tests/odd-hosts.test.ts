// Host headers that are no plain host, over real HTTP: Nova builds its links from the Host as sent
// (webob `host_url`, then common.py's url_join and remove_trailing_version_from_href), and the
// journal records the request target whatever the Host. Links measured on Nova 26.2.2 (Zed, the
// oracle, raw sockets, 2 December 2026) for GET /v2.1/images/<id> with each Host below.
import { describe, expect, it } from 'vitest';
import { sendRaw } from './conformance/raw-http.ts';
import { checkReply, novaFetch } from './support/client.ts';
import { rawReply } from './support/raw-http.ts';
import { useServe } from './support/serve-process.ts';

const ID = '70a599e0-31e7-49b7-b260-868f441e862b';
const TARGET = `/v2.1/images/${ID}`;

/** The Host lines sent, then Nova's self and bookmark links of the image. */
const LINKS: [string, string[], string, string][] = [
  ['a path', ['a/b'], `http://a/b${TARGET}`, `http://a/b/images/${ID}`],
  ['credentials', ['a@b'], `http://a@b${TARGET}`, `http://a@b/images/${ID}`],
  ['empty', [''], `http://${TARGET}`, `http:/images/${ID}`],
  ['two lines', ['a', 'b'], `http://a,b${TARGET}`, `http://a,b/images/${ID}`],
  ['a tab', ['a\tb'], `http://a\tb${TARGET}`, `http://ab/images/${ID}`],
  ['a trailing slash', ['a/'], `http://a/${TARGET}`, `http://a/images/${ID}`],
  ['the default port', ['a:80'], `http://a${TARGET}`, `http://a/images/${ID}`],
  [
    'an IPv6 address and the default port',
    ['[::1]:80'],
    `http://[::1]${TARGET}`,
    `http://[::1]/images/${ID}`,
  ],
  ['a version then a query', ['x/v2.1?q'], `http://x/v2.1?q${TARGET}`, `http://x?q/v2.1/images/${ID}`],
];

/** Hosts whose application URL Python's urlsplit leaves without a version in its path: a 500. */
const NO_VERSION: [string, string][] = [
  ['a query', 'a?b'],
  ['a fragment', 'a#b'],
];

describe('odd Host headers', () => {
  const served = useServe(['--nova-release', 'zed']);

  async function show(hosts: string[], target = TARGET) {
    const { hostname, port } = new URL(served.url);
    const headers: [string, string][] = hosts.map((host) => ['Host', host]);
    const raw = await sendRaw(hostname, Number(port), {
      method: 'GET',
      target,
      headers: [...headers, ['Connection', 'close']],
    });
    if ('noAnswer' in raw) throw new Error(`no answer (${raw.noAnswer})`);
    return rawReply(raw);
  }

  async function lastJournalPath(): Promise<string | undefined> {
    const { requests } = (await novaFetch(`${served.url}/__mock/requests`)).json as {
      requests: { path: string }[];
    };
    return requests.at(-1)?.path;
  }

  it.each(LINKS)(
    'with %s: links as Nova builds them, the target in the journal',
    async (_, hosts, self, bookmark) => {
      const reply = await show(hosts);
      expect(reply.status).toBe(200);
      const { image } = reply.json as { image: { id: string; links: { rel: string; href: string }[] } };
      expect(image.id).toBe(ID);
      expect(image.links.slice(0, 2)).toEqual([
        { rel: 'self', href: self },
        { rel: 'bookmark', href: bookmark },
      ]);
      expect(await lastJournalPath()).toBe(TARGET);
    },
  );

  it.each(NO_VERSION)("with %s: Nova's 500 ValueError, the target in the journal", async (_, host) => {
    const reply = await show([host]);
    checkReply('GET', `${served.url}${TARGET}`, reply);
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      computeFault: {
        code: 500,
        message:
          "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'ValueError'>",
      },
    });
    expect(await lastJournalPath()).toBe(TARGET);
  });

  // views/versions.py joins with url_join, which strips the application URL's slashes.
  it.each([
    ['', ['http:/v2/', 'http:/v2.1/']],
    ['a/', ['http://a/v2/', 'http://a/v2.1/']],
  ])('with the Host %j: the version list as Nova links it', async (host, hrefs) => {
    const reply = await show([host], '/');
    expect(reply.status).toBe(200);
    const { versions } = reply.json as { versions: { links: { href: string }[] }[] };
    expect(versions.map((version) => version.links[0]?.href)).toEqual(hrefs);
  });
});
