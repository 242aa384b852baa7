import { describe, expect, it } from 'vitest';
import {
  OTHER_PROJECT,
  OWN_PROJECT,
  privateRecord,
  STOPPED_CLOCK_STAMP,
  stoppedClock,
  testImageId,
} from '../../tests/support/records.ts';
import { thrown } from '../../tests/support/thrown.ts';
import { createImageService } from '../handlers.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { GlanceError, type GlanceErrorKind } from './errors.ts';
import {
  type GlanceFilters,
  type GlanceListQuery,
  ImageService,
  type ImageSource,
  replaceAllServed,
} from './image-service.ts';
import { isGlanceTimestamp } from './iso8601.ts';
import { distinctIdsOf, listOrderOf } from './list-order.ts';
import { storedRecord } from './stored-record.ts';

const me: Caller = { projectId: OWN_PROJECT };
const them: Caller = { projectId: OTHER_PROJECT };
const admin: Caller = { projectId: 'cccccccccccccccccccccccccccccccc', admin: true };

function storeOf(records: ImageRecord[]): ImageService {
  return new ImageService(records, { clock: stoppedClock });
}

/** A service serving `source`, as serve loads a large file. */
function servedFrom(source: ImageSource): ImageService {
  const service = new ImageService([], { clock: stoppedClock });
  replaceAllServed(service, source);
  return service;
}

const set = (path: string, value: string | null) => ({ op: 'add', path, value }) as const;

function kindOf(call: () => unknown): GlanceErrorKind | 'no error' {
  try {
    call();
  } catch (error) {
    if (error instanceof GlanceError) return error.kind;
    throw error;
  }
  return 'no error';
}

const errorOf = (call: () => unknown): GlanceError => thrown(GlanceError, call);

const ids = (records: readonly ImageRecord[]) => records.map((record) => record.id);

describe('visibility (§14.1)', () => {
  const ownPrivate = privateRecord(1);
  const otherPrivate = privateRecord(2, { owner: OTHER_PROJECT });
  const otherPublic = privateRecord(3, { owner: OTHER_PROJECT, visibility: 'public' });
  const otherCommunity = privateRecord(4, { owner: OTHER_PROJECT, visibility: 'community' });
  const ownCommunity = privateRecord(5, { visibility: 'community' });
  const sharedWithMe = privateRecord(6, {
    owner: OTHER_PROJECT,
    visibility: 'shared',
    members: [OWN_PROJECT],
  });
  const sharedWithOthers = privateRecord(7, {
    owner: OTHER_PROJECT,
    visibility: 'shared',
    members: ['dddd'],
  });
  const ownerless = privateRecord(8, { owner: null, visibility: 'public' });
  const store = storeOf([
    ownPrivate,
    otherPrivate,
    otherPublic,
    otherCommunity,
    ownCommunity,
    sharedWithMe,
    sharedWithOthers,
    ownerless,
  ]);

  it('shows own, public, community and shared-with-me images; hides the rest as not found', () => {
    for (const visible of [ownPrivate, otherPublic, otherCommunity, ownCommunity, sharedWithMe, ownerless]) {
      expect(store.get(me, visible.id).id).toBe(visible.id);
    }
    expect(kindOf(() => store.get(me, otherPrivate.id))).toBe('imageNotFound');
    expect(kindOf(() => store.get(me, sharedWithOthers.id))).toBe('imageNotFound');
    expect(kindOf(() => store.get(me, testImageId(999)))).toBe('imageNotFound');
    expect(kindOf(() => store.get(me, 'not-a-uuid'))).toBe('imageNotFound');
  });

  it('lists visible images but not community images of another project (§11.2)', () => {
    expect(ids(store.list(me)).sort()).toEqual(
      [ownPrivate, otherPublic, ownCommunity, sharedWithMe, ownerless].map((record) => record.id).sort(),
    );
    expect(ids(store.list(them))).toContain(otherCommunity.id);
    expect(ids(store.list(them))).not.toContain(ownCommunity.id);
  });

  it('lets admins see everything, yet lists no community image of another project', () => {
    expect(store.get(admin, otherPrivate.id).id).toBe(otherPrivate.id);
    expect(ids(store.list(admin))).toContain(sharedWithOthers.id);
    expect(ids(store.list(admin))).not.toContain(ownCommunity.id);
  });

  it('refuses writes on visible images of another project, after the lookup; an empty patch changes nothing for anyone', () => {
    const fresh = storeOf([ownPrivate, otherPrivate, otherPublic, sharedWithMe]);
    for (const target of [otherPublic, sharedWithMe]) {
      expect(kindOf(() => fresh.delete(me, target.id))).toBe('notAllowed');
      expect(kindOf(() => fresh.patch(me, target.id, [set('a', 'b')]))).toBe('notAllowed');
      expect(fresh.patch(me, target.id, [])).toBe(fresh.get(me, target.id));
    }
    expect(kindOf(() => fresh.delete(me, otherPrivate.id))).toBe('imageNotFound');
    expect(kindOf(() => fresh.patch(me, otherPrivate.id, []))).toBe('imageNotFound');
    expect(fresh.records()).toEqual(storeOf([ownPrivate, otherPrivate, otherPublic, sharedWithMe]).records());
  });

  it('lets admins write and delete images of any project', () => {
    const fresh = storeOf([otherPrivate]);
    fresh.patch(admin, otherPrivate.id, [set('a', 'b')]);
    expect(fresh.get(admin, otherPrivate.id).properties.a).toBe('b');
    fresh.delete(admin, otherPrivate.id);
    expect(fresh.list(admin)).toEqual([]);
  });
});

