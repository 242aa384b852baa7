import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT } from '../tests/support/mock.ts';
import { DatasetError, validateDataset } from './dataset.ts';
import { RecordsInValues } from './dataset-values.ts';
import { ImageService, replaceAllServed } from './glance/image-service.ts';
import { listOrderOf } from './glance/list-order.ts';
import { storedRecord } from './glance/stored-record.ts';
import type { ImageRecord } from './types.ts';

const idOf = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function record(n: number, overrides: Record<string, unknown> = {}): ImageRecord {
  return {
    id: idOf(n),
    name: `image ${n}`,
    status: 'active',
    visibility: 'public',
    owner: SAMPLE_PROJECT,
    protected: false,
    os_hidden: false,
    min_ram: n,
    min_disk: 0,
    size: 1,
    created_at: `2011-01-0${1 + (n % 3)}T01:02:03Z`,
    updated_at: '2011-01-05T01:02:03Z',
    properties: {},
    ...overrides,
  } as ImageRecord;
}

/** Every kind of value a record's fields may hold, one record each. */
const VARIED: ImageRecord[] = [
  record(1),
  record(2, {
    name: null,
    owner: null,
    protected: true,
    os_hidden: true,
    size: null,
    deleted: true,
    members: [SAMPLE_PROJECT, 'other'],
    pending_members: [],
    rejected_members: ['declined'],
    tags: ['a', 'b'],
    disk_format: 'qcow2',
    container_format: null,
    checksum: 'a02f084920293053cda33a0dfa486d73',
    os_hash_algo: 'sha512',
    os_hash_value: 'ab'.repeat(64),
    virtual_size: null,
  }),
  record(3, {
    // Beyond a 32-bit integer, and a safe one: kept exactly.
    size: 2 ** 53 - 1,
    virtual_size: 5 * 2 ** 32,
    min_disk: 2 ** 31,
    deleted: false,
    tags: [],
    properties: JSON.parse(
      '{"__proto__": "p", "constructor": "c", "2": "two", "b": null, "1": "one", "hasOwnProperty": ""}',
    ),
  }),
  record(4, { properties: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`key${k}`, `${k}`])) }),
];

describe('RecordsInValues: records given in memory, copied as checked, made when first read', () => {
  it('makes each record as storing the record itself does, keys, values and their order included', () => {
    const source = new RecordsInValues(VARIED);
    expect(source.count).toBe(VARIED.length);
    VARIED.forEach((given, index) => {
      const made = source.at(index);
      expect(made).toEqual(storedRecord(given));
      expect(Object.keys(made)).toEqual(Object.keys(storedRecord(given)));
      expect(Object.entries(made.properties)).toEqual(Object.entries(given.properties));
      expect(Object.isFrozen(made) && Object.isFrozen(made.properties)).toBe(true);
      expect(made.tags === undefined || Object.isFrozen(made.tags)).toBe(true);
      expect(source.at(index)).toBe(made);
    });
    const keys = source.at(2).properties;
    expect(Object.getPrototypeOf(keys)).toBe(Object.prototype);
    expect(Object.hasOwn(keys, '__proto__') && Object.hasOwn(keys, 'constructor')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(keys, '__proto__')?.value).toBe('p');
  });

  it('sees no change made to the records after it was created, whether or not they were read before', () => {
    const given = structuredClone(VARIED);
    const expected = given.map((image) => structuredClone(storedRecord(image)));
    const source = new RecordsInValues(given);
    source.at(0);
    for (const image of given) {
      image.name = 'renamed';
      image.min_ram = 99;
      image.properties.added = 'x';
      image.properties.b = 'changed';
      image.tags?.push('u');
      image.members?.pop();
    }
    given.push(record(9));
    expect(source.count).toBe(VARIED.length);
    expect(Array.from({ length: source.count }, (_, index) => source.at(index))).toEqual(expected);
  });

  it('knows each id, and the list order, before a record is made', () => {
    const given = Array.from({ length: 50 }, (_, n) => record(n + 1));
    const source = new RecordsInValues({ images: given });
    expect(Array.from(source.order)).toEqual(Array.from(listOrderOf(given)));
    expect(given.every((image, index) => source.ids.indexOf(image.id) === index)).toBe(true);
    expect(source.ids.indexOf(idOf(999))).toBe(-1);
    expect(source.createdInGlanceFormat).toBe(true);
    expect(
      new RecordsInValues([record(1, { created_at: '0000-06-01T00:00:00Z' })]).createdInGlanceFormat,
    ).toBe(false);
  });

  it.each([
    [
      { properties: { a: 'x', b: 1 } },
      'images[1].properties: expected string or null values, got 1 for key "b"',
    ],
    [{ properties: [] }, 'images[1].properties: expected an object, got []'],
    [{ properties: null }, 'images[1].properties: expected an object, got null'],
    [{ tags: ['a', 2] }, 'images[1].tags: expected an array of strings, got ["a",2]'],
    [{ members: 'x' }, 'images[1].members: expected an array of strings, got "x"'],
    [{ rejected_members: [null] }, 'images[1].rejected_members: expected an array of strings, got [null]'],
    [{ size: '1' }, 'images[1].size: expected a non-negative integer or null, got "1"'],
    [{ virtual_size: -1 }, 'images[1].virtual_size: expected a non-negative integer or null, got -1'],
    [{ id: idOf(1) }, `images[1].id: duplicate of images[0].id ${idOf(1)}`],
    [{ extra: 1 }, 'images[1].extra: unknown field'],
  ])('refuses a bad record as validateDataset does: %j', (overrides, message) => {
    const images = [record(1), record(2, overrides)];
    expect(() => validateDataset({ images })).toThrow(new DatasetError(message));
    expect(() => new RecordsInValues(images)).toThrow(new DatasetError(message));
  });

  it('refuses a record whose fields answer otherwise when read again', () => {
    let reads = 0;
    const changing = record(1);
    Object.defineProperty(changing, 'min_ram', { enumerable: true, get: () => (reads++ === 0 ? -1 : 0) });
    expect(() => new RecordsInValues([changing])).toThrow(
      new DatasetError('images[0]: its fields changed while they were read'),
    );
  });

  it("copies a record's own properties only, and calls no setter, with Object.prototype polluted", () => {
    const prototype = Object.prototype as Record<string, unknown>;
    let set = 0;
    prototype.inherited = 'polluted';
    Object.defineProperty(Object.prototype, 'guarded', {
      configurable: true,
      set: () => set++,
      get: () => undefined,
    });
    try {
      const source = new RecordsInValues([record(1, { properties: { own: 'o', guarded: 'g' } })]);
      const made = source.at(0);
      expect(Object.keys(made.properties)).toEqual(['own', 'guarded']);
      expect(Object.getOwnPropertyDescriptor(made.properties, 'guarded')?.value).toBe('g');
      expect(set).toBe(0);
    } finally {
      delete prototype.inherited;
      delete prototype.guarded;
    }
  });

  it('serves an image service as the same records stored whole would', () => {
    const caller = { projectId: SAMPLE_PROJECT };
    const lazy = new ImageService([]);
    replaceAllServed(lazy, new RecordsInValues(VARIED));
    const whole = new ImageService(VARIED);
    expect(lazy.list(caller, { limit: 2 })).toEqual(whole.list(caller, { limit: 2 }));
    expect(lazy.list(caller, { filters: { properties: [['key3', '3']] } })).toEqual(
      whole.list(caller, { filters: { properties: [['key3', '3']] } }),
    );
    expect(lazy.records()).toEqual(whole.records());
  });
});
