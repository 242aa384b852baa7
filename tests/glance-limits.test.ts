// Glance's body limits: an upload over `maxImageBytes` is Glance's "The incoming image is too
// large" 413 and leaves the image queued, whether its size is declared or it streams without one
// (then it is read no further than the limit); a JSON body over `maxBodyBytes` is a plain 413.
import { describe, expect, it } from 'vitest';
import { jsonBody } from './support/client.ts';
import { glanceFetch } from './support/glance-schemas.ts';
import { useNovaMock } from './support/mock.ts';

const MAX_IMAGE_BYTES = 1024;
const MAX_BODY_BYTES = 512;
const mock = useNovaMock({
  baseUrl: 'http://cloud.test',
  maxImageBytes: MAX_IMAGE_BYTES,
  maxBodyBytes: MAX_BODY_BYTES,
});
const glance = `${mock.baseUrl}/image/v2`;
const ID = '20000000-0000-4000-8000-000000000002';
const JSON_ACCEPT = { accept: 'application/json' };
const TOO_LARGE = 'The incoming image is too large: The provided image is too large.';

async function createQueued(): Promise<void> {
  const created = await glanceFetch(
    `${glance}/images`,
    jsonBody('POST', { id: ID, name: 'limited', disk_format: 'raw', container_format: 'bare' }),
  );
  expect(created.status).toBe(201);
}

/** A body without Content-Length: `size` bytes in chunks of 256. */
function streamed(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(256, size - sent)).fill(7);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

const upload = (body: BodyInit) =>
  glanceFetch(`${glance}/images/${ID}/file`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', ...JSON_ACCEPT },
    body,
    duplex: 'half',
  } as RequestInit);

async function statusOf(): Promise<unknown> {
  const shown = await glanceFetch(`${glance}/images/${ID}`);
  return (shown.json as { status: string; size: number | null }).status;
}

describe('Glance body limits', () => {
  it('refuses an upload declared larger than maxImageBytes; the image stays queued', async () => {
    await createQueued();
    const reply = await upload(new Uint8Array(MAX_IMAGE_BYTES + 1));
    expect(reply.status).toBe(413);
    expect(reply.json).toEqual({
      message: `${TOO_LARGE}<br /><br />\n\n\n`,
      code: '413 Request Entity Too Large',
      title: 'Request Entity Too Large',
    });
    expect(await statusOf()).toBe('queued');
  });

  it('cuts off a streamed upload at maxImageBytes; the image stays queued', async () => {
    await createQueued();
    const reply = await upload(streamed(MAX_IMAGE_BYTES * 4));
    expect(reply.status).toBe(413);
    expect((reply.json as { message: string }).message).toContain(TOO_LARGE);
    expect(await statusOf()).toBe('queued');
  });

  it('takes a streamed upload of exactly maxImageBytes', async () => {
    await createQueued();
    expect((await upload(streamed(MAX_IMAGE_BYTES))).status).toBe(204);
    const shown = await glanceFetch(`${glance}/images/${ID}`);
    expect(shown.json).toMatchObject({ status: 'active', size: MAX_IMAGE_BYTES });
  });

  it('refuses a JSON body larger than maxBodyBytes with a plain 413, creating nothing', async () => {
    const reply = await glanceFetch(`${glance}/images`, {
      ...jsonBody('POST', { id: ID, name: 'x'.repeat(MAX_BODY_BYTES) }),
      headers: { 'content-type': 'application/json', ...JSON_ACCEPT },
    });
    expect(reply.status).toBe(413);
    expect(reply.json).toMatchObject({ code: '413 Request Entity Too Large' });
    expect((await glanceFetch(`${glance}/images/${ID}`)).status).toBe(404);
  });
});