describe('deleted, killed and hidden images', () => {
  const softDeleted = privateRecord(1, { deleted: true });
  const statusDeleted = privateRecord(2, { status: 'deleted' });
  const pendingDelete = privateRecord(3, { status: 'pending_delete' });
  const killed = privateRecord(4, { status: 'killed' });
  const hidden = privateRecord(5, { os_hidden: true });
  const queued = privateRecord(6, { status: 'queued' });
  const store = storeOf([softDeleted, statusDeleted, pendingDelete, killed, hidden, queued]);

  it('hides deleted images from non-admins entirely', () => {
    for (const gone of [softDeleted, statusDeleted, pendingDelete]) {
      expect(kindOf(() => store.get(me, gone.id))).toBe('imageNotFound');
    }
  });

  it('hides deleted images from admins too: no show, no list, no change', () => {
    for (const gone of [softDeleted, statusDeleted, pendingDelete]) {
      expect(kindOf(() => store.get(admin, gone.id))).toBe('imageNotFound');
    }
    expect(ids(store.list(admin))).toEqual(ids(store.list(me)));
    expect(kindOf(() => store.patch(admin, softDeleted.id, [set('a', 'b')]))).toBe('imageNotFound');
    expect(kindOf(() => store.delete(admin, pendingDelete.id))).toBe('imageNotFound');
  });

  it('shows killed, hidden and queued images but lists only the queued one (§9.2, §11.2)', () => {
    for (const shown of [killed, hidden, queued]) expect(store.get(me, shown.id).id).toBe(shown.id);
    expect(ids(store.list(me))).toEqual([queued.id]);
  });
});

describe('delete (§9.3)', () => {
  it('soft-deletes: gone from list and show, kept as a deleted record with updated_at bumped', () => {
    const store = storeOf([privateRecord(1), privateRecord(2)]);
    store.delete(me, testImageId(1));
    expect(ids(store.list(me))).toEqual([testImageId(2)]);
    expect(kindOf(() => store.get(me, testImageId(1)))).toBe('imageNotFound');
    expect(kindOf(() => store.delete(me, testImageId(1)))).toBe('imageNotFound');
    expect(store.size).toBe(2);
    expect(store.records().find((record) => record.id === testImageId(1))).toMatchObject({
      deleted: true,
      status: 'deleted',
      updated_at: STOPPED_CLOCK_STAMP,
    });
  });

  it('refuses protected images, even for admins; a non-owner is refused for ownership first', () => {
    const store = storeOf([
      privateRecord(1, { protected: true }),
      privateRecord(2, { protected: true, owner: OTHER_PROJECT, visibility: 'public' }),
    ]);
    expect(kindOf(() => store.delete(me, testImageId(1)))).toBe('protected');
    expect(kindOf(() => store.delete(admin, testImageId(1)))).toBe('protected');
    expect(kindOf(() => store.delete(me, testImageId(2)))).toBe('notAllowed');
    expect(store.get(me, testImageId(1)).status).toBe('active');
  });
});

