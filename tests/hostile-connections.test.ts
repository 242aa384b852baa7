// Connections that misbehave (tests/hostile/connections.json), against `serve` on 127.0.0.1:
// slow heads and bodies, many connections held half-sent or idle, connections closed early,
// pipelined requests, many clients at once. Each is bounded in time; every request that was sent
// whole gets its answer, the others are served meanwhile, nothing a client left half-done changes
// the images, and the server is still answering, and small, afterwards.
import { connect, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { novaFetch } from './support/client.ts';
import { readCorpus } from './support/hostile-corpus.ts';
import { rawRequest, socketExchange } from './support/raw-http.ts';
import { rssOf, useServe } from './support/serve-process.ts';

interface Slow {
  name: string;
  request: string;
  chunkBytes: number;
  everyMs: number;
  status: number;
}
interface Held {
  name: string;
  connections: number;
  partial: string;
  holdMs: number;
}
interface EarlyClose {
  name: string;
  send: string;
  closeAfterMs?: number;
}
interface Pipelined {
  name: string;
  send: string;
  statuses: number[];
}
interface Many {
  name: string;
  connections: number;
  request: string;
  status: number;
}
const corpus = readCorpus<{
  slow: Slow[];
  held: Held[];
  earlyClose: EarlyClose[];
  pipelined: Pipelined[];
  many: Many[];
}>('connections.json');
const MiB = 1024 * 1024;
const IMAGE_METADATA = '/v2.1/images/70a599e0-31e7-49b7-b260-868f441e862b/metadata';

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

const statusesOf = (answer: string) =>
  [...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1]));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hostile connections against serve', () => {
  const served = useServe([]);
  let rssBefore: number;
  let imagesBefore: string;
  const images = async () => (await novaFetch(`${served.url}/v2.1/images/detail`)).text;
  /** A client that behaves, served while the others misbehave: on a connection of its own each time. */
  const wellBehaved = async () =>
    (await rawRequest(served.url, 'GET', IMAGE_METADATA, { headers: { connection: 'close' } })).status;

  beforeAll(async () => {
    rssBefore = rssOf(served);
    imagesBefore = await images();
  });

  it.each(corpus.slow.map((entry) => [entry.name, entry] as const))(
    'slow: %s',
    { timeout: 30_000 },
    async (_name, entry) => {
      const { answer } = await socketExchange(served.url, entry.request.slice(0, entry.chunkBytes), {
        timeoutMs: 15_000,
        send: async (write) => {
          for (let offset = entry.chunkBytes; offset < entry.request.length; offset += entry.chunkBytes) {
            await sleep(entry.everyMs);
            write(entry.request.slice(offset, offset + entry.chunkBytes));
          }
        },
      });
      expect(statusesOf(answer)).toEqual([entry.status]);
      await fetch(`${served.url}/__mock/reset`, { method: 'POST' });
    },
  );

  it.each(corpus.held.map((entry) => [entry.name, entry] as const))(
    'held: %s',
    { timeout: 30_000 },
    async (_name, entry) => {
      const sockets = await Promise.all(Array.from({ length: entry.connections }, () => open(served.url)));
      const closed = sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      for (const socket of sockets) {
        socket.on('error', () => {});
        socket.write(entry.partial);
      }
      const started = Date.now();
      while (Date.now() - started < entry.holdMs) {
        expect(await wellBehaved()).toBe(200);
        await sleep(100);
      }
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
      expect(await images()).toBe(imagesBefore);
    },
  );

  it.each(corpus.earlyClose.map((entry) => [entry.name, entry] as const))(
    'closed early: %s',
    { timeout: 30_000 },
    async (_name, entry) => {
      const socket = await open(served.url);
      socket.on('error', () => {});
      socket.write(entry.send);
      await sleep(entry.closeAfterMs ?? 0);
      socket.resetAndDestroy();
      await sleep(100);
      expect(await wellBehaved()).toBe(200);
      expect(await images()).toBe(imagesBefore);
    },
  );

  it.each(corpus.pipelined.map((entry) => [entry.name, entry] as const))(
    'pipelined: %s',
    { timeout: 30_000 },
    async (_name, entry) => {
      const { answer } = await socketExchange(served.url, entry.send, { timeoutMs: 15_000 });
      expect(statusesOf(answer)).toEqual(entry.statuses);
      await fetch(`${served.url}/__mock/reset`, { method: 'POST' });
    },
  );

  it.each(corpus.many.map((entry) => [entry.name, entry] as const))(
    'many: %s',
    { timeout: 60_000 },
    async (_name, entry) => {
      const answers = await Promise.all(
        Array.from({ length: entry.connections }, async () =>
          statusesOf((await socketExchange(served.url, entry.request, { timeoutMs: 15_000 })).answer),
        ),
      );
      expect(answers).toEqual(Array.from({ length: entry.connections }, () => [entry.status]));
    },
  );

  it('is still answering afterwards, with the images as loaded and its memory bounded', async () => {
    expect(await wellBehaved()).toBe(200);
    expect(await images()).toBe(imagesBefore);
    expect(rssOf(served) - rssBefore).toBeLessThan(100 * MiB);
  });
});
