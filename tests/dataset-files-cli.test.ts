/** `serve --dataset` and `data --dataset` on the files `generate` writes, in each line layout. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { serializeRecords } from '../generators/writer.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { novaFetch } from './support/client.ts';
import { largeDataset } from './support/large-dataset.ts';
import { runCli, type ServeProcess, startCli, startServe } from './support/serve-process.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-dataset-files-'));
const started: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((data) => data.stop()));
  await rm(directory, { recursive: true, force: true });
});

const records = generateDataset({ seed: 9, count: 60 });

async function writeLayout(name: string, format: 'dataset' | 'ndjson'): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, Buffer.concat([...serializeRecords(records, format)]));
  return path;
}

/** `data --port 0` on `file`, resolved with its URL once it printed it (within 20 s). */
async function startData(file: string): Promise<string> {
  const data = await startCli(
    ['data', '--dataset', file, '--port', '0'],
    /(http:\/\/127\.0\.0\.1:\d+)\/images/,
  );
  started.push(data);
  return data.url;
}

describe('dataset files in line layouts', () => {
  it.each(['dataset', 'ndjson'] as const)(
    'serve --dataset answers from a %s file',
    { timeout: 30_000 },
    async (format) => {
      const serve = await startServe(['--dataset', await writeLayout(`serve.${format}`, format)]);
      try {
        expect(serve.output()).toContain(`(${records.length} images)`);
        const wanted = records.find((record) => record.status === 'active' && record.visibility === 'public');
        const reply = await novaFetch(`${serve.url}/v2.1/images/${wanted?.id}`);
        expect(reply.status).toBe(200);
        expect((reply.json as { image: { name: string } }).image.name).toBe(wanted?.name);
      } finally {
        await serve.stop();
      }
    },
  );

  it.each(['dataset', 'ndjson'] as const)(
    'data --dataset keeps a %s file in its layout when it saves an edit',
    { timeout: 30_000 },
    async (format) => {
      const file = await writeLayout(`data.${format}`, format);
      const url = await startData(file);
      const target = records[20] as ImageRecord;
      const patched = await fetch(`${url}/images/${target.id}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'renamed over json-server' }),
      });
      expect(patched.status).toBe(200);
      const edited = records.map((record) =>
        record.id === target.id ? { ...record, name: 'renamed over json-server' } : record,
      );
      expect(await readFile(file, 'utf8')).toBe(
        Buffer.concat([...serializeRecords(edited, format)]).toString(),
      );
    },
  );

  it('serve --dataset answers from a file over 64 MiB, reads and writes, and refuses a bad one before listening', {
    timeout: 90_000,
  }, async () => {
    // About 73 MB: served from its bytes, which no answer tells from a whole read (the same
    // records, the same refusals); readServedDataset's own tests are in mocks/dataset-file.test.ts.
    const large = largeDataset();
    const path = join(directory, 'large.json');
    await writeFile(path, Buffer.concat([...serializeRecords(large, 'dataset')]));
    const serve = await startServe(['--dataset', path], 60_000);
    try {
      expect(serve.output()).toContain(`(${large.length} images)`);
      const page = await novaFetch(`${serve.url}/v2.1/images/detail?limit=3`);
      expect(page.status).toBe(200);
      expect((page.json as { images: unknown[] }).images).toHaveLength(3);
      const wanted = large.filter(
        (record) => record.status === 'active' && record.visibility === 'public',
      )[7];
      const shown = await novaFetch(`${serve.url}/v2.1/images/${wanted?.id}`);
      expect((shown.json as { image: { name: string } }).image.name).toBe(wanted?.name);
      const written = await novaFetch(`${serve.url}/v2.1/images/${wanted?.id}/metadata/added`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ meta: { added: 'yes' } }),
      });
      expect(written.status).toBe(200);
      const again = await novaFetch(`${serve.url}/v2.1/images/${wanted?.id}/metadata/added`);
      expect(again.json).toEqual({ meta: { added: 'yes' } });
    } finally {
      await serve.stop();
    }
    const bad = large.map((record, index) => (index === 790 ? { ...record, min_disk: -1 } : record));
    await writeFile(path, Buffer.concat([...serializeRecords(bad, 'dataset')]));
    const refused = runCli(['serve', '--port', '0', '--dataset', path], 60_000);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${path}: images[790].min_disk: expected a non-negative`);
  });

  it('data --dataset serves a file over 64 MiB from its bytes, saves an edit in its layout, and refuses a bad one', {
    timeout: 90_000,
  }, async () => {
    // As above: about 73 MB in 800 records, checked by two threads, each record made when json-server reads it.
    const note = 'n'.repeat(90_000);
    const large = generateDataset({ seed: 8, count: 800 }).map((record) => ({
      ...record,
      properties: { ...record.properties, note },
    }));
    const path = join(directory, 'large-data.ndjson');
    await writeFile(path, Buffer.concat([...serializeRecords(large, 'ndjson')]));
    const url = await startData(path);
    const page = await fetch(`${url}/images?_limit=2`);
    expect(page.headers.get('x-total-count')).toBe('800');
    expect(await page.json()).toEqual(large.slice(0, 2));
    const target = large[700] as ImageRecord;
    expect(await (await fetch(`${url}/images/${target.id}`)).json()).toEqual(target);
    const patched = await fetch(`${url}/images/${target.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'renamed over json-server' }),
    });
    expect(patched.status).toBe(200);
    const edited = large.map((record) =>
      record.id === target.id ? { ...record, name: 'renamed over json-server' } : record,
    );
    expect((await readFile(path)).equals(Buffer.concat([...serializeRecords(edited, 'ndjson')]))).toBe(true);
    const bad = large.map((record, index) => (index === 790 ? { ...record, status: 'sleeping' } : record));
    await writeFile(path, Buffer.concat([...serializeRecords(bad as ImageRecord[], 'ndjson')]));
    const refused = runCli(['data', '--port', '0', '--dataset', path], 60_000);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${path}: line 791.status: expected one of`);
  });
});
