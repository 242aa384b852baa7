import { describe, expect, it } from 'vitest';
import {
  OTHER_PROJECT,
  OWN_PROJECT,
  privateRecord,
  STOPPED_CLOCK_STAMP,
  stoppedClock,
  testImageId,
} from '../../tests/support/records.ts';
import { GlanceError } from '../glance/errors.ts';
import { ImageService } from '../glance/image-service.ts';
import type { Caller, ImageProperties, ImageRecord } from '../types.ts';
import { NovaFault } from './faults.ts';
import { NovaGlance } from './glance.ts';
import {
  deleteMetadataItem,
  listMetadata,
  type MetadataContext,
  mergeMetadata,
  replaceMetadata,
  setMetadataItem,
  showMetadataItem,
} from './image-metadata.ts';
import { MetadataQuota } from './quota.ts';

const me: Caller = { projectId: OWN_PROJECT };

/** Nova's metadata controller over an image service holding `records`. */
const images = (nova: MetadataContext) => nova.glance.images;

function novaOf(records: ImageRecord[], metadataQuota = 128): MetadataContext {
  return {
    glance: new NovaGlance(new ImageService(records, { clock: stoppedClock })),
    quota: new MetadataQuota(metadataQuota),
  };
}

const QUOTA = '403 Image metadata limit exceeded';
const NO_KEY = '404 The resource could not be found.';
const INVALID_KEY = '404 Invalid metadata key';

/** Nova's fault as `status message`, or the kind of Glance's refusal. */
function kindOf(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (error instanceof NovaFault) return `${error.status} ${error.message}`;
    if (error instanceof GlanceError) return error.kind;
    throw error;
  }
  return 'no error';
}

function manyProperties(count: number, prefix = 'key'): ImageProperties {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'v']));
}

describe('metadata reads', () => {
  const store = novaOf([privateRecord(1, { properties: { kernel_id: 'nokernel', ramdisk_id: null } })]);

  it('returns a copy of every property, a stored null as "" (as Glance shows it)', () => {
    const metadata = listMetadata(store, me, testImageId(1));
    expect({ ...metadata }).toEqual({ kernel_id: 'nokernel', ramdisk_id: '' });
    metadata.kernel_id = 'changed';
    expect(listMetadata(store, me, testImageId(1)).kernel_id).toBe('nokernel');
  });

  it('returns one value; an absent key (case-sensitive) is refused', () => {
    expect(showMetadataItem(store, me, testImageId(1), 'kernel_id')).toBe('nokernel');
    expect(showMetadataItem(store, me, testImageId(1), 'ramdisk_id')).toBe('');
    expect(kindOf(() => showMetadataItem(store, me, testImageId(1), 'Kernel_id'))).toBe(NO_KEY);
    expect(kindOf(() => showMetadataItem(store, me, testImageId(2), 'kernel_id'))).toBe('imageNotFound');
  });
});

