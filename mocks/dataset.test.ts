import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT } from '../tests/support/mock.ts';
import { readReferenceJson } from '../tests/support/reference.ts';
import { BUNDLED_DATASETS, DatasetError, madeDataset, validateDataset } from './dataset.ts';
import { loadBundledDataset, loadDataset } from './dataset-load.ts';
import { datasetPath } from './dataset-sync.ts';
import { ImageService } from './glance/image-service.ts';
import { GLANCE_FIELDS } from './glance/stored-record.ts';
import { createImageService } from './handlers.ts';
import { NovaGlance } from './nova/glance.ts';
import { listMetadata, mergeMetadata, replaceMetadata } from './nova/image-metadata.ts';
import { MetadataQuota } from './nova/quota.ts';
import type { ImageRecord } from './types.ts';

const FOREIGN_PROJECT = '0f7e1a2b3c4d4e5f8a9b0c1d2e3f4a5b';

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cedef40a-ed67-4d10-800e-17455edce175',
    name: 'image',
    status: 'active',
    visibility: 'public',
    owner: SAMPLE_PROJECT,
    protected: false,
    os_hidden: false,
    min_ram: 0,
    min_disk: 0,
    size: 1,
    created_at: '2011-01-01T01:02:03Z',
    updated_at: '2011-01-01T01:02:03Z',
    properties: {},
    ...overrides,
  };
}

const bundledFile = (name: string) => JSON.parse(readFileSync(datasetPath(name as 'api-samples'), 'utf8'));

const GLANCE_SIDE = [...GLANCE_FIELDS, 'tags'] as const;
/** A record as Nova's views see it: without the fields only Glance shows. */
const novaSide = (image: ImageRecord): ImageRecord => {
  const copy: ImageRecord = { ...image };
  for (const field of GLANCE_SIDE) delete copy[field];
  return copy;
};
const glanceOrder = (images: readonly ImageRecord[]) =>
  images.map((image) => image.id).every((id, i, all) => i === 0 || (all[i - 1] as string) > id);

// Nova's api_samples (tests/reference/api_samples) decide what the api-samples dataset must hold.
describe('api-samples dataset against the api_samples documents (§14.2)', () => {
  interface DetailedImage {
    id: string;
    name: string;
    'OS-EXT-IMG-SIZE:size': number;
    metadata: Record<string, string | null>;
  }
  interface Sample {
    images: DetailedImage[];
    metadata: Record<string, string>;
  }
  const sample = (file: string) => readReferenceJson(`api_samples/images/${file}`) as Sample;
  const expected: ImageRecord[] = sample('images-details-get-resp.json')
    .images.map((image) => ({
      id: image.id,
      name: image.name,
      status: 'active' as const,
      visibility: 'public' as const,
      owner: SAMPLE_PROJECT,
      protected: false,
      os_hidden: false,
      min_ram: 0,
      min_disk: 0,
      size: image['OS-EXT-IMG-SIZE:size'],
      created_at: '2011-01-01T01:02:03Z',
      updated_at: '2011-01-01T01:02:03Z',
      properties: image.metadata,
    }))
    .sort((a, b) => (a.id < b.id ? 1 : -1));

  it('holds the 11 detail-sample images as records, in Glance order', async () => {
    expect(expected).toHaveLength(11);
    expect(bundledFile('api-samples').images.map(novaSide)).toEqual(expected);
    expect((await loadDataset('api-samples')).map(novaSide)).toEqual(expected);
    expect(expected[1]?.properties).toEqual({
      kernel_id: '155d900f-4e14-4e4c-a73d-069cbf4541e6',
      ramdisk_id: null,
    });
  });

  it("reproduces the metadata samples through Nova's metadata controller", async () => {
    const images = new ImageService(await loadDataset('api-samples'));
    const nova = { glance: new NovaGlance(images), quota: new MetadataQuota(128) };
    const caller = { projectId: SAMPLE_PROJECT };
    const id = '70a599e0-31e7-49b7-b260-868f441e862b';
    expect({ ...listMetadata(nova, caller, id) }).toEqual(sample('image-metadata-get-resp.json').metadata);
    expect({ ...mergeMetadata(nova, caller, id, sample('image-metadata-post-req.json').metadata) }).toEqual(
      sample('image-metadata-post-resp.json').metadata,
    );
    replaceMetadata(nova, caller, id, sample('image-metadata-put-req.json').metadata);
    expect({ ...listMetadata(nova, caller, id) }).toEqual(sample('image-metadata-put-resp.json').metadata);
  });

  it('api-samples-foreign adds one public image of another project, sorting last', async () => {
    const images = await loadDataset('api-samples-foreign');
    expect(images.slice(0, 11).map(novaSide)).toEqual(expected);
    expect(novaSide(images[11] as ImageRecord)).toEqual({
      ...expected[0],
      id: '0b6b8c5e-7f53-4c38-9c4f-4a4f1f6b9d10',
      name: 'foreign-public-image',
      owner: FOREIGN_PROJECT,
      size: 1024,
      properties: { origin: 'elsewhere' },
    });
    const caller = { projectId: SAMPLE_PROJECT };
    expect(new ImageService(images).list(caller).at(-1)?.id).toBe('0b6b8c5e-7f53-4c38-9c4f-4a4f1f6b9d10');
  });
});

