import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { serializeRecords } from '../generators/writer.ts';
import { testRecord } from '../tests/support/records.ts';
import { DatasetError, validateDataset } from './dataset.ts';
import { readDatasetFile } from './dataset-file.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-dataset-file-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

let files = 0;
async function fileWith(text: string | Buffer): Promise<string> {
  const path = join(directory, `dataset-${files++}.json`);
  await writeFile(path, text);
  return path;
}

const records = generateDataset({ seed: 5, count: 40 });
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
    // Records read from a file are a dataset again, e.g. for createNovaImagesMock({ dataset }).
    expect(validateDataset({ images: file.records })).toEqual(records);
  });

  it('reads a dataset on one line, CRLF line ends and blank lines', async () => {
    expect((await readDatasetFile(await fileWith(JSON.stringify({ images: records })))).records).toEqual(
      records,
    );
    const crlf = `${records.map((record) => JSON.stringify(record)).join('\r\n\r\n')}\r\n`;
    expect(await readDatasetFile(await fileWith(crlf))).toEqual({ records, layout: 'ndjson' });
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