describe('sort order (§11.3)', () => {
  it('lists created_at descending, then id descending', () => {
    const store = storeOf([
      privateRecord(1, { created_at: '2020-01-01T00:00:00Z' }),
      privateRecord(2, { created_at: '2021-01-01T00:00:00Z' }),
      privateRecord(3, { created_at: '2020-01-01T00:00:00Z' }),
      privateRecord(0xa, { created_at: '2020-01-01T00:00:00Z' }),
    ]);
    expect(ids(store.list(me))).toEqual([testImageId(2), testImageId(0xa), testImageId(3), testImageId(1)]);
  });

  it('lists a checked dataset in list order, and finds each image by its id, whether or not it was in that order', () => {
    // A checked dataset comes with its id table (a file's: storedDataset; records': RecordsInValues),
    // which the service keeps as its positions; a file in list order already is only checked, not sorted.
    const records = Array.from({ length: 300 }, (_, i) =>
      privateRecord(i + 1, { created_at: `2020-01-01T00:0${i % 7}:00Z` }),
    );
    const expected = [...records]
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : -1))
      .map((record) => record.id);
    for (const given of [
      records,
      [...records].reverse(),
      expected.map((id) => records.find((r) => r.id === id)),
    ]) {
      const store = createImageService({ dataset: given as ImageRecord[], clock: stoppedClock });
      expect(ids(store.list(me))).toEqual(expected);
      expect(expected.every((id) => store.get(me, id).id === id)).toBe(true);
      expect(ids(store.list(me, { marker: expected[99], limit: 2 }))).toEqual(expected.slice(100, 102));
      expect(kindOf(() => store.get(me, testImageId(999)))).toBe('imageNotFound');
    }
  });
});

