import { describe, expect, it } from 'vitest';
import { validateDataset } from '../mocks/dataset.ts';
import { GLANCE_FIELDS } from '../mocks/glance/stored-record.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { RELEASES } from './catalog/distributions.ts';
import { OPERATOR_PROJECT, PROJECTS } from './catalog/projects.ts';
import { generateDataset } from './index.ts';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const SEEDS = [1, 2, 3];
const COUNT = 3000;

const datasets = SEEDS.map((seed) => ({
  seed,
  records: generateDataset({ seed, count: COUNT, samples: false }),
}));

const share = (records: ImageRecord[], test: (r: ImageRecord) => boolean) =>
  records.filter(test).length / records.length;
const isPublished = (r: ImageRecord) => r.owner === OPERATOR_PROJECT.id;
const isSnapshot = (r: ImageRecord) =>
  r.properties.image_type === 'snapshot' || r.properties.image_type === 'backup';
const releaseOf = (r: ImageRecord) =>
  RELEASES.find(
    (release) =>
      release.os_distro === r.properties.os_distro && release.os_version === r.properties.os_version,
  );

describe.each(datasets)('generated dataset, seed $seed', ({ records }) => {
  const byId = new Map(records.map((r) => [r.id, r]));

  it('passes dataset validation', () => {
    expect(validateDataset({ images: records })).toHaveLength(COUNT);
  });

  it('has mostly active images and some queued, saving, killed and soft-deleted ones', () => {
    expect(share(records, (r) => r.status === 'active')).toBeGreaterThan(0.75);
    for (const status of ['queued', 'saving', 'killed', 'deleted'] as const) {
      expect(share(records, (r) => r.status === status)).toBeGreaterThan(0.01);
    }
    for (const r of records)
      expect(r.deleted === true).toBe(r.status === 'deleted' || r.status === 'pending_delete');
    for (const r of records.filter((r) => ['queued', 'saving', 'killed'].includes(r.status)))
      expect(r.size).toBeNull();
  });

  it('mixes visibilities and owner projects', () => {
    for (const visibility of ['public', 'private', 'shared', 'community'] as const) {
      expect(share(records, (r) => r.visibility === visibility)).toBeGreaterThan(0.01);
    }
    const owners = new Set(records.map((r) => r.owner));
    expect(owners).toEqual(new Set([OPERATOR_PROJECT.id, ...PROJECTS.map((p) => p.id)]));
    for (const r of records.filter((r) => r.members)) {
      expect(r.visibility).toBe('shared');
      expect(r.members).not.toContain(r.owner);
    }
  });

  it('gives snapshots properties consistent with their server and base image', () => {
    const snapshots = records.filter(isSnapshot);
    expect(snapshots.length / COUNT).toBeGreaterThan(0.4);
    const servers = new Map<string, ImageRecord[]>();
    for (const snapshot of snapshots) {
      const p = snapshot.properties;
      const base = byId.get(p.base_image_ref as string);
      expect(base, `base of ${snapshot.id}`).toBeDefined();
      if (!base) continue;
      expect(isPublished(base)).toBe(true);
      expect([p.os_distro, p.os_version, p.architecture]).toEqual([
        base.properties.os_distro,
        base.properties.os_version,
        base.properties.architecture,
      ]);
      expect(snapshot.min_ram).toBe(base.min_ram);
      expect(snapshot.min_disk).toBeGreaterThanOrEqual(base.min_disk);
      expect(snapshot.created_at > base.created_at).toBe(true);
      const project = PROJECTS.find((candidate) => candidate.id === snapshot.owner);
      expect(project?.users.map((u) => u.id)).toContain(p.user_id);
      expect(p.owner_project_name).toBe(project?.name);
      expect(p.instance_uuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      if (p.image_type === 'backup') expect(['daily', 'weekly']).toContain(p.backup_type);
      servers.set(p.instance_uuid as string, [...(servers.get(p.instance_uuid as string) ?? []), snapshot]);
    }
    for (const [, ofServer] of servers) {
      const first = ofServer[0] as ImageRecord;
      for (const other of ofServer) {
        expect([
          other.owner,
          other.properties.user_id,
          other.properties.base_image_ref,
          other.min_disk,
        ]).toEqual([first.owner, first.properties.user_id, first.properties.base_image_ref, first.min_disk]);
      }
    }
    expect([...servers.values()].some((ofServer) => ofServer.length >= 3)).toBe(true);
  });

  it('sets min_disk to at least what the image needs on disk', () => {
    for (const r of records.filter(isPublished)) {
      const release = releaseOf(r);
      expect(release, `release of ${r.name}`).toBeDefined();
      expect(r.min_disk).toBeGreaterThanOrEqual(
        Math.ceil(release?.virtualSizeGiB ?? Number.POSITIVE_INFINITY),
      );
    }
    for (const r of records) if (r.size !== null) expect(r.size).toBeLessThanOrEqual(r.min_disk * GIB);
  });

  it('gives published images sizes in the range of their OS and format', () => {
    const published = records.filter((r) => isPublished(r) && r.size !== null);
    expect(published.length).toBeGreaterThan(COUNT * 0.15);
    for (const r of published) {
      const release = releaseOf(r);
      if (!release) throw new Error(`no release for ${r.name}`);
      const size = r.size as number;
      const qcow2 = size >= release.qcow2MiB[0] * MIB && size <= release.qcow2MiB[1] * MIB;
      const raw = size === Math.round(release.virtualSizeGiB * GIB);
      const iso =
        release.isoMiB !== undefined && size >= release.isoMiB[0] * MIB && size <= release.isoMiB[1] * MIB;
      expect(qcow2 || raw || iso, `${r.name}: ${size} bytes`).toBe(true);
    }
    const windows = published.filter((r) => r.properties.os_distro === 'windows');
    const cirros = published.filter((r) => r.properties.os_distro === 'cirros');
    expect(Math.min(...windows.map((r) => r.min_ram))).toBeGreaterThanOrEqual(2048);
    expect(Math.max(...cirros.map((r) => r.size as number))).toBeLessThan(GIB);
  });

  it('keeps published image names unique, as operators do', () => {
    const names = records.filter(isPublished).map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses architectures as clouds do: x86_64 mostly, some aarch64 and ppc64le', () => {
    const published = records.filter(isPublished);
    expect(share(published, (r) => r.properties.architecture === 'x86_64')).toBeGreaterThan(0.7);
    expect(share(published, (r) => r.properties.architecture === 'aarch64')).toBeGreaterThan(0.05);
    expect(share(published, (r) => r.properties.architecture === 'ppc64le')).toBeGreaterThan(0.005);
    for (const r of published.filter((r) => r.properties.architecture === 'aarch64')) {
      expect(r.properties.hw_firmware_type).toBe('uefi');
    }
  });

  it('keeps metadata within the 128-item quota, some images close to it', () => {
    const sizes = records.map((r) => Object.keys(r.properties).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(128);
    expect(sizes.filter((size) => size >= 100).length).toBeGreaterThan(0);
  });

  it('never puts Glance core attributes into properties', () => {
    const core = [...GLANCE_FIELDS, 'tags'];
    for (const r of records) for (const key of core) expect(Object.hasOwn(r.properties, key)).toBe(false);
  });

  it('keeps timestamps in order and before the reference date', () => {
    for (const r of records) {
      expect(r.created_at <= r.updated_at).toBe(true);
      expect(r.updated_at <= '2026-01-01T00:00:00Z').toBe(true);
    }
  });
});
