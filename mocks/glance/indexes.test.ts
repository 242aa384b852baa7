/**
 * The indexed list against a plain scan of the same records: after random writes, deletes and
 * resets, every filter (with values the dataset really holds) lists the same images, to callers
 * of every project, admins too; and writes that change who may list an image (visibility, owner,
 * hidden, memberships, deletion) move it between the indexes' audiences.
 */
import { describe, expect, it } from 'vitest';
import { PROJECTS } from '../../generators/catalog/projects.ts';
import { generateDataset } from '../../generators/index.ts';
import { Random } from '../../generators/random.ts';
import { DEFAULT_PROJECT_ID } from '../options.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { isListed, listAudience } from './access.ts';
import { compileFilters, type GlanceFilters } from './filters.ts';
import { ImageService } from './image-service.ts';

const callers: Caller[] = [
  { projectId: DEFAULT_PROJECT_ID },
  { projectId: 'cccccccccccccccccccccccccccccccc', admin: true },
];

/** What the list must hold: every record in list order, filtered one by one. */
function scanned(
  records: readonly ImageRecord[],
  caller: Caller,
  filters: GlanceFilters,
  limit?: number,
): string[] {
  const matches = compileFilters(filters);
  const ids = records
    .filter((record) => isListed(record, caller) && matches(record))
    .map((record) => record.id);
  return limit === undefined ? ids : ids.slice(0, limit);
}

const listed = (service: ImageService, caller: Caller, filters: GlanceFilters, limit?: number) =>
  service.list(caller, { filters, limit }).map((record) => record.id);

/** Filters built from values the records hold now, and a few they do not. */
function filtersOf(records: readonly ImageRecord[], random: Random): GlanceFilters[] {
  const some = () => random.pick(records);
  const withProperty = (key: string) =>
    records.filter((record) => typeof record.properties[key] === 'string');
  const property = (key: string) => random.pick(withProperty(key)).properties[key] as string;
  const updated = [...records.map((record) => record.updated_at)].sort();
  return [
    { name: some().name ?? '' },
    { name: `in:${some().name},${some().name},no such image` },
    { name: 'eq:no such image' },
    { status: 'active' },
    { status: 'importing' },
    { status: 'deleted' },
    { status: 'sleeping' },
    { updatedAtGte: updated[Math.floor(updated.length * 0.97)] },
    { updatedAtGte: updated[Math.floor(updated.length * 0.5)] },
    { updatedAtGte: '2025-06-01T12:00:00.5+02:00' },
    // Before 1970 and after 2106: beyond the seconds the changes-since tree holds.
    { updatedAtGte: '1960-01-01T00:00:00Z' },
    { updatedAtGte: '2200-01-01T00:00:00Z' },
    { minRam: String(some().min_ram) },
    { minRam: 'x512' },
    { minDisk: String(some().min_disk) },
    { minDisk: '0' },
    { properties: [['instance_uuid', property('instance_uuid')]] },
    { properties: [['image_type', 'snapshot']] },
    { properties: [['image_type', 'backup']] },
    { properties: [['os_distro', property('os_distro')]] },
    { properties: [['bench', 'written']] },
    {
      status: 'active',
      properties: [
        ['os_distro', property('os_distro')],
        ['architecture', 'x86_64'],
      ],
    },
    {
      minRam: String(some().min_ram),
      updatedAtGte: updated[Math.floor(updated.length * 0.9)],
      status: 'active',
    },
  ];
}

function expectSameAsScan(service: ImageService, random: Random, who: readonly Caller[] = callers): void {
  const records = service.records();
  for (const filters of filtersOf(records, random)) {
    for (const caller of who) {
      for (const limit of [undefined, 5]) {
        expect(listed(service, caller, filters, limit), JSON.stringify({ filters, caller, limit })).toEqual(
          scanned(records, caller, filters, limit),
        );
      }
    }
  }
}