describe('filters (§11.2)', () => {
  const store = storeOf([
    privateRecord(1, { name: 'Ubuntu', min_ram: 128, min_disk: 10, updated_at: '2012-06-01T12:00:00Z' }),
    privateRecord(2, { name: 'ubuntu', status: 'queued', min_ram: 256, updated_at: '2012-06-01T12:00:01Z' }),
    privateRecord(3, {
      name: 'fedora',
      properties: { architecture: 'x86_64', image_type: 'snapshot', ramdisk_id: null },
    }),
    privateRecord(4, { name: null, properties: { architecture: 'aarch64', image_type: 'snapshot' } }),
    privateRecord(5, { name: 'a:b' }),
    privateRecord(6, { name: '2011-01-01T01:02:03Z' }),
  ]);
  const listed = (filters: GlanceFilters) => ids(store.list(me, { filters })).sort();

  it('name: exact and case-sensitive', () => {
    expect(listed({ name: 'ubuntu' })).toEqual([testImageId(2)]);
    expect(listed({ name: 'Ubuntu' })).toEqual([testImageId(1)]);
    expect(listed({ name: 'ubunt' })).toEqual([]);
    expect(listed({ name: '' })).toEqual([]);
  });

  it('name: eq: and in: operators; a time with colons is a plain name', () => {
    expect(listed({ name: 'eq:fedora' })).toEqual([testImageId(3)]);
    expect(listed({ name: 'eq:a:b' })).toEqual([testImageId(5)]);
    expect(listed({ name: 'in:fedora,Ubuntu,nothing' })).toEqual([testImageId(1), testImageId(3)]);
    expect(listed({ name: '2011-01-01T01:02:03Z' })).toEqual([testImageId(6)]);
  });

  it('name: any other operator is refused, naming the operator', () => {
    const error = errorOf(() => store.list(me, { filters: { name: 'a:b' } }));
    expect([error.kind, error.detail]).toEqual(['unknownNameOperator', 'a']);
    expect(kindOf(() => store.list(me, { filters: { name: 'like:x' } }))).toBe('unknownNameOperator');
  });

  it('status: raw Glance status', () => {
    expect(listed({ status: 'queued' })).toEqual([testImageId(2)]);
    expect(listed({ status: 'saving' })).toEqual([]);
    expect(listed({ status: 'ACTIVE' })).toEqual([]);
  });

  it('updatedAtGte: inclusive, any offset, normalised to UTC', () => {
    expect(listed({ updatedAtGte: '2012-06-01T12:00:00Z' })).toEqual([testImageId(1), testImageId(2)]);
    expect(listed({ updatedAtGte: '2012-06-01T12:00:01Z' })).toEqual([testImageId(2)]);
    expect(listed({ updatedAtGte: '2012-06-01T12:00:00.5Z' })).toEqual([testImageId(2)]);
    expect(listed({ updatedAtGte: '2012-06-01T14:00:01+02:00' })).toEqual([testImageId(2)]);
    expect(listed({ updatedAtGte: '2012-06-01T12:00:02Z' })).toEqual([]);
    expect(listed({ updatedAtGte: '2012-06-01' })).toEqual([testImageId(1), testImageId(2)]);
    expect(listed({ updatedAtGte: '2012-06-01 12:00:01' })).toEqual([testImageId(2)]);
  });

  it('updatedAtGte: not ISO 8601 is refused', () => {
    for (const bad of ['yesterday', '2012-13-01T00:00:00Z', '2012-02-30', '2012-06-01T25:00:00Z', '']) {
      expect(kindOf(() => store.list(me, { filters: { updatedAtGte: bad } }))).toBe('invalidChangesSince');
    }
  });

  it('minRam/minDisk: exact equality, not "at least"; non-integers match nothing', () => {
    expect(listed({ minRam: '128' })).toEqual([testImageId(1)]);
    expect(listed({ minRam: '100' })).toEqual([]);
    expect(listed({ minDisk: '10' })).toEqual([testImageId(1)]);
    expect(listed({ minDisk: '0' })).toHaveLength(5);
    expect(listed({ minRam: 'abc' })).toEqual([]);
    expect(listed({ minRam: '-1' })).toEqual([]);
    expect(listed({ minRam: '1.5' })).toEqual([]);
  });

  it('properties: exact equality, all must match, null never equals a string', () => {
    expect(listed({ properties: [['image_type', 'snapshot']] })).toEqual([testImageId(3), testImageId(4)]);
    expect(
      listed({
        properties: [
          ['image_type', 'snapshot'],
          ['architecture', 'x86_64'],
        ],
      }),
    ).toEqual([testImageId(3)]);
    expect(listed({ properties: [['architecture', 'x86']] })).toEqual([]);
    expect(listed({ properties: [['ramdisk_id', 'null']] })).toEqual([]);
    expect(listed({ properties: [['', '']] })).toEqual([]);
    expect(listed({ properties: [['constructor', 'x']] })).toEqual([]);
  });

  it('combines filters with AND', () => {
    expect(listed({ name: 'in:Ubuntu,ubuntu', minRam: '256' })).toEqual([testImageId(2)]);
    expect(listed({ name: 'Ubuntu', status: 'queued' })).toEqual([]);
  });
});

describe('marker and limit (§11.4)', () => {
  // List order: 9, 8, 7, ... 1 (same created_at, id descending).
  const records = Array.from({ length: 9 }, (_, i) =>
    privateRecord(i + 1, { name: i % 2 === 0 ? 'odd' : 'even' }),
  );
  records.push(privateRecord(20, { owner: OTHER_PROJECT }), privateRecord(21, { deleted: true }));
  const store = storeOf(records);

  it('starts strictly after the marker', () => {
    expect(ids(store.list(me, { marker: testImageId(7) }))).toEqual([6, 5, 4, 3, 2, 1].map(testImageId));
    expect(ids(store.list(me, { marker: testImageId(7), limit: 2 }))).toEqual([
      testImageId(6),
      testImageId(5),
    ]);
  });

  it('does not apply filters to the marker', () => {
    expect(ids(store.list(me, { marker: testImageId(8), filters: { name: 'odd' } }))).toEqual(
      [7, 5, 3, 1].map(testImageId),
    );
  });

  it('returns nothing after the last image', () => {
    expect(store.list(me, { marker: testImageId(1) })).toEqual([]);
  });

  it('refuses unknown and deleted markers as not found, invisible ones as not visible', () => {
    expect(
      [errorOf(() => store.list(me, { marker: testImageId(99) }))].map((e) => [e.kind, e.detail]),
    ).toEqual([['markerNotFound', testImageId(99)]]);
    expect(kindOf(() => store.list(me, { marker: testImageId(21) }))).toBe('markerNotFound');
    expect(
      [errorOf(() => store.list(me, { marker: testImageId(20) }))].map((e) => [e.kind, e.detail]),
    ).toEqual([['markerNotVisible', testImageId(20)]]);
    expect(ids(store.list(admin, { marker: testImageId(21), limit: 1 }))).toEqual([testImageId(20)]);
  });

  it('limits the page; no limit returns every match', () => {
    expect(ids(store.list(me, { limit: 3 }))).toEqual([9, 8, 7].map(testImageId));
    expect(store.list(me)).toHaveLength(9);
    expect(store.list(me, { limit: 100 })).toHaveLength(9);
  });
});

