import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset, serializeRecords } from '../generators/index.ts';
import type { ImageSource } from '../mocks/glance/image-service.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { watchDataset } from '../scripts/watch-dataset.ts';
import { checkedFetch } from './support/client.ts';
import { type ServeProcess, startCli } from './support/serve-process.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-workbench-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const records = generateDataset({ seed: 21, count: 30 });
const datasetText = (images: ImageRecord[]) => JSON.stringify({ images }, null, 2);
const WAIT = { timeout: 10_000, interval: 50 };

type Served = readonly ImageRecord[] | ImageSource;
/** The records of what a reload read, made from a source's bytes when it is one. */
const recordsOf = (served: Served | undefined): readonly ImageRecord[] | undefined =>
  served === undefined || Array.isArray(served)
    ? (served as readonly ImageRecord[] | undefined)
    : Array.from({ length: (served as ImageSource).count }, (_, index) => (served as ImageSource).at(index));

describe('watchDataset', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  async function watched(name: string, text: string | Buffer = datasetText(records)) {
    const file = join(directory, name);
    await writeFile(file, text);
    const loads: Served[] = [];
    const lines: string[] = [];
    stops.push(
      watchDataset(
        file,
        (loaded) => loads.push(loaded),
        (line) => lines.push(line),
      ),
    );
    return { file, loads, lines };
  }

  it('reloads the records after an edit', async () => {
    const { file, loads, lines } = await watched('edit.json');
    const edited = records.map((r, i) => (i === 3 ? { ...r, name: 'edited in place' } : r));
    await writeFile(file, datasetText(edited));
    await vi.waitFor(() => expect(recordsOf(loads.at(-1))?.[3]?.name).toBe('edited in place'), WAIT);
    expect(lines.at(-1)).toMatch(/reloaded: 30 images$/);
  });

  it('follows editors that save by renaming a new file over the old one', async () => {
    const { file, loads } = await watched('rename.json');
    await writeFile(`${file}.swp`, datasetText(records.slice(0, 12)));
    await rename(`${file}.swp`, file);
    await vi.waitFor(() => expect(recordsOf(loads.at(-1))).toHaveLength(12), WAIT);
  });

  it('keeps the last good state on an invalid edit and says why', async () => {
    const { file, loads, lines } = await watched('invalid.json');
    await writeFile(file, '{"images": [');
    await vi.waitFor(
      () => expect(lines.at(-1)).toMatch(/not reloaded: .*JSON.*keeping the last good state/),
      WAIT,
    );
    const badStatus = records.map((r, i) => (i === 2 ? { ...r, status: 'sleeping' } : r));
    await writeFile(file, JSON.stringify({ images: badStatus }));
    await vi.waitFor(
      () => expect(lines.at(-1)).toMatch(/not reloaded: images\[2\]\.status: expected one of/),
      WAIT,
    );
    expect(loads).toEqual([]);
    await writeFile(file, datasetText(records.slice(0, 5)));
    await vi.waitFor(() => expect(recordsOf(loads.at(-1))).toHaveLength(5), WAIT);
  });

  it('reloads a large file in a line layout served from its bytes, as the first load reads it, and keeps it on a bad edit', async () => {
    // About 73 MB, over the size from which a file is served from its bytes (64 MiB), in 800
    // records, each with a long property (cheap to parse).
    const note = 'n'.repeat(90_000);
    const large = generateDataset({ seed: 7, count: 800 }).map((record) => ({
      ...record,
      properties: { ...record.properties, note },
    }));
    const inLines = (images: readonly unknown[]) =>
      Buffer.concat([...serializeRecords(images as ImageRecord[], 'dataset')]);
    const { file, loads, lines } = await watched('large.json', inLines(large));
    const edited = large.map((record, index) => (index === 700 ? { ...record, name: 'edited' } : record));
    await writeFile(file, inLines(edited));
    await vi.waitFor(() => expect(loads).toHaveLength(1), WAIT);
    const served = loads[0] as Served;
    expect(Array.isArray(served)).toBe(false);
    expect(recordsOf(served)).toEqual(edited);
    expect(lines.at(-1)).toMatch(/reloaded: 800 images$/);
    // A bad record far into the file: refused with its place, as the first load refuses it.
    await writeFile(
      file,
      inLines(large.map((record, index) => (index === 750 ? { ...record, status: 'sleeping' } : record))),
    );
    await vi.waitFor(
      () =>
        expect(lines.at(-1)).toMatch(
          /not reloaded: images\[750\]\.status: expected one of.*keeping the last good state/,
        ),
      { ...WAIT, timeout: 30_000 },
    );
    expect(loads).toHaveLength(1);
  }, 60_000);
});

const running: ServeProcess[] = [];
afterAll(() => Promise.all(running.map((started) => started.stop())));

/** Starts `nova-images-mock <args>` and resolves once it printed the URL `url` captures. */
async function start(args: string[], url: RegExp): Promise<ServeProcess> {
  const started = await startCli(args, url);
  running.push(started);
  return started;
}

describe('json-server workbench with serve --watch', () => {
  it('shows an edit made over json-server through the Nova API', { timeout: 60_000 }, async () => {
    const file = join(directory, 'workbench.json');
    await writeFile(file, datasetText(records));
    const snapshot = records.find(
      (r) => r.properties.image_type === 'snapshot' && r.status === 'active' && r.owner === records[0]?.owner,
    ) as ImageRecord;
    expect(snapshot).toBeDefined();

    const [data, nova] = await Promise.all([
      start(['data', '--dataset', file, '--port', '0'], /(http:\/\/127\.0\.0\.1:\d+)\/images/),
      start(['serve', '--dataset', file, '--watch', '--port', '0'], /(http:\/\/127\.0\.0\.1:\d+)\/v2\.1/),
    ]);
    const image = async () => {
      const response = await checkedFetch(`${nova.url}/v2.1/images/${snapshot.id}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { image: { name: string; server?: { id: string } } }).image;
    };
    expect((await image()).name).toBe(snapshot.name);

    const patched = await checkedFetch(`${data.url}/images/${snapshot.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'renamed in the workbench' }),
    });
    expect(patched.status).toBe(200);
    expect(
      JSON.parse(await readFile(file, 'utf8')).images.find((r: ImageRecord) => r.id === snapshot.id).name,
    ).toBe('renamed in the workbench');
    await vi.waitFor(async () => expect((await image()).name).toBe('renamed in the workbench'), WAIT);
    expect((await image()).server?.id).toBe(snapshot.properties.instance_uuid);

    const invalid = await checkedFetch(`${data.url}/images/${snapshot.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'sleeping', name: 'never shown' }),
    });
    expect(invalid.status).toBe(200);
    await vi.waitFor(
      () => expect(nova.output()).toMatch(/not reloaded: .*status.*keeping the last good state/),
      WAIT,
    );
    expect((await image()).name).toBe('renamed in the workbench');
  });
});