describe('metadata writes (§9.6–§9.9)', () => {
  const sample = () =>
    novaOf([
      privateRecord(1, {
        properties: {
          architecture: 'x86_64',
          auto_disk_config: 'True',
          kernel_id: 'nokernel',
          ramdisk_id: 'nokernel',
        },
      }),
      privateRecord(2, { owner: OTHER_PROJECT, visibility: 'public', properties: { a: '1' } }),
    ]);

  it('merge (POST) overwrites and keeps, returns the stored set, bumps updated_at', () => {
    const store = sample();
    const result = mergeMetadata(store, me, testImageId(1), { kernel_id: 'False', Label: 'UpdatedImage' });
    expect({ ...result }).toEqual({
      architecture: 'x86_64',
      auto_disk_config: 'True',
      kernel_id: 'False',
      ramdisk_id: 'nokernel',
      Label: 'UpdatedImage',
    });
    expect(images(store).get(me, testImageId(1)).updated_at).toBe(STOPPED_CLOCK_STAMP);
  });

  it('replace (PUT) keeps only the request pairs; {} removes everything', () => {
    const store = sample();
    replaceMetadata(store, me, testImageId(1), { auto_disk_config: 'True', Label: 'Changed' });
    expect({ ...listMetadata(store, me, testImageId(1)) }).toEqual({
      auto_disk_config: 'True',
      Label: 'Changed',
    });
    replaceMetadata(store, me, testImageId(1), {});
    expect({ ...listMetadata(store, me, testImageId(1)) }).toEqual({});
  });

  it('set item (PUT key) creates or overwrites one key', () => {
    const store = sample();
    setMetadataItem(store, me, testImageId(1), 'auto_disk_config', 'False');
    setMetadataItem(store, me, testImageId(1), 'new', 'value');
    expect(showMetadataItem(store, me, testImageId(1), 'auto_disk_config')).toBe('False');
    expect(showMetadataItem(store, me, testImageId(1), 'new')).toBe('value');
    expect(images(store).get(me, testImageId(1)).updated_at).toBe(STOPPED_CLOCK_STAMP);
  });

  it('delete item removes the key; an absent key is refused before ownership', () => {
    const store = sample();
    deleteMetadataItem(store, me, testImageId(1), 'architecture');
    expect(Object.keys(listMetadata(store, me, testImageId(1)))).not.toContain('architecture');
    expect(kindOf(() => deleteMetadataItem(store, me, testImageId(1), 'architecture'))).toBe(INVALID_KEY);
    expect(kindOf(() => deleteMetadataItem(store, me, testImageId(2), 'missing'))).toBe(INVALID_KEY);
    expect(kindOf(() => deleteMetadataItem(store, me, testImageId(2), 'a'))).toBe('notAllowed');
    expect(kindOf(() => deleteMetadataItem(store, me, testImageId(3), 'a'))).toBe('imageNotFound');
  });

  it('a merge that changes nothing sends an empty patch: it keeps updated_at and needs no ownership', () => {
    const store = sample();
    const before = images(store).records();
    expect({ ...mergeMetadata(store, me, testImageId(1), {}) }).toEqual({
      ...listMetadata(store, me, testImageId(1)),
    });
    expect({ ...mergeMetadata(store, me, testImageId(2), { a: '1' }) }).toEqual({ a: '1' });
    expect(kindOf(() => mergeMetadata(store, me, testImageId(2), { a: '2' }))).toBe('notAllowed');
    expect(images(store).records()).toEqual(before);
  });

  it('§10.4: kernel_id/ramdisk_id "none" or "" are neither written nor removed', () => {
    const store = sample();
    const merged = mergeMetadata(store, me, testImageId(1), { kernel_id: 'None', ramdisk_id: ' ', x: 'y' });
    expect(merged.kernel_id).toBe('nokernel');
    expect(merged.ramdisk_id).toBe('nokernel');
    expect(merged.x).toBe('y');

    replaceMetadata(store, me, testImageId(1), { kernel_id: ' NONE ', Label: 'L' });
    expect({ ...listMetadata(store, me, testImageId(1)) }).toEqual({ kernel_id: 'nokernel', Label: 'L' });

    setMetadataItem(store, me, testImageId(1), 'ramdisk_id', 'none');
    expect(Object.hasOwn(listMetadata(store, me, testImageId(1)), 'ramdisk_id')).toBe(false);
    setMetadataItem(store, me, testImageId(1), 'kernel_id', 'nonexistent');
    expect(showMetadataItem(store, me, testImageId(1), 'kernel_id')).toBe('nonexistent');
  });
});

describe('metadata quota (§10.3)', () => {
  const twoKeys = () => novaOf([privateRecord(1, { properties: { kernel_id: 'k', ramdisk_id: 'r' } })]);

  it('merge counts the merged set: 128 allowed, 129 refused with nothing changed', () => {
    const store = twoKeys();
    const before = images(store).records();
    expect(kindOf(() => mergeMetadata(store, me, testImageId(1), manyProperties(127)))).toBe(QUOTA);
    expect(images(store).records()).toEqual(before);
    expect(Object.keys(mergeMetadata(store, me, testImageId(1), manyProperties(126)))).toHaveLength(128);
  });

  it('merge counts keys whose value §10.4 would drop', () => {
    const store = novaOf([privateRecord(1, { properties: manyProperties(128) })]);
    expect(kindOf(() => mergeMetadata(store, me, testImageId(1), { kernel_id: 'none' }))).toBe(QUOTA);
  });

  it('replace counts the request alone', () => {
    const store = twoKeys();
    replaceMetadata(store, me, testImageId(1), manyProperties(128));
    expect(Object.keys(listMetadata(store, me, testImageId(1)))).toHaveLength(128);
    expect(kindOf(() => replaceMetadata(store, me, testImageId(1), manyProperties(129, 'other')))).toBe(
      QUOTA,
    );
    expect(showMetadataItem(store, me, testImageId(1), 'key0')).toBe('v');
  });

  it('set item counts the resulting set; overwriting an existing key at the limit is fine', () => {
    const store = novaOf([privateRecord(1, { properties: manyProperties(128) })]);
    setMetadataItem(store, me, testImageId(1), 'key0', 'changed');
    expect(kindOf(() => setMetadataItem(store, me, testImageId(1), 'one-more', 'v'))).toBe(QUOTA);
    expect(Object.keys(listMetadata(store, me, testImageId(1)))).toHaveLength(128);
  });

  it('delete item never checks the quota', () => {
    const store = novaOf([privateRecord(1, { properties: manyProperties(200) })]);
    deleteMetadataItem(store, me, testImageId(1), 'key0');
    expect(Object.keys(listMetadata(store, me, testImageId(1)))).toHaveLength(199);
  });

  it('-1 means unlimited; other limits apply as given', () => {
    const unlimited = novaOf([privateRecord(1)], -1);
    replaceMetadata(unlimited, me, testImageId(1), manyProperties(1000));
    expect(Object.keys(listMetadata(unlimited, me, testImageId(1)))).toHaveLength(1000);
    expect(
      kindOf(() => replaceMetadata(novaOf([privateRecord(1)], 2), me, testImageId(1), manyProperties(3))),
    ).toBe(QUOTA);
  });

  it('is checked before ownership (§9.10)', () => {
    const store = novaOf([privateRecord(1, { owner: OTHER_PROJECT, visibility: 'public' })]);
    expect(kindOf(() => mergeMetadata(store, me, testImageId(1), manyProperties(129)))).toBe(QUOTA);
    expect(kindOf(() => replaceMetadata(store, me, testImageId(1), manyProperties(129)))).toBe(QUOTA);
    expect(kindOf(() => mergeMetadata(store, me, testImageId(1), manyProperties(128)))).toBe('notAllowed');
  });
});

