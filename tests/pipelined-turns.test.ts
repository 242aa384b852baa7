/**
 * The standalone server's turns on one connection (mocks/http.ts): pipelined requests answered in
 * the order sent, the second not begun before the first is answered even while an error rule's
 * delay holds the first (a read sent behind a write sees the write, a write behind a read is not
 * seen by it, as eventlet reads one request after the other), and a connection closed mid-request
 * leaving the server answering the next one.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../mocks/handlers.ts';
import { listen, type RunningServer } from '../mocks/http.ts';
import { novaFetch } from './support/client.ts';
import { socketExchange } from './support/raw-http.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const METADATA = `/v2.1/images/${IMAGE}/metadata`;

let server: RunningServer;
beforeAll(async () => {
  // The first metadata read is held 400 ms by a delay rule.
  const app = createApp({ errors: [{ endpoint: 'metadata.list', times: 1, delayMs: 400 }] });
  server = await listen(app, { port: 0 });
});
afterAll(() => server.close());

/** The status lines and JSON bodies of the answers in `raw`, in the order they came. */
function answersOf(raw: string): { status: number; body: unknown }[] {
  const answers: { status: number; body: unknown }[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    answers.push({ status: Number(head.slice(9, 12)), body: body === '' ? undefined : JSON.parse(body) });
    rest = rest.slice(headEnd + 4 + length);
  }
  return answers;
}

describe('pipelined requests on one connection', () => {
  it('are answered in order, the second begun only once the delayed first is answered', async () => {
    const write = JSON.stringify({ meta: { piped: 'after' } });
    const { answer } = await socketExchange(
      server.url,
      `GET ${METADATA} HTTP/1.1\r\nHost: mock\r\n\r\n` +
        `PUT ${METADATA}/piped HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: ${write.length}\r\n\r\n${write}` +
        `GET ${METADATA}/piped HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\r\n`,
      { timeoutMs: 15_000 },
    );
    const answers = answersOf(answer);
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200]);
    // The delayed read did not see the write sent behind it; the read behind the write did.
    const first = answers[0]?.body as { metadata: Record<string, string> };
    expect(Object.keys(first.metadata).length).toBeGreaterThan(0);
    expect(Object.hasOwn(first.metadata, 'piped')).toBe(false);
    expect(answers[2]?.body).toEqual({ meta: { piped: 'after' } });
  });

  it('leave the server answering after a connection closed in the middle of a request', async () => {
    const socket = connect(
      new URL(server.url).port === '' ? 80 : Number(new URL(server.url).port),
      '127.0.0.1',
    );
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `PUT ${METADATA}/half HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"meta":`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    const shown = await novaFetch(`${server.url}${METADATA}`);
    expect(shown.status).toBe(200);
    expect(Object.hasOwn((shown.json as { metadata: object }).metadata, 'half')).toBe(false);
  });
});
