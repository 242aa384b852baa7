/**
 * Snapshots and backups of servers, with the properties Nova writes on them
 * (nova/compute/api.py snapshot/backup, the libvirt driver's snapshot metadata).
 */
import type { ImageRecord } from '../mocks/types.ts';
import { SNAPSHOT_STATUSES, SNAPSHOT_VISIBILITIES } from './catalog/lifecycle.ts';
import { APPS, BACKUP_NAMES, BACKUP_TYPES, SNAPSHOT_NAMES } from './catalog/names.ts';
import { BOOT_ROLES, PROJECTS } from './catalog/projects.ts';
import type { DrawContext } from './context.ts';
import { GIB, type PublishedImage, virtualSize } from './distribution.ts';
import { addGlanceFields } from './glance-fields.ts';
import { uuid } from './ids.ts';
import { emptyProperties } from './properties.ts';
import { compileWeights } from './random.ts';
import type { Server } from './server.ts';
import { compileTemplate } from './templates.ts';
import { dateParts, drawTime, isoSeconds, MINUTE, SECOND } from './time.ts';

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
 * A published image as snapshots of it use it, with the properties they copy from it listed
 * once: a base has many snapshots, and listing a property set's keys in order is slow (it is a
 * dictionary, see emptyProperties).
 */
export interface SnapshotBase extends PublishedImage {
  inheritedKeys: string[];
  inheritedValues: (string | null)[];
}

export function snapshotBase(image: PublishedImage): SnapshotBase {
  const inheritedKeys: string[] = [];
  const inheritedValues: (string | null)[] = [];
  const properties = image.record.properties;
  for (const key in properties) {
    if (NOT_INHERITED.has(key)) continue;
    inheritedKeys.push(key);
    inheritedValues.push(properties[key] as string | null);
  }
  return {
    // A copy: the record itself may be handed out, and changed, before the snapshots are drawn.
    record: { ...image.record },
    release: image.release,
    arch: image.arch,
    format: image.format,
    createdAt: image.createdAt,
    inheritedKeys,
    inheritedValues,
  };
}

/** Snapshot statuses in which Glance holds no data yet. */
const WITHOUT_DATA = new Set(['queued', 'saving', 'killed']);

/**
 * One function on purpose: its statements are the order of the draws, which is the dataset format
 * (a seed must give the same bytes), read top to bottom; split, that order would be scattered.
 */
export function drawSnapshot(
  context: DrawContext,
  type: 'snapshot' | 'backup',
  base: SnapshotBase,
  server: Server,
): ImageRecord {
  const { random, now } = context;
  const status = random.weighted(STATUSES);
  const createdAt = drawTime(random, server.createdAt + MINUTE, now);
  const parts = dateParts(createdAt);
  const backupType = random.pick(BACKUP_TYPES);
  const template = random.pick(type === 'backup' ? BACKUP_TEMPLATES : SNAPSHOT_TEMPLATES);
  const name = template({
    date: parts.date,
    compact: parts.compact,
    time: parts.time,
    server: server.name,
    type: backupType,
    n: random.int(1, 9),
    app: random.pick(APPS),
  });

  const properties = emptyProperties();
  const { inheritedKeys, inheritedValues } = base;
  for (let i = 0; i < inheritedKeys.length; i++) {
    properties[inheritedKeys[i] as string] = inheritedValues[i] as string | null;
  }
  properties.image_type = type;
  properties.instance_uuid = server.id;
  properties.base_image_ref = base.record.id;
  properties.user_id = server.user.id;
  properties.owner_project_name = server.project.name;
  properties.owner_user_name = server.user.name;
  properties.boot_roles = random.pick(BOOT_ROLES);
  if (type === 'backup') properties.backup_type = backupType;
  if (status === 'active' || status === 'deleted') {
    properties.image_location = 'snapshot';
    properties.image_state = 'available';
    properties.owner_id = server.project.id;
  }

  // A qcow2 of the blocks the guest wrote: more than the base image, less than the root disk.
  const minBytes = Math.max(virtualSize(base) * 0.3, 32 * 1024 * 1024);
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

  const record: ImageRecord = {
    id: uuid(random),
    name,
    status,
    visibility: members.length > 0 ? 'shared' : 'private',
    owner: server.project.id,
    protected: status === 'active' && random.bool(0.05),
    os_hidden: false,
    min_ram: base.record.min_ram,
    min_disk: server.rootDiskGiB,
    size,
    created_at: isoSeconds(createdAt),
    updated_at: isoSeconds(updatedAt),
    properties,
  };
  if (status === 'deleted') record.deleted = true;
  if (members.length > 0) record.members = members;
  // Nova snapshots qcow2 disks into bare containers and tags nothing.
  return addGlanceFields(random, record, {
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    virtualSize: server.rootDiskGiB * GIB,
    tags: [],
    maxTags: 0,
  });
}