describe('Glance fields of the api-samples datasets', () => {
  const glanceSide = (image: ImageRecord | undefined) =>
    Object.fromEntries(GLANCE_SIDE.map((field) => [field, image?.[field]]));

  it("carry the formats and tags of Nova's GlanceFixture (nova/tests/fixtures/glance.py) and fixed digests", async () => {
    const images = await loadDataset('api-samples-foreign');
    const byId = new Map(images.map((image) => [image.id, image]));
    // image1, whose 'raw' container format Glance's schema refuses: 'bare'.
    expect(glanceSide(byId.get('155d900f-4e14-4e4c-a73d-069cbf4541e6'))).toEqual({
      disk_format: 'raw',
      container_format: 'bare',
      checksum: 'f6450bede3e8c89d15fb63c57c3a858b',
      os_hash_algo: 'sha512',
      os_hash_value: expect.stringMatching(/^[0-9a-f]{128}$/),
      virtual_size: 25165824,
      tags: ['tag1', 'tag2'],
    });
    expect(glanceSide(byId.get('a2459075-d96c-40d5-893e-577ff92e721c'))).toMatchObject({
      disk_format: 'ami',
      container_format: 'ami',
      virtual_size: null,
      tags: [],
    });
    expect(glanceSide(byId.get('70a599e0-31e7-49b7-b260-868f441e862b'))).toMatchObject({
      disk_format: 'vhd',
      container_format: 'ova',
      virtual_size: 1073741824,
    });
    expect(byId.get('76fa36fc-c930-4bf3-8c8a-ea2a2420deb6')?.tags).toEqual(['tag3', 'tag4']);
    const checksums = images.map((image) => image.checksum);
    expect(checksums.every((checksum) => /^[0-9a-f]{32}$/.test(checksum ?? ''))).toBe(true);
    expect(new Set(checksums).size).toBe(images.length);
  });

  it('give images without data (unit-fixtures: queued, saving, killed) no digests', async () => {
    const images = await loadDataset('unit-fixtures');
    for (const image of images) {
      const hasData = !['queued', 'saving', 'killed'].includes(image.status);
      expect([image.disk_format, image.container_format]).toEqual(['qcow2', 'bare']);
      expect(image.checksum === null).toBe(!hasData);
      expect(image.os_hash_value === null).toBe(!hasData);
    }
  });
});

