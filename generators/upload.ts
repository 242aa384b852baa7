/** Images users upload themselves: baked application images and vendor appliances. */

import { DEFAULT_PROJECT_ID } from '../mocks/options.ts';
import { type Architecture, RELEASES } from './catalog/distributions.ts';
import { UPLOAD_TAGS } from './catalog/glance.ts';
import { FLAVOR_ROOT_DISKS_GIB } from './catalog/hardware.ts';
import { UPLOAD_STATUSES, UPLOAD_VISIBILITIES } from './catalog/lifecycle.ts';
import { APPLIANCES, APPS, UPLOAD_NAMES } from './catalog/names.ts';
import { PROJECTS } from './catalog/projects.ts';
import type { DrawContext } from './context.ts';
import { drawSize, GIB, MIB } from './distribution.ts';
import type { DrawnImage } from './drawn-image.ts';
import { addGlanceFields } from './glance-fields.ts';
import { drawUuidWords } from './ids.ts';
import { hardwareProperties, manifestProperties, osProperties, sdkUploadProperties } from './properties.ts';
import { compileWeights } from './random.ts';
import { compileTemplate } from './templates.ts';
import { DAY, dayOf, drawTime, hourMinute, MINUTE } from './time.ts';

const UPLOAD_TEMPLATES = UPLOAD_NAMES.map(compileTemplate);
const LINUX_RELEASES = RELEASES.filter(
  (release) => release.os_type === 'linux' && release.os_distro !== 'cirros',
);
const PROJECT_TABLE = compileWeights(PROJECTS.map((project) => ({ value: project, weight: project.weight })));
const STATUSES = compileWeights(UPLOAD_STATUSES);
const VISIBILITIES = compileWeights(UPLOAD_VISIBILITIES);
const ENCRYPTION_FORMATS = ['luks', 'plain'];
/** Flavor disk sizes each release's baked images may take. */
const VIRTUAL_DISKS = new Map(
  LINUX_RELEASES.map((release) => [
    release,
    FLAVOR_ROOT_DISKS_GIB.filter((gib) => gib >= release.virtualSizeGiB && gib <= 80),
  ]),
);
/** Projects users share with; the demo caller is a frequent member. */
const MEMBER_CANDIDATES = [DEFAULT_PROJECT_ID, ...PROJECTS.map((project) => project.id)];
const UPLOAD_HISTORY = 2 * 365 * DAY;
const WITHOUT_DATA = new Set(['queued', 'saving', 'uploading', 'importing', 'killed']);

/**
 * Draws an uploaded image into `image`.
 *
 * One function on purpose: its statements are the order of the draws, which is the dataset format
 * (a seed must give the same bytes), read top to bottom; split, that order would be scattered.
 */
export function drawUpload(context: DrawContext, image: DrawnImage): DrawnImage {
  const { random, now } = context;
  const project = random.weighted(PROJECT_TABLE);
  const createdAt = drawTime(random, now - UPLOAD_HISTORY, now - MINUTE);
  const parts = dayOf(createdAt);
  const appliance = random.bool(0.15);
  const release = random.pick(LINUX_RELEASES);
  const arch: Architecture = random.bool(0.9) ? 'x86_64' : 'aarch64';
  const name = appliance
    ? random.pick(APPLIANCES)
    : random.pick(UPLOAD_TEMPLATES)({
        date: parts.date,
        compact: parts.compact,
        time: hourMinute(createdAt),
        app: random.pick(APPS),
        version: `${random.int(1, 4)}.${random.int(0, 12)}`,
      });

  // Baked images grow past their base; users pick a disk size their flavors offer.
  const virtualGiB = random.pick(VIRTUAL_DISKS.get(release) as number[]);
  const raw = random.bool(0.2);
  const size = raw
    ? virtualGiB * GIB
    : drawSize(context, [release.qcow2MiB[0], Math.floor((virtualGiB * GIB * 0.6) / MIB)]);

  const properties = image.properties;
  if (appliance) properties.set('architecture', arch);
  else osProperties(release, arch, properties);
  if (!appliance && random.bool(0.5)) hardwareProperties(random, release, arch, properties);
  // The api_samples' conventions: legacy kernel/ramdisk placeholders, ephemeral encryption.
  if (random.bool(0.15)) {
    properties.set('kernel_id', 'nokernel');
    properties.set('ramdisk_id', random.bool(0.8) ? 'nokernel' : null);
  }
  if (random.bool(0.08)) {
    const encrypted = random.bool(0.7);
    properties.set('hw_ephemeral_encryption', encrypted ? 'True' : 'False');
    if (encrypted && random.bool(0.6)) {
      properties.set('hw_ephemeral_encryption_format', random.pick(ENCRYPTION_FORMATS));
    }
  }
  if (random.bool(0.5)) sdkUploadProperties(random, name, properties);
  if (random.bool(0.04)) manifestProperties(random, properties);

  const status = random.weighted(STATUSES);
  const visibility = random.weighted(VISIBILITIES);
  const members =
    visibility === 'shared'
      ? random
          .sample(MEMBER_CANDIDATES, 1, 3)
          .filter((id, position, ids) => id !== project.id && ids.indexOf(id) === position)
      : [];
  const updatedAt =
    status === 'deleted'
      ? drawTime(random, createdAt, now)
      : drawTime(random, createdAt, Math.min(createdAt + 30 * MINUTE, now));

  drawUuidWords(random, image.idWords);
  image.name = name;
  image.status = status;
  image.visibility = visibility;
  image.owner = project.id;
  image.protected = status === 'active' && random.bool(0.1);
  image.osHidden = false;
  image.minRam = random.bool(0.3) ? 0 : random.pick(release.minRamMiB);
  image.minDisk = virtualGiB;
  image.size = WITHOUT_DATA.has(status) ? null : size;
  image.createdAt = createdAt;
  image.updatedAt = updatedAt;
  image.deleted = status === 'deleted';
  image.members = members;
  return addGlanceFields(random, image, {
    diskFormat: raw ? 'raw' : 'qcow2',
    containerFormat: 'bare',
    virtualSize: virtualGiB * GIB,
    tags: UPLOAD_TAGS,
    maxTags: 3,
  });
}