describe('paging a large dataset', () => {
  it('examines only the images after the marker it needs, not the whole dataset', () => {
    const count = 100_000;
    const records = Array.from({ length: count }, (_, i) => privateRecord(i + 1));
    const store = storeOf(records);
    // The store reads the caller for every image it examines: count those reads.
    let reads = 0;
    const countingCaller: Caller = {
      get projectId() {
        reads++;
        return OWN_PROJECT;
      },
      get admin() {
        reads++;
        return false;
      },
    };
    const page = store.list(countingCaller, { marker: testImageId(count / 2), limit: 10 });
    expect(ids(page)).toEqual(Array.from({ length: 10 }, (_, i) => testImageId(count / 2 - 1 - i)));
    expect(reads).toBeLessThan(200);
  });
});

describe('patch: property changes in order (glance/api/v2/images.py)', () => {
  const sample = () => storeOf([privateRecord(1, { properties: { a: '1', b: '2' } })]);

  it('adds, replaces and removes and bumps updated_at; an empty patch keeps the record as it was', () => {
    const store = sample();
    const updated = store.patch(me, testImageId(1), [
      { op: 'add', path: 'c', value: '3' },
      { op: 'add', path: 'a', value: 'one' },
      { op: 'replace', path: 'b', value: null },
      { op: 'remove', path: 'c' },
    ]);
    expect({ ...updated.properties }).toEqual({ a: 'one', b: null });
    expect(updated.updated_at).toBe(STOPPED_CLOCK_STAMP);
    const again = storeOf([privateRecord(1)]);
    const before = again.get(me, testImageId(1));
    expect(again.patch(me, testImageId(1), [])).toBe(before);
    expect(again.get(me, testImageId(1)).updated_at).not.toBe(STOPPED_CLOCK_STAMP);
  });

  it('refuses to replace or remove a property the image lacks, and changes nothing', () => {
    const store = sample();
    const before = store.records();
    const replace = errorOf(() =>
      store.patch(me, testImageId(1), [{ op: 'replace', path: 'zz', value: 'v' }]),
    );
    expect([replace.kind, replace.detail]).toEqual(['propertyNotFound', 'zz']);
    expect(kindOf(() => store.patch(me, testImageId(1), [set('x', 'y'), { op: 'remove', path: 'zz' }]))).toBe(
      'propertyNotFound',
    );
    expect(store.records()).toEqual(before);
  });

  it('keeps keys that name Object.prototype members as ordinary data', () => {
    const store = storeOf([privateRecord(1)]);
    const updated = store.patch(me, testImageId(1), [set('__proto__', 'p'), set('constructor', 'c')]);
    expect(Object.keys(updated.properties)).toEqual(['__proto__', 'constructor']);
    expect(Object.entries(updated.properties)).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    expect(Object.isFrozen(updated.properties)).toBe(true);
    // The copy handed out to edit takes any key by assignment without touching a prototype.
    const copy = store.records()[0] as ImageRecord;
    expect(Object.getPrototypeOf(copy.properties)).toBeNull();
    expect(store.patch(me, testImageId(1), [{ op: 'remove', path: '__proto__' }]).properties).toEqual({
      constructor: 'c',
    });
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('p');
  });
});

