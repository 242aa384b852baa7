import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { serializeRecords } from '../generators/writer.ts';
import { largeDataset } from '../tests/support/large-dataset.ts';
import { testRecord } from '../tests/support/records.ts';
import { DatasetError, validateDataset } from './dataset.ts';
import { readDatasetFile, readServedDataset } from './dataset-file.ts';
import { NotLineLayout, wholeLineChunks } from './dataset-lines.ts';
import type { ImageSource } from './glance/image-service.ts';
import { listOrderOf } from './glance/list-order.ts';
import { storedIdsOf } from './glance/stored-record.ts';
import type { ImageRecord } from './types.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-dataset-file-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

let files = 0;
async function fileWith(text: string | Buffer): Promise<string> {
  const path = join(directory, `dataset-${files++}.json`);
  await writeFile(path, text);
  return path;
}

const records = generateDataset({ seed: 5, count: 40 });

/** Whether the stored list's id table gives each record's index, and no index to an id it lacks. */
function idsIndexRecords(read: readonly ImageRecord[]): boolean {
  const ids = storedIdsOf(read);
  return (
    ids !== undefined &&
    read.every((record, index) => ids.indexOf(record.id) === index) &&
    ids.indexOf('00000000-0000-4000-8000-000000000000') === -1
  );
}
const written = (format: 'dataset' | 'ndjson' | 'json-server') =>
  Buffer.concat([...serializeRecords(records, format)]);

