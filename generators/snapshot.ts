/**
 * Snapshots and backups of servers, with the properties Nova writes on them
 * (nova/compute/api.py snapshot/backup, the libvirt driver's snapshot metadata).
 */
import { SNAPSHOT_STATUSES, SNAPSHOT_VISIBILITIES } from './catalog/lifecycle.ts';
import { APPS, BACKUP_NAMES, BACKUP_TYPES, SNAPSHOT_NAMES } from './catalog/names.ts';
import { BOOT_ROLES, PROJECTS } from './catalog/projects.ts';
import type { DrawContext } from './context.ts';
import { GIB, type PublishedBuild, virtualSize } from './distribution.ts';
import type { DrawnImage } from './drawn-image.ts';
import { addGlanceFields } from './glance-fields.ts';
import { drawUuidWords, uuidText } from './ids.ts';
import { compileWeights } from './random.ts';
import type { Server } from './server.ts';
import { compileTemplate } from './templates.ts';
import { dayOf, drawTime, hourMinute, MINUTE, SECOND } from './time.ts';

const SNAPSHOT_TEMPLATES = SNAPSHOT_NAMES.map(compileTemplate);
const BACKUP_TEMPLATES = BACKUP_NAMES.map(compileTemplate);
const STATUSES = compileWeights(SNAPSHOT_STATUSES);
const VISIBILITIES = compileWeights(SNAPSHOT_VISIBILITIES);

/** Properties Nova does not copy from the base image (they describe the uploaded file). */
const NOT_INHERITED = new Set([
  'description',
  'owner_specified.openstack.md5',
  'owner_specified.openstack.sha256',
  'owner_specified.openstack.object',
]);

/**
 * A published image as snapshots of it use it: what they read of it, copied out of the drawn
 * image (which is drawn into again next), with the properties they copy from it listed once.
 */
export interface SnapshotBase extends PublishedBuild {
  id: string;
  minRam: number;
  minDisk: number;
  size: number | null;
  inheritedKeys: string[];
  inheritedValues: (string | null)[];
}

/** The base of `image`, drawn as `build`; into `spare` (a base no longer needed) if given. */
export function snapshotBase(build: PublishedBuild, image: DrawnImage, spare?: SnapshotBase): SnapshotBase {
  const base: SnapshotBase = spare ?? {
    release: build.release,
    arch: build.arch,
    format: build.format,
    createdAt: 0,
    id: '',
    minRam: 0,
    minDisk: 0,
    size: null,
    inheritedKeys: [],
    inheritedValues: [],
  };
  base.release = build.release;
  base.arch = build.arch;
  base.format = build.format;
  base.createdAt = build.createdAt;
  base.id = uuidText(image.idWords);
  base.minRam = image.minRam;
  base.minDisk = image.minDisk;
  base.size = image.size;
  const { inheritedKeys, inheritedValues } = base;
  inheritedKeys.length = 0;
  inheritedValues.length = 0;
  const { keys, values, length } = image.properties;
  for (let i = 0; i < length; i++) {
    const key = keys[i] as string;
    if (NOT_INHERITED.has(key)) continue;
    inheritedKeys.push(key);
    inheritedValues.push(values[i] as string | null);
  }
  return base;
}

/** Snapshot statuses in which Glance holds no data yet. */
const WITHOUT_DATA = new Set(['queued', 'saving', 'killed']);

/**
 * Draws a snapshot or backup of `server`, booted from `base`, into `image`.
 *
 * One function on purpose: its statements are the order of the draws, which is the dataset format
 * (a seed must give the same bytes), read top to bottom; split, that order would be scattered.
 */
export function drawSnapshot(
  context: DrawContext,
  type: 'snapshot' | 'backup',
  base: SnapshotBase,
  server: Server,
  image: DrawnImage,
): DrawnImage {
  const { random, now } = context;
  const status = random.weighted(STATUSES);
  const createdAt = drawTime(random, server.createdAt + MINUTE, now);
  const parts = dayOf(createdAt);
  const backupType = random.pick(BACKUP_TYPES);
  const template = random.pick(type === 'backup' ? BACKUP_TEMPLATES : SNAPSHOT_TEMPLATES);
  const name = template({
    date: parts.date,
    compact: parts.compact,
    time: hourMinute(createdAt),
    server: server.name,
    type: backupType,
    n: random.int(1, 9),
    app: random.pick(APPS),
  });

  const properties = image.properties;
  const { inheritedKeys, inheritedValues } = base;
  for (let i = 0; i < inheritedKeys.length; i++) {
    properties.set(inheritedKeys[i] as string, inheritedValues[i] as string | null);
  }
  properties.set('image_type', type);
  properties.set('instance_uuid', server.id);
  properties.set('base_image_ref', base.id);
  properties.set('user_id', server.user.id);
  properties.set('owner_project_name', server.project.name);
  properties.set('owner_user_name', server.user.name);
  properties.set('boot_roles', random.pick(BOOT_ROLES));
  if (type === 'backup') properties.set('backup_type', backupType);
  if (status === 'active' || status === 'deleted') {
    properties.set('image_location', 'snapshot');
    properties.set('image_state', 'available');
    properties.set('owner_id', server.project.id);
  }

  // A qcow2 of the blocks the guest wrote: more than the base image, less than the root disk.
  const minBytes = Math.max(virtualSize(base, base.size) * 0.3, 32 * 1024 * 1024);
  const size = WITHOUT_DATA.has(status)
    ? null
    : random.int(Math.round(minBytes), Math.round(server.rootDiskGiB * GIB * 0.7));
  const updatedAt =
    status === 'deleted'
      ? drawTime(random, createdAt, now)
      : drawTime(random, createdAt + SECOND, Math.min(createdAt + 20 * MINUTE, now));
  const shared = random.weighted(VISIBILITIES) === 'shared';
  const members = shared
    ? random
        .sample(PROJECTS, 1, 2)
        .map((project) => project.id)
        .filter((id) => id !== server.project.id)
    : [];

  drawUuidWords(random, image.idWords);
  image.name = name;
  image.status = status;
  image.visibility = members.length > 0 ? 'shared' : 'private';
  image.owner = server.project.id;
  image.protected = status === 'active' && random.bool(0.05);
  image.osHidden = false;
  image.minRam = base.minRam;
  image.minDisk = server.rootDiskGiB;
  image.size = size;
  image.createdAt = createdAt;
  image.updatedAt = updatedAt;
  image.deleted = status === 'deleted';
  image.members = members;
  // Nova snapshots qcow2 disks into bare containers and tags nothing.
  return addGlanceFields(random, image, {
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    virtualSize: server.rootDiskGiB * GIB,
    tags: [],
    maxTags: 0,
  });
}