describe('state: records, reset, replaceAll', () => {
  it('hands out frozen records and mutable copies from records()', () => {
    const store = storeOf([privateRecord(1)]);
    expect(Object.isFrozen(store.get(me, testImageId(1)))).toBe(true);
    const copy = store.records()[0] as ImageRecord;
    copy.name = 'changed';
    expect(store.get(me, testImageId(1)).name).toBe('image-1');
  });

  it('a record handed out earlier keeps its state after a write', () => {
    const store = storeOf([privateRecord(1)]);
    const earlier = store.get(me, testImageId(1));
    store.patch(me, testImageId(1), [set('a', 'b')]);
    expect(earlier.properties).toEqual({});
    expect(store.get(me, testImageId(1)).properties.a).toBe('b');
  });

  it('reset() restores the records given to the constructor; writes never leak into them', () => {
    const originals = [
      privateRecord(1, { properties: { a: '1' } }),
      privateRecord(2, { members: [OTHER_PROJECT] }),
    ];
    const snapshot = structuredClone(originals);
    const store = storeOf(originals);
    store.patch(me, testImageId(1), [{ op: 'replace', path: 'a', value: '2' }]);
    store.delete(me, testImageId(2));
    expect(originals).toEqual(snapshot);
    (originals[0] as ImageRecord).properties.b = 'changed after loading';
    store.reset();
    expect(store.records()).toEqual(snapshot.slice().reverse());
    expect(ids(store.list(me))).toEqual([testImageId(2), testImageId(1)]);
  });

  it('changes to the records given and to their list, made before the first read, never reach the state', () => {
    // The list order is made at the first read, from the copies taken when the records were given.
    const originals = [
      privateRecord(1, { properties: { a: '1' }, tags: ['t'] }),
      privateRecord(2, { created_at: '2012-01-01T01:02:03Z' }),
    ];
    const snapshot = structuredClone(originals);
    const store = storeOf(originals);
    const first = originals[0] as ImageRecord;
    first.name = 'renamed';
    first.created_at = '2013-01-01T01:02:03Z';
    first.properties.a = 'changed';
    first.tags?.push('u');
    originals.push(privateRecord(3));
    originals.reverse();
    expect(ids(store.list(me))).toEqual([testImageId(2), testImageId(1)]);
    expect(store.records()).toEqual(snapshot.slice().reverse());
    expect(kindOf(() => store.get(me, testImageId(3)))).toBe('imageNotFound');
  });

  it('loads records only, and a load it refuses leaves the state as it was', () => {
    const store = storeOf([privateRecord(1)]);
    const source: ImageSource = {
      count: 1,
      at: () => storedRecord(privateRecord(7)),
      ids: distinctIdsOf([privateRecord(7)]),
      order: Int32Array.of(0),
      createdInGlanceFormat: true,
    };
    // A source of records made as read is serve's way in (replaceAllServed), not the package's.
    // @ts-expect-error: the public signature takes records
    expect(() => store.replaceAll(source)).toThrow(TypeError);
    expect(() => store.replaceAll([privateRecord(7), privateRecord(7)])).toThrow(
      `duplicate image id ${testImageId(7)}`,
    );
    expect(ids(store.list(me))).toEqual([testImageId(1)]);
    replaceAllServed(store, source);
    expect(ids(store.list(me))).toEqual([testImageId(7)]);
  });

  it('replaceAll() loads a new dataset that reset() then restores', () => {
    const store = storeOf([privateRecord(1)]);
    store.replaceAll([privateRecord(7), privateRecord(8)]);
    expect(store.size).toBe(2);
    expect(kindOf(() => store.get(me, testImageId(1)))).toBe('imageNotFound');
    store.delete(me, testImageId(7));
    store.reset();
    expect(ids(store.list(me))).toEqual([testImageId(8), testImageId(7)]);
  });

  it('refuses duplicate ids', () => {
    expect(() => storeOf([privateRecord(1), privateRecord(1)])).toThrow(/duplicate/);
  });
});

