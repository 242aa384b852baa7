/**
 * The body of a list page as UTF-8 bytes: `{"images":[...]` + the tail (`]` and any
 * `images_links`) + `}`, the same bytes as JSON.stringify would give, assembled from cached views.
 * A page of more than STREAMED_OVER images (an unlimited list, §11.4) is streamed in batches, so
 * a million images never sit in memory as one body and the first byte leaves early.
 */
import type { ImageRecord } from '../types.ts';
import type { LinkContext } from './links.ts';
import { pageBytes } from './page-buffers.ts';
import { imageViewsJson } from './views.ts';

type Bytes = Uint8Array<ArrayBuffer>;

/** Images per streamed chunk, and the page size past which a list is streamed. */
const BATCH = 1000;

const encoder = new TextEncoder();

/** `head` + the items joined by commas + `tail`, as one byte array. */
function joinJson(head: string, items: readonly Bytes[], tail: string): Bytes {
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(tail);
  let length = headBytes.length + tailBytes.length + Math.max(items.length - 1, 0);
  for (const item of items) length += item.length;
  const out = pageBytes(length);
  out.set(headBytes, 0);
  let offset = headBytes.length;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as Bytes;
    if (index > 0) out[offset++] = 0x2c; // ','
    out.set(item, offset);
    offset += item.length;
  }
  out.set(tailBytes, offset);
  return out;
}

/** The page's bytes, whole, or as a stream of batches when it holds more than BATCH images. */
export function listBody(
  images: readonly ImageRecord[],
  context: LinkContext,
  detail: boolean,
  tail: string,
): Bytes | ReadableStream<Bytes> {
  if (images.length <= BATCH)
    return joinJson('{"images":[', imageViewsJson(images, context, detail), `${tail}}`);
  let next = 0;
  return new ReadableStream<Bytes>(
    {
      pull(controller) {
        const batch = images.slice(next, next + BATCH);
        const head = next === 0 ? '{"images":[' : ',';
        next += batch.length;
        const last = next >= images.length;
        controller.enqueue(joinJson(head, imageViewsJson(batch, context, detail), last ? `${tail}}` : ''));
        if (last) controller.close();
      },
    },
    // One batch at a time: the next is rendered only when the reader asks for it.
    { highWaterMark: 0 },
  );
}
