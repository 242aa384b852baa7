// Bodies built to hurt: nested thousands of levels deep, or far larger than the limit, declared or
// not. Each gets its answer before the work is done — Nova's where Nova has one (measured on the
// real Nova 26.2.2, docs/nova-behaviour.md §4.4 and §7), a clear 4xx from Keystone and the control
// plane — with no stack trace in any body, nothing changed, and the server still serving.
import { describe, expect, it } from 'vitest';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT, useNovaMock } from './support/mock.ts';
import { rawRequest, socketExchange } from './support/raw-http.ts';
import { useServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SERVER_ERRED = {
  computeFault: {
    code: 500,
    message: 'The server has either erred or is incapable of performing the requested operation.',
  },
};
const nested = (key: string, levels: number) => `{"${key}": ${'['.repeat(levels)}${']'.repeat(levels)}}`;
const LOGIN = {
  auth: { identity: { methods: ['password'], password: { user: { name: 'a', password: 'b' } } } },
};

describe('deep JSON (in-process)', () => {
  const mock = useNovaMock();
  const metadataUrl = (mount: string) => `${mock.baseUrl}/${mount}/images/${IMAGE}/metadata`;
  const stored = () => mock.store.get({ projectId: SAMPLE_PROJECT }, IMAGE).properties;

  it('reads 891 levels as Nova does (then the schema refuses the list)', async () => {
    const reply = await novaFetch(metadataUrl('v2.1'), jsonBody('POST', nested('metadata', 890)));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('Invalid input for field/attribute metadata.');
  });

  it.each([891, 3_300, 50_000])(
    'answers %i nested levels with the 500 of Nova’s FaultWrapper, version headers included',
    async (levels) => {
      const before = structuredClone(stored());
      for (const [method, url, key] of [
        ['POST', metadataUrl('v2.1'), 'metadata'],
        ['PUT', metadataUrl('v2.1'), 'metadata'],
        ['PUT', `${metadataUrl('v2.1')}/k`, 'meta'],
      ] as const) {
        const reply = await novaFetch(url, jsonBody(method, nested(key, levels)));
        expect(reply.status).toBe(500);
        expect(reply.json).toEqual(SERVER_ERRED);
        expect(reply.headers.get('openstack-api-version')).toBe('compute 2.1');
      }
      expect(stored()).toEqual(before);
    },
  );

  it('keeps the 2.1 version headers on /v2 too: FaultWrapper is outside the legacy wrapper', async () => {
    const reply = await novaFetch(metadataUrl('v2'), jsonBody('POST', nested('metadata', 3_300)));
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual(SERVER_ERRED);
    expect(reply.headers.get('openstack-api-version')).toBe('compute 2.1');
  });

  it('refuses a deep Keystone log-in and control-plane body with a clear 400, no stack trace', async () => {
    const deepLogin = `{"auth": {"identity": ${'['.repeat(5_000)}${']'.repeat(5_000)}}}`;
    const login = await novaFetch(`${mock.baseUrl}/identity/v3/auth/tokens`, jsonBody('POST', deepLogin));
    expect(login.status).toBe(400);
    expect(login.json).toEqual({
      error: { code: 400, title: 'Bad Request', message: 'The request body nests deeper than 32 levels.' },
    });
    for (const path of ['/__mock/errors', '/__mock/scenario']) {
      const reply = await novaFetch(`${mock.baseUrl}${path}`, jsonBody('POST', nested('status', 5_000)));
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error: { code: 400, message: 'the body nests deeper than 32 levels' } });
    }
    expect(mock.errors.list()).toEqual([]);
  });

  it('answers bodies over the limit from Keystone and the control plane with 413, unread', async () => {
    const big = `{"rule": "${'x'.repeat(200_000)}"}`;
    const control = await novaFetch(`${mock.baseUrl}/__mock/errors`, jsonBody('POST', big));
    expect(control.status).toBe(413);
    expect(control.json).toEqual({ error: { code: 413, message: 'the body is larger than 114688 bytes' } });
    const login = await novaFetch(
      `${mock.baseUrl}/identity/v3/auth/tokens`,
      jsonBody('POST', { ...LOGIN, padding: 'x'.repeat(200_000) }),
    );
    expect(login.status).toBe(413);
    expect(login.json).toEqual({
      error: { code: 413, title: 'Request Entity Too Large', message: 'Request is too large.' },
    });
  });
});

describe('oversized bodies (serve)', () => {
  const served = useServe([]);
  const path = `/v2.1/images/${IMAGE}/metadata`;

  it('answers a declared Content-Length over the limit at once, without waiting for the body', async () => {
    const head = `POST ${path} HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n`;
    const { answer, sentBytes } = await socketExchange(served.url, head, {
      timeoutMs: 10_000,
      send: (write) => write('x'.repeat(100_000)), // then nothing more: the other 200 MB never come
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request is too large. Larger than max_request_body_size (114688).');
    expect(sentBytes).toBe(100_000);
  });

  it('leaves a chunked body unread, as Nova does (measured: a 400 for the missing body), long before it ends', async () => {
    const head = `POST ${path} HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = 'y'.repeat(16_384);
    const { answer, sentBytes } = await socketExchange(served.url, head, {
      timeoutMs: 10_000,
      send: (write, answered) => {
        // Up to 64 MB, never terminated: only a server that counts can answer.
        let pumped = 0;
        const pump = setInterval(() => {
          if (answered() || pumped > 64 * 1024 * 1024) return clearInterval(pump);
          for (let n = 0; n < 8; n++) {
            write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
            pumped += chunk.length;
          }
        }, 5);
      },
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("None is not of type 'object'");
    expect(sentBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('keeps the answer readable for a client that goes on sending and reads only later', async () => {
    // A server that closes at once resets the connection under a client still sending; the client
    // loses the answer it had not read yet (RFC 9112 §9.6). This one reads after 500 ms of sending.
    const chunk = 'z'.repeat(16_384);
    const { answer } = await socketExchange(
      served.url,
      `POST ${path} HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n`,
      {
        timeoutMs: 10_000,
        readAfterMs: 500,
        send: (write) => {
          const pump = setInterval(() => write(chunk), 5);
          setTimeout(() => clearInterval(pump), 500);
        },
      },
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('Request is too large. Larger than max_request_body_size (114688).');
  });

  it('keeps serving, with the image unchanged', async () => {
    const reply = await rawRequest(served.url, 'GET', path);
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