describe("Glance's list in its default order (created_at, then id, both descending)", () => {
  const pagesOf = (store: ImageService, caller: Caller, query: GlanceListQuery): string[] => {
    const listed: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = store.glanceList(caller, { ...query, marker, limit: 7 });
      listed.push(...ids(page.images));
      if (page.nextMarker === undefined) return listed;
      marker = page.nextMarker;
    }
  };

  it('lists page after page what the full sort lists', () => {
    const store = storeOf(
      Array.from({ length: 300 }, (_, i) =>
        privateRecord(i + 1, {
          // Ties on created_at, broken by id.
          created_at: `2011-01-${String(1 + (i % 20)).padStart(2, '0')}T00:00:00Z`,
          visibility: (['public', 'private', 'shared', 'community'] as const)[i % 4],
          owner: i % 3 === 0 ? OTHER_PROJECT : OWN_PROJECT,
          status: i % 5 === 0 ? 'queued' : 'active',
        }),
      ),
    );
    for (const caller of [me, them, admin]) {
      for (const filters of [[], [['status', 'active']]] as const) {
        const inOrder = pagesOf(store, caller, { filters });
        // The same order, named with a third key: the images are sorted.
        const sorted = pagesOf(store, caller, { filters, sortKeys: ['created_at', 'id', 'name'] });
        expect(inOrder.length).toBeGreaterThan(50);
        expect(inOrder).toEqual(sorted);
      }
    }
  });

  it('reads only the images after the marker it needs', () => {
    const count = 100_000;
    const store = storeOf(Array.from({ length: count }, (_, i) => privateRecord(i + 1)));
    let reads = 0;
    const countingCaller: Caller = {
      get projectId() {
        reads++;
        return OWN_PROJECT;
      },
    };
    const page = store.glanceList(countingCaller, { marker: testImageId(count / 2), limit: 10 });
    expect(ids(page.images)).toEqual(Array.from({ length: 10 }, (_, i) => testImageId(count / 2 - 1 - i)));
    expect(reads).toBeLessThan(200);
  });

  it('sorts when a created_at is not in Glance’s format (Glance cannot read February 30: it sorts last)', () => {
    const store = storeOf([
      privateRecord(1, { created_at: '2026-02-30T00:00:00Z' }),
      privateRecord(2, { created_at: '2026-03-01T00:00:00Z' }),
      privateRecord(3, { created_at: '2026-02-01T00:00:00Z' }),
    ]);
    expect(ids(store.glanceList(me, {}).images)).toEqual([testImageId(2), testImageId(3), testImageId(1)]);
  });
});

