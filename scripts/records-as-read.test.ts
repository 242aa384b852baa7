import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateDataset, serializeRecords } from '../generators/index.ts';
import { DistinctIds } from '../mocks/distinct-ids.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { loadJsonServer, serveRecords } from './data.ts';
import { datasetDatabase } from './dataset-db.ts';
import { madeInBackground, recordsAsRead } from './records-as-read.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-records-as-read-'));
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) server.close();
  await rm(directory, { recursive: true, force: true });
});

const records = generateDataset({ seed: 21, count: 30 });
const jsonServer = loadJsonServer();

/** A source that makes (a copy of) each record when asked, and says which it was asked for. */
function countingSource() {
  const asked: number[] = [];
  const ids = new DistinctIds(records.length);
  for (const { id } of records) ids.add(id);
  return {
    asked,
    source: {
      count: records.length,
      ids,
      at: (index: number) => {
        asked.push(index);
        return structuredClone(records[index]) as ImageRecord;
      },
    },
  };
}

/** json-server over a copy of the records' file, as `data` serves it: the records given, or made as read. */
async function served(name: string, images: ImageRecord[]) {
  const file = join(directory, name);
  await writeFile(file, Buffer.concat([...serializeRecords(records, 'dataset')]));
  if (jsonServer === undefined) throw new Error('json-server is a dev dependency of this repository');
  const server = await serveRecords(jsonServer, datasetDatabase(file, { images, layout: 'dataset' }), 0);
  servers.push(server);
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { file, url };
}

const id = (index: number) => (records[index] as ImageRecord).id;
const json = (body: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

type Served = Awaited<ReturnType<typeof served>>;

/** Each call answered alike (status and body) by json-server over both, and both files saved alike after them. */
async function expectSameAnswers(lazy: Served, whole: Served, calls: readonly [string, RequestInit?][]) {
  for (const [path, init] of calls) {
    const [answer, expected] = await Promise.all(
      [lazy, whole].map(async ({ url }) => {
        const response = await fetch(`${url}${path}`, init);
        return { status: response.status, body: await response.text() };
      }),
    );
    expect(answer, path).toEqual(expected);
  }
  expect(await readFile(lazy.file, 'utf8')).toEqual(await readFile(whole.file, 'utf8'));
}

describe('recordsAsRead: json-server over records made as it reads them', () => {
  it('makes only the records a first page reads', async () => {
    const { asked, source } = countingSource();
    const { url } = await served('first-page.json', recordsAsRead(source));
    const response = await fetch(`${url}/images?_limit=2`);
    expect(response.headers.get('x-total-count')).toBe('30');
    expect(await response.json()).toEqual(records.slice(0, 2));
    expect(asked).toEqual([0, 1]);
    // A show finds its record by the id table, not by reading every record before it.
    expect(await (await fetch(`${url}/images/${id(25)}`)).json()).toEqual(records[25]);
    expect((await fetch(`${url}/images/00000000-0000-4000-8000-0000000000ff`)).status).toBe(404);
    const patched = await fetch(`${url}/images/${id(27)}`, { method: 'PATCH', ...json({ name: 'renamed' }) });
    expect(await patched.json()).toEqual({ ...records[27], name: 'renamed' });
    expect(asked.slice(0, 4)).toEqual([0, 1, 25, 27]);
  });

  it('answers and saves every call as json-server over the records loaded whole', async () => {
    const { asked, source } = countingSource();
    const lazy = await served('lazy.json', recordsAsRead(source));
    const whole = await served('whole.json', structuredClone(records));
    const calls: [string, RequestInit?][] = [
      [`/images/${id(20)}`],
      ['/images?status=active&_limit=4'],
      ['/images?q=ubuntu'],
      ['/images?no_such_field=1&_limit=3'],
      [`/images/${id(5)}`, { method: 'PATCH', ...json({ name: 'renamed' }) }],
      [`/images/${id(7)}`, { method: 'PUT', ...json({ ...records[7], name: 'replaced', min_ram: 64 }) }],
      [`/images/${id(3)}`, { method: 'DELETE' }],
      ['/images', { method: 'POST', ...json({ ...records[0], id: '00000000-0000-4000-8000-0000000000aa' }) }],
      ['/images', { method: 'POST', ...json(records[1]) }],
      [`/images/${id(29)}`],
      ['/images?_sort=name&_order=desc&_limit=3'],
      ['/images'],
    ];
    await expectSameAnswers(lazy, whole, calls);
    // Each record was made once, when first read.
    expect([...asked].sort((a, b) => a - b)).toEqual(records.map((_, index) => index));
  });

  it('moves the records not made yet when a delete splices the array before any full read', async () => {
    // A splice moves an element only where the array has one: each hole must say it has its record.
    const { source } = countingSource();
    const images = recordsAsRead(source);
    images.splice(1, 1);
    expect(images.map((image) => image.id)).toEqual(
      records.filter((_, index) => index !== 1).map((r) => r.id),
    );
    const lazy = await served('delete-first.json', recordsAsRead(countingSource().source));
    const whole = await served('delete-first-whole.json', structuredClone(records));
    await expectSameAnswers(lazy, whole, [
      [`/images/${id(2)}`, { method: 'DELETE' }],
      ['/images'],
      [`/images/${id(29)}`],
    ]);
  });

  it('makes the records not read yet in the background, a batch per turn of the event loop', async () => {
    const { asked, source } = countingSource();
    const images = recordsAsRead(source);
    void images[4];
    madeInBackground(images, 8);
    expect(asked).toEqual([4]);
    await new Promise((turned) => setImmediate(turned));
    expect(asked).toEqual([4, 0, 1, 2, 3, 5, 6, 7]);
    await vi.waitFor(() => expect(asked).toHaveLength(30));
    expect(images).toEqual(records);
  });

  it('is an array to lodash and to for…in, holes and all', () => {
    const { asked, source } = countingSource();
    const images = recordsAsRead(source);
    expect(Array.isArray(images)).toBe(true);
    expect(images).toHaveLength(30);
    const indexes: string[] = [];
    for (const index in images) indexes.push(index);
    expect(indexes).toEqual(records.map((_, index) => String(index)));
    expect(asked).toHaveLength(30);
    expect(images.at(-1)).toEqual(records.at(-1));
    images.splice(1, 1);
    expect(images.map((image) => image.id)).toEqual(
      records.filter((_, index) => index !== 1).map((r) => r.id),
    );
  });
});
