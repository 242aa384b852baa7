/**
 * The view cache holds the views of the images a server shows, whatever the number of writes: a
 * written image's new record replaces the old one's views (the soak's leak: every record ever
 * written stayed cached until two generations of 10,000 had filled).
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../generators/index.ts';
import type { ImageRecord } from '../types.ts';
import { ViewCache } from './view-cache.ts';

const images = generateDataset({ seed: 13, count: 30 });
const encoder = new TextEncoder();

/** The record a metadata write makes: a new frozen object with the same id. */
function written(record: ImageRecord, value: string): ImageRecord {
  return Object.freeze({ ...record, properties: Object.freeze({ ...record.properties, written: value }) });
}

function viewOf(cache: ViewCache, record: ImageRecord, context = 'http://a.example'): string {
  const bytes = cache.view(
    record,
    context,
    (rendered, links) =>
      encoder.encode(
        JSON.stringify({ id: rendered.id, written: rendered.properties.written ?? null, context: links }),
      ),
    context,
  );
  return new TextDecoder().decode(bytes);
}

describe('ViewCache', () => {
  it('keeps one entry per image however many times the images are written and shown', () => {
    const cache = new ViewCache(1_000);
    let current = images.slice(0, 3);
    for (let write = 0; write < 2_000; write++) {
      current = current.map((record) => written(record, `v${write}`));
      for (const record of current) viewOf(cache, record);
    }
    expect(cache.size).toBe(3);
    expect(JSON.parse(viewOf(cache, current[0] as ImageRecord)).written).toBe('v1999');
  });

  it('renders a written image again and reuses the views of an unchanged one, per context', () => {
    const cache = new ViewCache(100);
    let renders = 0;
    const view = (record: ImageRecord, context: string) =>
      cache.view(
        record,
        context,
        (rendered, links) => {
          renders++;
          return encoder.encode(`${rendered.properties.written ?? ''}@${links}`);
        },
        context,
      );
    const original = images[0] as ImageRecord;
    view(original, 'a');
    view(original, 'b');
    view(original, 'a');
    expect(renders).toBe(2);
    const after = written(original, 'new');
    expect(new TextDecoder().decode(view(after, 'a'))).toBe('new@a');
    expect(new TextDecoder().decode(view(after, 'b'))).toBe('new@b');
    expect(renders).toBe(4);
    // A reset brings the dataset's record back: its views, not the written one's.
    expect(new TextDecoder().decode(view(original, 'a'))).toBe('@a');
  });

  it('keeps at most two generations of images', () => {
    const cache = new ViewCache(10);
    for (const record of images) viewOf(cache, record);
    expect(images).toHaveLength(30);
    expect(cache.size).toBe(20);
  });
});