describe('indexed lists', () => {
  it('list what a plain scan lists, after random writes, deletes and a reset', { timeout: 60_000 }, () => {
    const random = new Random();
    random.seed([12, 34, 56, 78]);
    let clock = Date.parse('2026-01-02T00:00:00Z');
    const service = new ImageService(generateDataset({ seed: 3, count: 1500 }), {
      clock: () => new Date(clock),
    });
    const admin = callers[1] as Caller;
    expectSameAsScan(service, random);

    const records = service.records();
    const values = {
      instance_uuid: records
        .map((record) => record.properties.instance_uuid)
        .filter((id) => id !== undefined),
      os_distro: ['ubuntu', 'debian', 'cirros', 'rhel'],
      image_type: ['snapshot', 'backup', 'image'],
    };
    for (let write = 0; write < 400; write++) {
      clock += random.int(0, 3) * 1000;
      const target = random.pick(records);
      let current: ImageRecord;
      try {
        current = service.get(admin, target.id);
      } catch {
        // Deleted (in the dataset or by an earlier step): gone for everyone, admins too.
        continue;
      }
      if (random.bool(0.1)) {
        if (!current.protected) service.delete(admin, target.id);
        continue;
      }
      const key = random.pick(['instance_uuid', 'os_distro', 'image_type', 'bench'] as const);
      const value = key === 'bench' ? 'written' : random.pick(values[key] as string[]);
      const change =
        random.bool(0.2) && Object.hasOwn(current.properties, key)
          ? ({ op: 'remove', path: key } as const)
          : ({ op: 'add', path: key, value } as const);
      service.patch(admin, target.id, [change]);
    }
    expectSameAsScan(service, random);

    service.reset();
    expect(service.records()).toEqual(records);
    expectSameAsScan(service, random);
  });

  it('list what a plain scan lists after images are created (positions shift) and a reset', () => {
    const random = new Random();
    random.seed([9, 8, 7, 6]);
    // 500 images and 40 more: the changes-since tree outgrows its 512 leaves.
    const records = generateDataset({ seed: 7, count: 500 });
    // Each image is created at the time of a dataset image, so it goes anywhere in the list.
    let clock = Date.parse('2027-01-01T00:00:00Z');
    const service = new ImageService(records, { clock: () => new Date(clock) });
    const admin = callers[1] as Caller;
    expectSameAsScan(service, random);
    const loaded = service.records();
    const placed = new Set<number>();
    for (let n = 0; n < 40; n++) {
      clock = Date.parse(random.pick(loaded).created_at) + 1000;
      const owner = random.pick([
        DEFAULT_PROJECT_ID,
        'cccccccccccccccccccccccccccccccc',
        'dddddddddddddddddddddddddddddddd',
      ]);
      const created = service.create(admin, {
        name: `created-${n}`,
        owner,
        visibility: random.pick(['public', 'private', 'shared', 'community'] as const),
        os_hidden: random.bool(0.2),
        min_ram: random.pick([512, 1024, 2048]),
        properties: { image_type: random.pick(['snapshot', 'backup']), os_distro: 'ubuntu' },
      });
      placed.add(service.records().findIndex((record) => record.id === created.id));
      if (random.bool(0.5))
        service.patch(admin, created.id, [{ op: 'add', path: 'os_distro', value: 'debian' }]);
      // A loaded image written too: the reset puts it back, in the indexes too.
      const written = random.pick(loaded.filter((image) => image.deleted !== true));
      service.patch(admin, written.id, [{ op: 'add', path: 'os_distro', value: `written-${n % 3}` }]);
    }
    expect(placed.size).toBeGreaterThan(30);
    expectSameAsScan(service, random, [...callers, { projectId: 'dddddddddddddddddddddddddddddddd' }]);
    const now = service.records();
    for (let n = 0; n < 40; n++) {
      const name = { name: `created-${n}` };
      expect(listed(service, admin, name)).toEqual(scanned(now, admin, name));
    }
    expect(listed(service, admin, { name: 'in:created-1,created-2,created-3,created-4' })).not.toEqual([]);
    service.reset();
    expect(service.records()).toEqual(loaded);
    expectSameAsScan(service, random);
  });

  it('list what a plain scan lists while created images wait to be taken into the indexes, and after', () => {
    const random = new Random();
    random.seed([5, 4, 3, 2]);
    const records = generateDataset({ seed: 9, count: 300 });
    let clock = Date.parse('2027-01-01T00:00:00Z');
    const service = new ImageService(records, { clock: () => new Date(clock) });
    const admin = callers[1] as Caller;
    const other = { projectId: 'dddddddddddddddddddddddddddddddd' };
    const loaded = service.records();
    // Two indexes built before the creates; every other one while created images wait.
    expect(listed(service, admin, { status: 'active' })).toEqual(
      scanned(loaded, admin, { status: 'active' }),
    );
    expect(listed(service, admin, { minRam: '512' })).toEqual(scanned(loaded, admin, { minRam: '512' }));
    const writable = loaded.filter((image) => image.deleted !== true);
    // Created and not deleted since.
    const created: string[] = [];
    // 1,024 wait at most: past them, the indexes take them in and wait for the next.
    for (let n = 0; n < 1500; n++) {
      clock = Date.parse(random.pick(loaded).created_at) + random.int(0, 2) * 1000;
      const image = service.create(admin, {
        name: `created-${n % 50}`,
        owner: random.pick([DEFAULT_PROJECT_ID, other.projectId]),
        visibility: random.pick(['public', 'private', 'shared', 'community'] as const),
        min_ram: random.pick([512, 1024]),
        properties: { image_type: random.pick(['snapshot', 'backup']), os_distro: 'ubuntu' },
      });
      created.push(image.id);
      // Writes on created and loaded images alike, as they wait and after.
      if (random.bool(0.3)) {
        const id = random.bool(0.5) ? random.pick(created) : random.pick(writable).id;
        service.patch(admin, id, [
          { op: 'add', path: 'os_distro', value: random.pick(['debian', 'fedora']) },
        ]);
      }
      if (random.bool(0.05))
        service.delete(admin, created.splice(random.int(0, created.length - 1), 1)[0] as string);
      if (n === 700 || n === 1100 || n === 1499) {
        expectSameAsScan(service, random, [...callers, other]);
        const now = service.records();
        for (const filters of [
          { name: `created-${n % 50}` },
          { name: 'in:created-1,created-2' },
          { status: 'queued' },
        ])
          expect(listed(service, other, filters, 7)).toEqual(scanned(now, other, filters, 7));
      }
    }
    service.reset();
    expect(service.records()).toEqual(loaded);
    expectSameAsScan(service, random);
  });

  it('list an image written into a changes-since window asked for before the write', () => {
    const clock = Date.parse('2026-01-02T00:00:00Z');
    const service = new ImageService(generateDataset({ seed: 3, count: 1500 }), {
      clock: () => new Date(clock),
    });
    const admin = callers[1] as Caller;
    const records = service.records();
    const updated = records.map((record) => record.updated_at).sort();
    const filters: GlanceFilters = { updatedAtGte: updated[Math.floor(updated.length * 0.97)] };
    const before = listed(service, admin, filters);
    expect(before).toEqual(scanned(records, admin, filters));
    const outside = records.find(
      (record) => isListed(record, admin) && !before.includes(record.id),
    ) as ImageRecord;
    service.patch(admin, outside.id, [{ op: 'add', path: 'os_distro', value: 'debian' }]);
    const after = listed(service, admin, filters);
    expect(after).toContain(outside.id);
    expect(after).toEqual(scanned(service.records(), admin, filters));
  });

  it('list what a plain scan lists after writes that change who may list an image', {
    timeout: 60_000,
  }, () => {
    const random = new Random();
    random.seed([5, 6, 7, 8]);
    let clock = Date.parse('2026-01-02T00:00:00Z');
    const service = new ImageService(generateDataset({ seed: 3, count: 1500 }), {
      clock: () => new Date(clock),
    });
    const projects = PROJECTS.map((project) => project.id);
    const admin = callers[1] as Caller;
    const everyone: Caller[] = [
      ...projects.map((projectId) => ({ projectId })),
      admin,
      // An admin whose own project holds images: its community images are listed to it alone.
      { projectId: DEFAULT_PROJECT_ID, admin: true },
    ];
    // Builds every index the filters use, so the writes below must keep them up to date.
    expectSameAsScan(service, random, everyone);
    const loaded = service.records();
    const moved = new Set<string>();
    for (let write = 0; write < 600; write++) {
      clock += 1000;
      const { id } = random.pick(loaded);
      let image: ImageRecord;
      try {
        image = service.get(admin, id);
      } catch {
        continue;
      }
      const before = JSON.stringify(listAudience(image));
      const members = image.members ?? [];
      const strangers = projects.filter(
        (project) => project !== image.owner && !(image.pending_members ?? []).includes(project),
      );
      switch (random.int(0, 5)) {
        case 0: {
          const visibility = random.pick(['public', 'private', 'shared', 'community'] as const);
          service.patch(admin, id, [{ op: 'replace', path: 'visibility', value: visibility }]);
          break;
        }
        case 1:
          service.patch(admin, id, [{ op: 'replace', path: 'owner', value: random.pick(projects) }]);
          break;
        case 2:
          service.patch(admin, id, [{ op: 'replace', path: 'os_hidden', value: !image.os_hidden }]);
          break;
        case 3: {
          // Invite a project, which then accepts, rejects or leaves the invitation pending.
          const member = strangers.find(
            (project) => !members.includes(project) && !(image.rejected_members ?? []).includes(project),
          );
          if (image.visibility !== 'shared' || member === undefined) break;
          service.addMember(admin, id, member);
          const answer = random.pick(['accepted', 'rejected', 'pending'] as const);
          service.updateMember({ projectId: member }, id, member, answer);
          break;
        }
        case 4:
          if (image.visibility === 'shared' && members.length > 0)
            service.deleteMember(admin, id, random.pick(members));
          break;
        default:
          if (!image.protected) service.delete(admin, id);
      }
      if (
        JSON.stringify(listAudience(service.records().find((record) => record.id === id) as ImageRecord)) !==
        before
      )
        moved.add(id);
    }
    expect(moved.size).toBeGreaterThan(200);
    expectSameAsScan(service, random, everyone);
    service.reset();
    expect(service.records()).toEqual(loaded);
    expectSameAsScan(service, random, everyone);
  });

  it('list changes since times before 1970 and after 2106, beyond the seconds the tree holds', () => {
    const times = [
      '1950-01-01T00:00:00Z',
      '1965-06-01T00:00:00Z',
      '2150-01-01T00:00:00Z',
      '2200-01-01T00:00:00Z',
    ];
    const records = generateDataset({ seed: 2, count: 200 }).map((record, index) => ({
      ...record,
      updated_at: times[index % times.length] as string,
    }));
    const service = new ImageService(records);
    const admin = callers[1] as Caller;
    for (const updatedAtGte of [
      '1940-01-01',
      '1960-01-01T00:00:00Z',
      '2100-01-01',
      '2180-01-01T00:00:00Z',
      '2300-01-01',
    ]) {
      const filters = { updatedAtGte };
      expect(listed(service, admin, filters), updatedAtGte).toEqual(
        scanned(service.records(), admin, filters),
      );
    }
    expect(listed(service, admin, { updatedAtGte: '2180-01-01' }).length).toBeGreaterThan(20);
  });

  it('page from a marker through the candidates', () => {
    const service = new ImageService(generateDataset({ seed: 4, count: 600 }));
    const caller = callers[0] as Caller;
    const filters: GlanceFilters = { properties: [['image_type', 'snapshot']] };
    const all = scanned(service.records(), caller, filters);
    expect(all.length).toBeGreaterThan(20);
    const pages: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = service.list(caller, { filters, marker, limit: 7 }).map((record) => record.id);
      pages.push(...page);
      if (page.length < 7) break;
      marker = page.at(-1);
    }
    expect(pages).toEqual(all);
  });

  it('forget the old dataset when a new one is loaded', () => {
    const service = new ImageService(generateDataset({ seed: 5, count: 300 }));
    const caller = callers[1] as Caller;
    const before = service.list(caller, { filters: { status: 'active' } });
    expect(before.length).toBeGreaterThan(0);
    const next = generateDataset({ seed: 6, count: 200, samples: false });
    service.replaceAll(next);
    const records = service.records();
    const name = records.find((record) => isListed(record, caller))?.name ?? '';
    for (const filters of [
      { status: 'active' },
      { name },
      { properties: [['image_type', 'snapshot']] },
    ] as const) {
      const expected = scanned(records, caller, filters);
      expect(expected.length).toBeGreaterThan(0);
      expect(listed(service, caller, filters)).toEqual(expected);
    }
  });

  it('list what a plain scan lists after records kept from an earlier run are restored (--persist)', () => {
    const random = new Random();
    random.seed([4, 3, 2, 1]);
    const service = new ImageService(generateDataset({ seed: 8, count: 600 }));
    const admin = callers[1] as Caller;
    expectSameAsScan(service, random);
    // What an earlier run kept: other images hidden, made public or shared with the caller.
    const kept = service.records().map((record, index) => {
      if (index % 3 === 0) return { ...record, os_hidden: !record.os_hidden };
      if (index % 3 === 1) return { ...record, visibility: 'public' as const };
      return { ...record, visibility: 'shared' as const, members: [DEFAULT_PROJECT_ID] };
    });
    service.restore(kept);
    expect(service.records()).toEqual(kept);
    expect(listed(service, admin, { status: 'active' })).toEqual(scanned(kept, admin, { status: 'active' }));
    expectSameAsScan(service, random);
  });
});