describe('readDatasetFile', () => {
  it.each([
    ['dataset', 'dataset'],
    ['ndjson', 'ndjson'],
    ['json-server', 'json'],
  ] as const)('reads what generate --format %s writes, as layout %s', async (format, layout) => {
    const file = await readDatasetFile(await fileWith(written(format)));
    expect(file.layout).toBe(layout);
    expect(file.records).toEqual(records);
    // Stored with the table of their ids, which the image service keeps as its positions.
    expect(idsIndexRecords(file.records)).toBe(true);
    // Records read from a file are a dataset again, e.g. for createNovaImagesMock({ dataset }).
    expect(validateDataset({ images: file.records })).toEqual(records);
  });

  it('reads a dataset on one line, CRLF line ends and blank lines', async () => {
    expect((await readDatasetFile(await fileWith(JSON.stringify({ images: records })))).records).toEqual(
      records,
    );
    const crlf = `${records.map((record) => JSON.stringify(record)).join('\r\n\r\n')}\r\n`;
    expect(await readDatasetFile(await fileWith(crlf))).toEqual({ records, layout: 'ndjson' });
    // Told apart by their first line: a record after `[` on it is JSON, a line end the dataset layout.
    const oneLine = await fileWith(
      `\n  {"images":[${records.map((record) => JSON.stringify(record)).join(',')}]}`,
    );
    expect(await readDatasetFile(oneLine)).toEqual({ records, layout: 'json' });
    const crlfDataset = written('dataset').toString().replaceAll('\n', '\r\n').replace('[', '[ \t');
    expect(await readDatasetFile(await fileWith(crlfDataset))).toEqual({ records, layout: 'dataset' });
  });

  it('reads the line layouts from a pipe (`serve --dataset <(generate …)`), which is read once, in order', async () => {
    const pipe = join(directory, 'pipe.json');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    const writing = writeFile(pipe, written('dataset'));
    expect(await readDatasetFile(pipe)).toEqual({ records, layout: 'dataset' });
    await writing;
  });

  it('reads an empty dataset', async () => {
    expect(await readDatasetFile(await fileWith('{"images": []}\n'))).toEqual({
      records: [],
      layout: 'json',
    });
  });

  it('names the record and field at fault, by index in the dataset layout and by line in NDJSON', async () => {
    const bad = records.map((record, index) => (index === 7 ? { ...record, status: 'sleeping' } : record));
    const dataset = await fileWith(Buffer.concat([...serializeRecords(bad as typeof records, 'dataset')]));
    await expect(readDatasetFile(dataset)).rejects.toThrow(
      `${dataset}: images[7].status: expected one of queued, saving, active`,
    );
    const ndjson = await fileWith(Buffer.concat([...serializeRecords(bad as typeof records, 'ndjson')]));
    await expect(readDatasetFile(ndjson)).rejects.toThrow(`${ndjson}: line 8.status: expected one of`);
  });

  it('refuses a duplicate id, naming both records', async () => {
    const twice = [testRecord(1), testRecord(2), testRecord(1, { name: 'again' })];
    const path = await fileWith(Buffer.concat([...serializeRecords(twice, 'dataset')]));
    await expect(readDatasetFile(path)).rejects.toThrow(
      `${path}: images[2].id: duplicate of images[0].id ${testRecord(1).id}`,
    );
    // NDJSON names lines, blank ones counted.
    const lines = twice.map((record) => JSON.stringify(record));
    const ndjson = await fileWith(`\n${lines[0]}\n\n${lines[1]}\n${lines[2]}\n`);
    await expect(readDatasetFile(ndjson)).rejects.toThrow(
      `${ndjson}: line 5.id: duplicate of line 2.id ${testRecord(1).id}`,
    );
  });

  it('reads records with repeated strings and empty lists as they are written, `__proto__` an ordinary property', async () => {
    const many = generateDataset({ seed: 4, count: 3000 }).map((record, index) =>
      index % 7 === 0
        ? { ...record, properties: { ...record.properties, ['__proto__']: 'a long repeated value' } }
        : record,
    );
    const file = await readDatasetFile(await fileWith(Buffer.concat([...serializeRecords(many, 'dataset')])));
    expect(file.records).toEqual(many);
    const withProto = file.records[0] as (typeof file.records)[number];
    expect(Object.hasOwn(withProto.properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(withProto.properties)).toBe(Object.prototype);
    expect(Object.isFrozen(withProto.tags)).toBe(true);
    // Frozen where they are, in both forms: the properties and every list, shared or not.
    for (const form of ['stored', 'editable'] as const) {
      const read = (
        await readDatasetFile(await fileWith(Buffer.concat([...serializeRecords(many, 'dataset')])), form)
      ).records;
      const parts = read.flatMap((record) => [record.properties, record.tags, record.members]);
      expect(parts.filter((part) => part !== undefined && !Object.isFrozen(part))).toEqual([]);
      expect(read.some((record) => (record.tags?.length ?? 0) > 0)).toBe(true);
    }
  });

  it('refuses a broken line after good ones, naming the line', async () => {
    const lines = records.slice(0, 3).map((record) => JSON.stringify(record));
    lines[2] = (lines[2] as string).slice(0, -5);
    const path = await fileWith(`${lines.join('\n')}\n`);
    const error = await readDatasetFile(path).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(new RegExp(`^${path}: line 3: `));
  });

  it('refuses text that is no JSON, and a missing file, naming the file', async () => {
    const path = await fileWith('images: none\n');
    await expect(readDatasetFile(path)).rejects.toThrow(new RegExp(`^${path}: `));
    const missing = join(directory, 'missing.json');
    await expect(readDatasetFile(missing)).rejects.toThrow(new RegExp(`^${missing}: .*ENOENT`));
  });

  it('refuses a dataset layout that never closes', async () => {
    const text = written('dataset')
      .toString()
      .replace(/\n\]\}\n$/, '\n');
    await expect(readDatasetFile(await fileWith(text))).rejects.toBeInstanceOf(DatasetError);
  });

  it('refuses a comma after the last record, and records without one between, as JSON.parse does', async () => {
    const text = written('dataset').toString();
    const trailing = text.replace(/\n\]\}\n$/, ',\n]}\n');
    const joined = text.replace(/\},\n\{/, '}\n{');
    for (const wrong of [trailing, joined]) {
      expect(() => JSON.parse(wrong)).toThrow(SyntaxError);
      const path = await fileWith(wrong);
      // The JSON stream's message quotes the text around the records, over several lines.
      await expect(readDatasetFile(path)).rejects.toThrow(new RegExp(`^${path}: .*JSON`, 's'));
    }
  });

  it('streams any other JSON layout, records cut out across read chunks, strings with brackets and escapes', async () => {
    // About 3 MB in json-server's layout: records cross the reader's 1 MiB chunks.
    const many = generateDataset({ seed: 6, count: 2500 });
    const tricky = {
      ...testRecord(1),
      name: 'braces {[ and "quotes" \\ ]}',
      properties: { note: '}]"\\\n' },
    };
    const all = [tricky, ...many];
    const pretty = await fileWith(
      `\n  {"images" :\n[\n${all.map((record) => JSON.stringify(record, null, 4)).join(' ,\n')}\n]\n}\n`,
    );
    const file = await readDatasetFile(pretty);
    expect(file.layout).toBe('json');
    expect(file.records).toEqual(all);
    expect(Object.isFrozen(file.records[0]?.properties)).toBe(true);
  });

  it('gives a streamed layout the errors of a whole dataset', async () => {
    const pretty = (value: unknown) => fileWith(JSON.stringify(value, null, 2));
    const bad = await pretty({ images: [testRecord(1), { ...testRecord(2), min_ram: 'abc' }] });
    await expect(readDatasetFile(bad)).rejects.toThrow(
      `${bad}: images[1].min_ram: expected a non-negative integer`,
    );
    const twice = await pretty({ images: [testRecord(1), testRecord(1)] });
    await expect(readDatasetFile(twice)).rejects.toThrow(`${twice}: images[1].id: duplicate of images[0].id`);
    const extra = await pretty({ images: [testRecord(1)], servers: [] });
    await expect(readDatasetFile(extra)).rejects.toThrow(`${extra}: dataset.servers: unknown field`);
    const stray = await pretty({ images: [testRecord(1), 5] });
    await expect(readDatasetFile(stray)).rejects.toThrow(`${stray}: images[1]: expected an object, got 5`);
    const list = await pretty([testRecord(1)]);
    await expect(readDatasetFile(list)).rejects.toThrow(
      `${list}: dataset: expected an object {"images": [...]}`,
    );
    const cut = await fileWith(
      JSON.stringify({ images: [testRecord(1), testRecord(2)] }, null, 2).slice(0, -40),
    );
    await expect(readDatasetFile(cut)).rejects.toBeInstanceOf(DatasetError);
  });
});