describe('bundled datasets', () => {
  it('unit-fixtures mirrors Nova image_fixtures.py (§14.2)', async () => {
    const images = await loadDataset('unit-fixtures');
    expect(glanceOrder(images)).toBe(true);
    const byNumber = new Map(images.map((image) => [Number(image.id.slice(-1)), image]));
    expect([...byNumber.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(byNumber.get(1)).toMatchObject({
      name: 'public image',
      visibility: 'public',
      min_ram: 128,
      min_disk: 10,
      properties: { key1: 'value1' },
    });
    const snapshots = [2, 3, 4, 5, 6, 7].map((n) => byNumber.get(n) as ImageRecord);
    expect(snapshots.map((image) => image.status)).toEqual([
      'queued',
      'saving',
      'active',
      'killed',
      'deleted',
      'pending_delete',
    ]);
    for (const snapshot of snapshots) {
      expect(snapshot).toMatchObject({
        visibility: 'private',
        owner: SAMPLE_PROJECT,
        properties: { instance_uuid: 'aa640691-d1a7-4a67-9d3c-d35ee6b3cc74', user_id: 'fake' },
      });
    }
    expect(snapshots.map((image) => image.deleted === true)).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect([byNumber.get(8)?.name, byNumber.get(9)?.name]).toEqual([null, null]);
    expect(images.every((image) => image.created_at === '2010-10-11T10:30:22Z')).toBe(true);
  });

  it('loads bundled datasets through the module loader as from their files', async () => {
    expect(BUNDLED_DATASETS).toEqual(['api-samples', 'api-samples-foreign', 'unit-fixtures', 'demo']);
    for (const name of ['api-samples', 'api-samples-foreign', 'unit-fixtures'] as const) {
      expect(await loadBundledDataset(name)).toEqual(bundledFile(name).images);
      expect(await loadDataset(datasetPath(name))).toEqual(bundledFile(name).images);
    }
  });
});

describe('loadDataset sources', () => {
  it('validates records and datasets given in memory', async () => {
    expect(await loadDataset([record() as unknown as ImageRecord])).toHaveLength(1);
    expect(await loadDataset({ images: [] })).toEqual([]);
    await expect(loadDataset([record({ size: -1 }) as unknown as ImageRecord])).rejects.toThrow(
      'images[0].size: expected a non-negative integer or null, got -1',
    );
  });

  it('names the file when a file is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataset-test-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ images: [record(), record({ id: 'x' })] }));
    await expect(loadDataset(bad)).rejects.toThrow(`${bad}: images[1].id: expected a lowercase UUID`);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"images": [');
    await expect(loadDataset(notJson)).rejects.toBeInstanceOf(DatasetError);
    await expect(loadDataset(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
  });
});

describe('validateDataset refuses a bad file as a whole, naming index and field', () => {
  const refusal = (images: unknown[]) => {
    try {
      validateDataset({ images });
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetError);
      return (error as Error).message;
    }
    return 'accepted';
  };
  const second = (overrides: Record<string, unknown>) =>
    refusal([record(), record({ id: '00000000-0000-4000-8000-000000000002', ...overrides })]);

  it('accepts a valid record, with the optional fields', () => {
    expect(second({ deleted: true, members: ['p1'], size: null, name: null, owner: null })).toBe('accepted');
  });

  it('takes an optional field set to undefined as left out, as the image service holds records', () => {
    expect(second({ deleted: undefined, members: undefined, checksum: undefined, tags: undefined })).toBe(
      'accepted',
    );
    expect(second({ deleted: undefined, min_ram: 'abc' })).toContain('images[1].min_ram: expected');
  });

  it.each([
    [{ min_ram: 'abc' }, 'images[1].min_ram: expected a non-negative integer, got "abc"'],
    [{ min_disk: 1.5 }, 'images[1].min_disk: expected a non-negative integer, got 1.5'],
    [{ size: '1' }, 'images[1].size: expected a non-negative integer or null, got "1"'],
    [{ id: 'CEDEF40A-ED67-4D10-800E-17455EDCE175' }, 'images[1].id: expected a lowercase UUID'],
    [{ id: 123 }, 'images[1].id: expected a lowercase UUID'],
    [{ id: '00000000-0000-4000-8000-00000000000g' }, 'images[1].id: expected a lowercase UUID'],
    [{ id: '000000000-000-4000-8000-000000000002' }, 'images[1].id: expected a lowercase UUID'],
    [{ id: '00000000-0000-4000-8000-0000000000020' }, 'images[1].id: expected a lowercase UUID'],
    [{ id: '00000000-0000-4000-8000-00000000000\u00e9' }, 'images[1].id: expected a lowercase UUID'],
    [{ name: 5 }, 'images[1].name: expected a string or null, got 5'],
    [{ status: 'ACTIVE' }, 'images[1].status: expected one of queued, saving, active'],
    [{ visibility: 'all' }, 'images[1].visibility: expected one of public, private, shared, community'],
    [{ owner: 7 }, 'images[1].owner: expected a string or null'],
    [{ protected: 'false' }, 'images[1].protected: expected a boolean, got "false"'],
    [{ os_hidden: null }, 'images[1].os_hidden: expected a boolean, got null'],
    [{ created_at: '2011-01-01T01:02:03' }, 'images[1].created_at: expected a UTC timestamp'],
    [{ updated_at: '2011-02-30T01:02:03Z' }, 'images[1].updated_at: expected a UTC timestamp'],
    [{ updated_at: '2011-01-01T01:02:03.5Z' }, 'images[1].updated_at: expected a UTC timestamp'],
    [{ properties: [] }, 'images[1].properties: expected an object, got []'],
    [{ properties: { a: 1 } }, 'images[1].properties: expected string or null values, got 1 for key "a"'],
    [{ deleted: 'yes' }, 'images[1].deleted: expected a boolean, got "yes"'],
    [{ members: ['a', 2] }, 'images[1].members: expected an array of strings'],
    [{ min_rm: 0 }, 'images[1].min_rm: unknown field'],
  ])('%j', (overrides, message) => {
    expect(second(overrides)).toContain(message);
  });

  it('refuses missing fields, non-objects and duplicate ids', () => {
    const { size: _size, ...withoutSize } = record();
    expect(refusal([withoutSize])).toBe('images[0].size: missing');
    expect(refusal([record(), 'x'])).toBe('images[1]: expected an object, got "x"');
    expect(refusal([record(), record()])).toBe(
      'images[1].id: duplicate of images[0].id cedef40a-ed67-4d10-800e-17455edce175',
    );
  });

  it('finds each record by its id in the table the check made as it read the ids', () => {
    const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const images = Array.from({ length: 300 }, (_, n) => record({ id: idOf(n) }));
    const { records, ids } = madeDataset({ images }, (image) => image);
    expect(records.every((image, n) => ids.indexOf(image.id) === n)).toBe(true);
    expect(ids.indexOf(idOf(300))).toBe(-1);
  });

  it('refuses a file that is not {"images": [...]}', () => {
    expect(() => validateDataset([record()])).toThrow('dataset: expected an object {"images": [...]}');
    expect(() => validateDataset(null)).toThrow(DatasetError);
    expect(() => validateDataset({ images: [], seed: 1 })).toThrow('dataset.seed: unknown field');
  });
});

describe('the image service of a dataset (createImageService: records checked and copied in one pass)', () => {
  const caller = { projectId: SAMPLE_PROJECT };
  const second = () =>
    record({ id: '00000000-0000-4000-8000-000000000002', properties: { a: '1' }, tags: ['t'], members: [] });

  it('keeps its copies: changes to the records given, after creation, never reach it, nor its writes them', () => {
    const given = [record(), second()] as unknown as ImageRecord[];
    const snapshot = structuredClone(given);
    const store = createImageService({ dataset: given });
    const changed = given[1] as ImageRecord;
    changed.name = 'renamed';
    changed.created_at = '2013-01-01T01:02:03Z';
    changed.properties.a = 'changed';
    changed.tags?.push('u');
    given.push(record({ id: '00000000-0000-4000-8000-000000000003' }) as unknown as ImageRecord);
    expect(store.records()).toEqual(snapshot);
    store.patch(caller, '00000000-0000-4000-8000-000000000002', [{ op: 'replace', path: 'a', value: '2' }]);
    expect(store.get(caller, '00000000-0000-4000-8000-000000000002').properties.a).toBe('2');
    expect(changed.properties.a).toBe('changed');
    // The records given stay the caller's to change: none of them is frozen by the mock.
    expect(
      Object.isFrozen(changed) || Object.isFrozen(changed.properties) || Object.isFrozen(changed.tags),
    ).toBe(false);
    store.reset();
    expect(store.records()).toEqual(snapshot);
  });

  it('takes the records there were when it began: a getter that adds records while read neither hangs nor adds', () => {
    const given: ImageRecord[] = [];
    let next = 2;
    const growing = () => {
      const grown = second() as unknown as ImageRecord;
      grown.id = `00000000-0000-4000-8000-${String(next++).padStart(12, '0')}`;
      return grown;
    };
    // Each record's id, when read, puts two more records at the end of the list.
    for (let at = 0; at < 2; at++) {
      const plain = growing();
      const id = plain.id;
      Object.defineProperty(plain, 'id', {
        enumerable: true,
        get: () => {
          given.push(growing(), growing());
          return id;
        },
      });
      given.push(plain);
    }
    const store = createImageService({ dataset: given });
    expect(
      store
        .records()
        .map((image) => image.id)
        .sort(),
    ).toEqual(['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']);
    expect(given.length).toBeGreaterThan(2);
  });

  it("refuses a duplicate id with the dataset's message, from records and from a file", () => {
    const twice = [record(), record()] as unknown as ImageRecord[];
    const message = 'images[1].id: duplicate of images[0].id cedef40a-ed67-4d10-800e-17455edce175';
    expect(() => createImageService({ dataset: twice })).toThrow(new DatasetError(message));
    const file = join(mkdtempSync(join(tmpdir(), 'dataset-test-')), 'twice.json');
    writeFileSync(file, JSON.stringify({ images: twice }));
    expect(() => createImageService({ dataset: file })).toThrow(new DatasetError(`${file}: ${message}`));
  });

  it.each([
    [{ properties: { a: 1 } }, 'images[0].properties: expected string or null values, got 1 for key "a"'],
    [{ tags: 'x' }, 'images[0].tags: expected an array of strings, got "x"'],
    [{ members: { length: 0 } }, 'images[0].members: expected an array of strings, got {"length":0}'],
    [{ extra: 1 }, 'images[0].extra: unknown field'],
  ])(
    'refuses a bad record from records and from a file, as validateDataset does: %j',
    (overrides, message) => {
      const images = [record(overrides)] as unknown as ImageRecord[];
      expect(() => validateDataset({ images })).toThrow(new DatasetError(message));
      expect(() => createImageService({ dataset: images })).toThrow(new DatasetError(message));
      const file = join(mkdtempSync(join(tmpdir(), 'dataset-test-')), 'bad.json');
      writeFileSync(file, JSON.stringify({ images }));
      expect(() => createImageService({ dataset: file })).toThrow(new DatasetError(`${file}: ${message}`));
    },
  );

  it('serves a dataset file as its records say', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dataset-test-')), 'two.json');
    writeFileSync(file, JSON.stringify({ images: [record(), second()] }));
    const store = createImageService({ dataset: file });
    expect(store.records()).toEqual([record(), second()]);
    expect(store.get(caller, '00000000-0000-4000-8000-000000000002').tags).toEqual(['t']);
  });
});