describe('a dataset made as it is read (ImageSource: a large file served from its bytes)', () => {
  const records = Array.from({ length: 2_000 }, (_, i) =>
    privateRecord(i + 1, {
      created_at: `2020-01-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
      visibility: i % 3 === 0 ? 'public' : 'private',
      min_ram: i % 5,
      properties: { os_distro: i % 2 ? 'ubuntu' : 'debian' },
    }),
  );
  /** The records as a source that counts what it is asked to make. */
  function sourceOf(): ImageSource & { made: Set<number> } {
    const stored = records.map(storedRecord);
    const made = new Set<number>();
    return {
      made,
      count: stored.length,
      at(index) {
        made.add(index);
        return stored[index] as ImageRecord;
      },
      ids: distinctIdsOf(stored),
      order: listOrderOf(stored),
      createdInGlanceFormat: stored.every((record) => isGlanceTimestamp(record.created_at)),
    };
  }
  const pair = () => {
    const source = sourceOf();
    return { source, lazy: servedFrom(source), eager: storeOf(records) };
  };

  it('makes only the records a page, a show and a write read', () => {
    const { source, lazy, eager } = pair();
    expect(lazy.list(me, { limit: 10 })).toEqual(eager.list(me, { limit: 10 }));
    expect(source.made.size).toBe(10);
    const id = testImageId(1_500);
    expect(lazy.get(me, id)).toEqual(eager.get(me, id));
    expect(lazy.patch(me, id, [set('a', 'b')])).toEqual(eager.patch(me, id, [set('a', 'b')]));
    expect(source.made.size).toBeLessThanOrEqual(12);
    expect(lazy.size).toBe(records.length);
    // Glance's list in its default order reads on from the start too: the source's times are known.
    const glancePage = { limit: 10 } as GlanceListQuery;
    expect(lazy.glanceList(me, glancePage)).toEqual(eager.glanceList(me, glancePage));
    expect(source.made.size).toBeLessThanOrEqual(30);
  });

  // Year 0000: a checked time, but none Glance reads (it sorts as NULL), so these two images are
  // in id order in its list, not in time order as in list order.
  const ancient: Record<number, string> = { 7: '0000-05-01T00:00:00Z', 8: '0000-03-01T00:00:00Z' };
  const withAncient = records.map((record, index) =>
    ancient[index] === undefined ? record : { ...record, created_at: ancient[index] as string },
  );

  /** Glance's default-order pages of `lazy` as `eager`'s, which ends with the two ancient images in id order. */
  function expectGlanceListsInIdOrderAtTheEnd(lazy: ImageService, eager: ImageService): void {
    const whole = eager.glanceList(me, {} as GlanceListQuery);
    expect(ids(whole.images).slice(-2)).toEqual([testImageId(9), testImageId(8)]);
    for (const query of [{}, { limit: 12 }, { limit: 5, marker: testImageId(30) }] as GlanceListQuery[])
      expect(lazy.glanceList(me, query)).toEqual(eager.glanceList(me, query));
  }

  it("lists Glance's default order as the records loaded whole when a time is not in Glance's format", () => {
    const stored = withAncient.map(storedRecord);
    const source: ImageSource = {
      count: stored.length,
      at: (index) => stored[index] as ImageRecord,
      ids: distinctIdsOf(stored),
      order: listOrderOf(stored),
      createdInGlanceFormat: false,
    };
    const lazy = servedFrom(source);
    const eager = storeOf(withAncient);
    expectGlanceListsInIdOrderAtTheEnd(lazy, eager);
  });

  it("lists Glance's default order of restored records by their own times, not the source's", () => {
    // The source's times are all in Glance's format; the restored ones are not.
    const { lazy, eager } = pair();
    lazy.restore(withAncient);
    eager.restore(withAncient);
    expectGlanceListsInIdOrderAtTheEnd(lazy, eager);
  });

  it('lists, finds, filters, writes, creates and resets as the same records loaded whole', () => {
    const { source, lazy, eager } = pair();
    const both = <T>(call: (store: ImageService) => T): T => {
      const expected = call(eager);
      expect(call(lazy)).toEqual(expected);
      return expected;
    };
    both((store) => store.list(them, { limit: 7 }));
    both((store) => store.list(me, { marker: testImageId(700), limit: 30 }));
    both((store) => store.delete(me, testImageId(33)));
    both((store) =>
      store.list(me, { filters: { minRam: '3', properties: [['os_distro', 'ubuntu']] }, limit: 40 }),
    );
    both((store) => kindOf(() => store.get(me, testImageId(33))));
    both((store) => store.glanceList(me, { limit: 25 } as GlanceListQuery));
    both((store) => store.create(me, { id: testImageId(9_999), name: 'new' }).id);
    both((store) => store.list(me, { limit: 3 }));
    both((store) => store.records());
    expect(source.made.size).toBe(records.length);
    lazy.reset();
    eager.reset();
    both((store) => store.records());
    both((store) => store.list(me, { marker: testImageId(20), limit: 5 }));
    both((store) => kindOf(() => store.get(me, testImageId(9_999))));
  });

  it("makes every record in the source's order for an unlimited list, which reads them all", () => {
    const { source, lazy, eager } = pair();
    expect(lazy.list(me)).toEqual(eager.list(me));
    expect([...source.made]).toEqual(Array.from({ length: records.length }, (_, index) => index));
  });

  it('resets what was written since, without making the records no one read', () => {
    const { source, lazy, eager } = pair();
    for (const store of [lazy, eager]) {
      store.patch(me, testImageId(5), [set('x', 'y')]);
      store.delete(me, testImageId(6));
      store.reset();
    }
    // The patched image as loaded, the deleted one back.
    for (const id of [testImageId(5), testImageId(6)]) {
      expect(lazy.get(me, id)).toEqual(eager.get(me, id));
      expect(lazy.get(me, id).properties).not.toHaveProperty('x');
    }
    expect(lazy.list(me, { limit: 4 })).toEqual(eager.list(me, { limit: 4 }));
    expect(source.made.size).toBeLessThan(20);
  });
});