// Each test reads files of 73 MB several times: minutes on a loaded machine, where the tests run niced.
describe('readDatasetFile on a file large enough for the check on a thread of its own', {
  timeout: 180_000,
}, () => {
  const large = largeDataset();
  const largeFile = async (text: string | Buffer) => {
    const path = await fileWith(text);
    expect((await stat(path)).size).toBeGreaterThan(64 * 2 ** 20);
    return path;
  };
  const readDatasetFileRecords = (path: string) => readDatasetFile(path);
  const inLayout = (images: readonly unknown[], format: 'dataset' | 'ndjson') =>
    Buffer.concat([...serializeRecords(images as typeof large, format)]);

  it('reads both line layouts, the records as the checked read makes them', async () => {
    for (const [format, layout] of [
      ['dataset', 'dataset'],
      ['ndjson', 'ndjson'],
    ] as const) {
      const file = await readDatasetFile(await largeFile(inLayout(large, format)));
      expect(file.layout).toBe(layout);
      expect(file.records).toEqual(large);
      expect(Object.isFrozen(file.records[799])).toBe(true);
      // Checked and stored: the image service takes the list as it is, and the check's id table.
      expect(idsIndexRecords(file.records)).toBe(true);
    }
    const editable = await readDatasetFile(await largeFile(inLayout(large, 'dataset')), 'editable');
    expect(editable.records).toEqual(large);
    expect(Object.isFrozen(editable.records[0])).toBe(false);
    expect(storedIdsOf(editable.records)).toBe(undefined);
  });

  it('serves a large file from its bytes: each record made when first read, as the read makes it, in list order', async () => {
    // Names and values beyond ASCII, so that some chunks are UTF-8 and their records' places bytes, not characters.
    const varied = large.map((record, index) =>
      index % 97 === 5
        ? {
            ...record,
            name: `café ☃ ${index} 🌍`,
            properties: { ...record.properties, note: `é${record.properties.note}` },
          }
        : record,
    );
    for (const format of ['dataset', 'ndjson'] as const) {
      const source = (await readServedDataset(await largeFile(inLayout(varied, format)))) as ImageSource;
      expect(Array.isArray(source)).toBe(false);
      expect(source.count).toBe(varied.length);
      const made = Array.from({ length: source.count }, (_, index) => source.at(index));
      expect(made).toEqual(varied);
      expect(made.every((record) => Object.isFrozen(record) && Object.isFrozen(record.properties))).toBe(
        true,
      );
      expect(source.at(3)).toBe(made[3]);
      expect([...source.order]).toEqual([...listOrderOf(made)]);
      expect(varied.every((record, index) => source.ids.indexOf(record.id) === index)).toBe(true);
      expect(source.createdInGlanceFormat).toBe(true);
    }
    // A small file, and a large one in another layout: read whole, as readDatasetFile reads them.
    const small = await readServedDataset(await fileWith(written('dataset')));
    expect(small).toEqual(records);
    expect(idsIndexRecords(small as ImageRecord[])).toBe(true);
    const pretty = `{"images": [\n${large.map((record) => JSON.stringify(record, null, 1)).join(',\n')}\n]}\n`;
    expect(await readServedDataset(await largeFile(pretty))).toEqual(large);
  });

  it.each([
    ['readDatasetFile', readDatasetFileRecords],
    ['readServedDataset', readServedDataset],
  ] as const)(
    '%s refuses a bad record near the end with the refusal of the checked read',
    async (_, read) => {
      await refusesBadRecords(read);
    },
  );

  async function refusesBadRecords(readDatasetFile: (path: string) => Promise<unknown>): Promise<void> {
    const bad = large.map((record, index) => (index === 790 ? { ...record, status: 'sleeping' } : record));
    const dataset = await largeFile(inLayout(bad, 'dataset'));
    await expect(readDatasetFile(dataset)).rejects.toThrow(
      `${dataset}: images[790].status: expected one of queued, saving, active`,
    );
    const ndjson = await largeFile(inLayout(bad, 'ndjson'));
    await expect(readDatasetFile(ndjson)).rejects.toThrow(`${ndjson}: line 791.status: expected one of`);
    // A record the building thread cannot build (it is no object): the check's refusal still.
    const stray = await largeFile(inLayout([...large.slice(0, 500), 5, ...large.slice(500)], 'dataset'));
    await expect(readDatasetFile(stray)).rejects.toThrow(`${stray}: images[500]: expected an object, got 5`);
    const twice = large.map((record, index) => (index === 799 ? { ...record, id: large[3]?.id } : record));
    const duplicate = await largeFile(inLayout(twice, 'dataset'));
    await expect(readDatasetFile(duplicate)).rejects.toThrow(
      `${duplicate}: images[799].id: duplicate of images[3].id ${large[3]?.id}`,
    );
    // Both in the second half of the file (which the served read checks apart from the first).
    const late = large.map((record, index) => (index === 700 ? { ...record, id: large[650]?.id } : record));
    const lateDuplicate = await largeFile(inLayout(late, 'ndjson'));
    await expect(readDatasetFile(lateDuplicate)).rejects.toThrow(
      `${lateDuplicate}: line 701.id: duplicate of line 651.id ${large[650]?.id}`,
    );
  }

  it('names the first fault in the file, a bad field before a broken line', async () => {
    const lines = inLayout(
      large.map((record, index) => (index === 100 ? { ...record, min_ram: -1 } : record)),
      'ndjson',
    )
      .toString()
      .split('\n');
    lines[700] = (lines[700] as string).slice(0, -9);
    const path = await largeFile(lines.join('\n'));
    lines[100] = JSON.stringify(large[100]);
    const broken = await largeFile(lines.join('\n'));
    for (const read of [readDatasetFile, readServedDataset]) {
      await expect(read(path)).rejects.toThrow(`${path}: line 101.min_ram: expected a non-negative`);
      const error = await read(broken).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as Error).message).toMatch(new RegExp(`^${broken}: line 701: `));
    }
  });

  it('serves a large file with bytes that are not UTF-8 as readDatasetFile reads it, in either half', async () => {
    // A byte that is no UTF-8 decodes to U+FFFD, three bytes: a record's place counted in the
    // decoded text is not its place in the file's bytes.
    for (const at of [5, 600]) {
      const bytes = inLayout(large, 'ndjson');
      const record = bytes.indexOf(Buffer.from(large[at]?.id as string));
      bytes[bytes.indexOf(Buffer.from('"note":"nn'), record) + 9] = 0xff;
      const path = await largeFile(bytes);
      const eager = (await readDatasetFile(path)).records;
      expect(eager[at]?.properties.note?.startsWith('n\ufffdn')).toBe(true);
      const served = await readServedDataset(path);
      const made = Array.isArray(served)
        ? served
        : Array.from({ length: (served as ImageSource).count }, (_, index) =>
            (served as ImageSource).at(index),
          );
      expect(made).toEqual(eager);
    }
  });

  it('reads lines longer than a read chunk, on both threads', async () => {
    const long = large.map((record, index) =>
      index % 200 === 1 ? { ...record, properties: { ...record.properties, note: 'x'.repeat(3e6) } } : record,
    );
    // And a time of year 0000, which the check takes and Glance's own format does not.
    long[2] = { ...(long[2] as (typeof long)[number]), created_at: '0000-12-31T23:59:59Z' };
    const path = await largeFile(inLayout(long, 'dataset'));
    expect((await readDatasetFile(path)).records).toEqual(long);
    const source = (await readServedDataset(path)) as ImageSource;
    expect(Array.from({ length: source.count }, (_, index) => source.at(index))).toEqual(long);
    expect(source.createdInGlanceFormat).toBe(false);
  });

  it('serves a file whose first line or middle line is longer than the bytes looked at for them, with one check', async () => {
    const long = 'l'.repeat(3_000_000);
    // The first record's line longer than the first MiB; then record 400's, which holds the
    // middle byte and ends more than a MiB after it.
    for (const at of [0, 400]) {
      const varied = large.map((record, index) =>
        index === at ? { ...record, properties: { ...record.properties, note: long } } : record,
      );
      const source = (await readServedDataset(await largeFile(inLayout(varied, 'ndjson')))) as ImageSource;
      expect(Array.from({ length: source.count }, (_, index) => source.at(index))).toEqual(varied);
    }
  });

  it('reads a part of a file in chunks of whole lines, ending where it is told', async () => {
    const lines = Array.from({ length: 5000 }, (_, index) => `line ${index} ${'x'.repeat(index % 1400)}`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const path = await fileWith(bytes);
    const split = bytes.indexOf(10, bytes.length >> 1) + 1;
    const file = await open(path, 'r');
    try {
      const parts: Buffer[] = [];
      for (const part of [
        { start: 0, end: split },
        { start: split, end: Number.POSITIVE_INFINITY },
      ]) {
        const chunks: Buffer[] = [];
        for await (const chunk of wholeLineChunks(file, (size) => Buffer.alloc(size), part)) {
          expect(chunk[chunk.length - 1]).toBe(10);
          chunks.push(Buffer.from(chunk));
        }
        expect(chunks.length).toBeGreaterThan(1);
        parts.push(Buffer.concat(chunks));
      }
      expect(parts[0]?.equals(bytes.subarray(0, split))).toBe(true);
      expect(parts[1]?.equals(bytes.subarray(split))).toBe(true);
    } finally {
      await file.close();
    }
  });

  it('leaves a line of more than 64 MiB to the JSON stream before holding the file whole', async () => {
    const path = await largeFile(Buffer.alloc(65 * 2 ** 20, 'x'));
    const file = await open(path, 'r');
    try {
      const chunks = wholeLineChunks(file, (size) => Buffer.allocUnsafe(size));
      await expect(
        (async () => {
          for await (const chunk of chunks) expect(chunk.length).toBeLessThan(64 * 2 ** 20);
        })(),
      ).rejects.toBeInstanceOf(NotLineLayout);
    } finally {
      await file.close();
    }
    // The JSON stream then reads the file, and refuses it for what it is.
    await expect(readDatasetFile(path)).rejects.toThrow(new RegExp(`^${path}: .*JSON`));
  });

  it('reads a large file in another layout as JSON', async () => {
    const pretty = await largeFile(JSON.stringify({ images: large }, null, 1));
    expect(await readDatasetFile(pretty)).toEqual({ records: large, layout: 'json' });
    const trailing = await largeFile(`${inLayout(large, 'dataset')}{}\n`);
    await expect(readDatasetFile(trailing)).rejects.toThrow(new RegExp(`^${trailing}: .*JSON`));
  });
});
