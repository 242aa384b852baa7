// The hostile-input corpus (tests/hostile/requests.json) against `serve` over real HTTP and against
// the in-process mock: URLs, queries, headers, request lines, bodies, the control plane and
// Keystone. Every input gets its recorded answer — Nova's (measured on Nova 26.2.2, the mock in its
// `zed` profile) or the mock's documented 4xx, `nova` naming Nova's where the two differ — never a
// 5xx Nova would not send, never a closed connection without an answer, and never a change of state
// when it is refused; the server stays responsive and small afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { sendRaw } from './conformance/raw-http.ts';
import { checkReply, novaFetch } from './support/client.ts';
import {
  expand,
  fetchOf,
  type RequestCase,
  type RequestCorpus,
  rawRequestOf,
  readCorpus,
} from './support/hostile-corpus.ts';
import { useNovaMock } from './support/mock.ts';
import { rawReply, replyOf } from './support/raw-http.ts';
import { rssOf, useServe } from './support/serve-process.ts';

const corpus = readCorpus<RequestCorpus>('requests.json');
const CASES: [string, RequestCase][] = Object.entries(corpus).flatMap(([category, cases]) =>
  cases.map((entry): [string, RequestCase] => [`${category}: ${entry.name}`, entry]),
);
const IN_PROCESS = CASES.filter(([, entry]) => entry.wireOnly === undefined);
const MiB = 1024 * 1024;

/** What a refused request must leave as it was: every image (Nova and Glance views) and the rules. */
async function stateOf(baseUrl: string): Promise<string[]> {
  const paths = ['/v2.1/images/detail', '/image/v2/images?limit=1000', '/__mock/errors', '/__mock/scenario'];
  return Promise.all(paths.map(async (path) => (await novaFetch(`${baseUrl}${path}`)).text));
}

/** The message of an error body (Nova's, Keystone's, the control plane's), else the body itself. */
function messageOf(text: string, json: unknown): string {
  const inner = json === undefined ? undefined : Object.values(json as Record<string, unknown>)[0];
  const message = (inner as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : text;
}

it('holds inputs of every kind, each with a recorded answer', () => {
  expect(Object.keys(corpus)).toEqual([
    'urls',
    'queries',
    'headers',
    'wire',
    'bodies',
    'control',
    'identity',
  ]);
  expect(CASES.length).toBeGreaterThan(240);
  // A 5xx is only ever Nova's own answer, never the mock's alone.
  for (const [, entry] of CASES) if (entry.status >= 500) expect(entry.nova, entry.name).toBeUndefined();
});

describe('hostile requests against serve', () => {
  const served = useServe(['--nova-release', 'zed']);
  let baseline: string[];
  let rssBefore: number;
  beforeAll(async () => {
    baseline = await stateOf(served.url);
    rssBefore = rssOf(served);
  });

  it.each(CASES)('%s', { timeout: 20_000 }, async (_label, entry) => {
    const { hostname, port, host } = new URL(served.url);
    const raw = await sendRaw(hostname, Number(port), rawRequestOf(entry, host), 10_000);
    if ('noAnswer' in raw) throw new Error(`no answer (${raw.noAnswer})`);
    // The URL the reply is checked under: the target, or the root for one that is no path.
    const path = expand(entry.target);
    const url = `${served.url}${path.startsWith('/') ? path : '/'}`;
    const reply = rawReply(raw);
    expect(reply.status).toBe(entry.status);
    if (entry.says !== undefined) expect(messageOf(reply.text, reply.json)).toContain(entry.says);
    if (entry.schemaExempt === undefined) checkReply(entry.method.toUpperCase(), url, reply);
    if (reply.status >= 400) expect(await stateOf(served.url)).toEqual(baseline);
    // An accepted write is undone, so that every input meets the dataset as loaded.
    await fetch(`${served.url}/__mock/reset`, { method: 'POST' });
  });

  it('is still answering, with the dataset as loaded and its memory bounded', async () => {
    expect(await stateOf(served.url)).toEqual(baseline);
    const reply = await novaFetch(`${served.url}/v2.1/images`, { signal: AbortSignal.timeout(5_000) });
    expect(reply.status).toBe(200);
    expect(rssOf(served) - rssBefore).toBeLessThan(100 * MiB);
  });
});

describe('hostile requests in-process', () => {
  const mock = useNovaMock({ novaRelease: 'zed' });
  let baseline: string[];
  beforeAll(async () => {
    baseline = await stateOf(mock.baseUrl);
  });

  it('sends all but the wire-level inputs, which fetch cannot express', () => {
    const wireOnly = CASES.filter(([, entry]) => entry.wireOnly !== undefined).map(([, entry]) => entry.name);
    expect(wireOnly).toHaveLength(CASES.length - IN_PROCESS.length);
    expect(IN_PROCESS.length).toBeGreaterThan(220);
  });

  it.each(IN_PROCESS)('%s', { timeout: 20_000 }, async (_label, entry) => {
    const [url, init] = fetchOf(entry, mock.baseUrl);
    const response = await fetch(url, init);
    const reply = replyOf(response.status, response.headers, Buffer.from(await response.arrayBuffer()));
    expect(reply.status).toBe(entry.inProcessStatus ?? entry.status);
    if (entry.says !== undefined && entry.inProcessStatus === undefined)
      expect(messageOf(reply.text, reply.json)).toContain(entry.says);
    if (entry.schemaExempt === undefined) checkReply(entry.method.toUpperCase(), url, reply);
    if (reply.status >= 400) expect(await stateOf(mock.baseUrl)).toEqual(baseline);
  });
});
