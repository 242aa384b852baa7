/**
 * `serve --dataset` on a file over 64 MiB (checked by the check threads in its bytes) whose
 * records are not all in the compact form JSON.stringify writes: escapes, numbers written
 * otherwise, a key twice (JSON.parse keeps the last), blanks, `__proto__`/`constructor` keys. Each
 * is served as JSON.parse reads it, and a bad last value of a key given twice is refused with the
 * parse's message, as a file read whole would be.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { novaFetch } from './support/client.ts';
import { runCli, startServe } from './support/serve-process.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-bytes-check-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

// 800 records with 360 long properties (Nova's metadata values are at most 255 characters): about
// 73 MB, over the size from which the check threads read bytes.
const notes = Object.fromEntries(Array.from({ length: 360 }, (_, n) => [`note_${n}`, 'n'.repeat(250)]));
const records: ImageRecord[] = generateDataset({ seed: 5, count: 800 }).map((record) => ({
  ...record,
  visibility: 'public',
  properties: { ...record.properties, ...notes },
}));
const compact = records.map((record) => JSON.stringify(record));
const idOf = (index: number) => (records[index] as ImageRecord).id;

/** Record `index`'s line with its members from `name` on replaced by `text` (the rest kept as written). */
function rewritten(index: number, text: string): string {
  const line = compact[index] as string;
  return `{"id":${JSON.stringify(idOf(index))},${text},${line.slice(line.indexOf('"owner":'))}`;
}

const file = (lines: readonly string[]) => `{"images": [\n${lines.join(',\n')}\n]}\n`;

const odd = [...compact];
odd[3] = rewritten(
  3,
  '"name":"a\\u00e9\\"b\\ud83d\\ude80","status":"killed","status":"active","visibility":"public"',
).replace(/"min_ram":\d+,"min_disk":\d+/, '"min_ram":1e2, "min_disk":-0');
odd[5] = rewritten(5, '"name":"ünï \u2028","status":"active","visibility":"public"').replace(
  '"properties":{',
  '"properties":{"__proto__":"p","constructor":"c","k":"first","k":"last",',
);

describe('serve --dataset over 64 MiB: records checked in their bytes or parsed', () => {
  it('serves each record as JSON.parse reads it, and refuses a bad last value of a key given twice', {
    timeout: 150_000,
  }, async () => {
    const path = join(directory, 'odd.json');
    await writeFile(path, file(odd));
    const serve = await startServe(['--dataset', path], 120_000);
    try {
      expect(serve.output()).toContain(`(${records.length} images)`);
      const third = await novaFetch(`${serve.url}/v2.1/images/${idOf(3)}`);
      const image = (third.json as { image: Record<string, unknown> }).image;
      expect([image.name, image.status, image.minRam, image.minDisk]).toEqual(['aé"b🚀', 'ACTIVE', 100, 0]);
      const fifth = await novaFetch(`${serve.url}/v2.1/images/${idOf(5)}/metadata`);
      const metadata = (fifth.json as { metadata: Record<string, string> }).metadata;
      const own = (key: string) => (Object.hasOwn(metadata, key) ? metadata[key] : undefined);
      expect(['__proto__', 'constructor', 'k'].map(own)).toEqual(['p', 'c', 'last']);
      const shown = await novaFetch(`${serve.url}/v2.1/images/${idOf(5)}`);
      expect((shown.json as { image: { name: string } }).image.name).toBe('ünï \u2028');
    } finally {
      await serve.stop();
    }
    const bad = [...odd];
    bad[790] = (compact[790] as string).replace(/"min_disk":\d+/, '"min_disk":0,"min_disk":1.5');
    await writeFile(path, file(bad));
    const refused = runCli(['serve', '--port', '0', '--dataset', path], 120_000);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      `${path}: images[790].min_disk: expected a non-negative integer, got 1.5`,
    );
  });
});