describe('failed calls change nothing', () => {
  it('leaves every record as it was', () => {
    const store = novaOf([
      privateRecord(1, { protected: true }),
      privateRecord(2, { owner: OTHER_PROJECT, visibility: 'public' }),
    ]);
    const before = images(store).records();
    const failing = [
      () => images(store).delete(me, testImageId(1)),
      () => images(store).delete(me, testImageId(2)),
      () => mergeMetadata(store, me, testImageId(2), { a: 'b' }),
      () => replaceMetadata(store, me, testImageId(2), { a: 'b' }),
      () => setMetadataItem(store, me, testImageId(2), 'a', 'b'),
      () => deleteMetadataItem(store, me, testImageId(1), 'absent'),
      () => mergeMetadata(store, me, testImageId(1), manyProperties(129)),
    ];
    for (const call of failing) expect(kindOf(call)).not.toBe('no error');
    expect(images(store).records()).toEqual(before);
  });
});

describe('keys that name Object.prototype members are ordinary data', () => {
  const specialKeys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it('sets, reads, lists and deletes them without touching Object.prototype', () => {
    const store = novaOf([privateRecord(1)]);
    const request = JSON.parse('{"__proto__": "p", "constructor": "c", "toString": "t"}') as ImageProperties;
    const merged = mergeMetadata(store, me, testImageId(1), request);
    setMetadataItem(store, me, testImageId(1), 'hasOwnProperty', 'h');
    setMetadataItem(store, me, testImageId(1), 'valueOf', 'v');

    const metadata = listMetadata(store, me, testImageId(1));
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.keys(metadata).sort()).toEqual([...specialKeys].sort());
    expect(JSON.parse(JSON.stringify(metadata))).toEqual(
      JSON.parse(
        '{"__proto__": "p", "constructor": "c", "toString": "t", "hasOwnProperty": "h", "valueOf": "v"}',
      ),
    );
    expect(JSON.stringify(metadata)).toContain('"__proto__":"p"');
    expect(showMetadataItem(store, me, testImageId(1), '__proto__')).toBe('p');
    expect(showMetadataItem(store, me, testImageId(1), 'constructor')).toBe('c');

    for (const key of specialKeys) deleteMetadataItem(store, me, testImageId(1), key);
    expect(Object.keys(listMetadata(store, me, testImageId(1)))).toEqual([]);
    expect(kindOf(() => showMetadataItem(store, me, testImageId(1), 'toString'))).toBe(NO_KEY);
    expect(kindOf(() => deleteMetadataItem(store, me, testImageId(1), '__proto__'))).toBe(INVALID_KEY);

    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('p');
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('reads them as absent until set', () => {
    const store = novaOf([privateRecord(1)]);
    for (const key of specialKeys) {
      expect(kindOf(() => showMetadataItem(store, me, testImageId(1), key))).toBe(NO_KEY);
      expect(kindOf(() => deleteMetadataItem(store, me, testImageId(1), key))).toBe(INVALID_KEY);
    }
  });

  it('keeps a dataset __proto__ property as data (Object.fromEntries and JSON.parse make own properties)', () => {
    const fromEntries = Object.fromEntries([['__proto__', 'x']]) as ImageProperties;
    expect(Object.hasOwn(fromEntries, '__proto__')).toBe(true);
    const store = novaOf([privateRecord(1, { properties: fromEntries })]);
    expect(showMetadataItem(store, me, testImageId(1), '__proto__')).toBe('x');
    expect(images(store).records()[0]?.properties).toEqual(fromEntries);
  });
});
