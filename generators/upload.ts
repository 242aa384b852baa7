/** Images users upload themselves: baked application images and vendor appliances. */
import type { ImageRecord } from '../mocks/types.ts';
import { type Architecture, RELEASES } from './catalog/distributions.ts';
import { FLAVOR_ROOT_DISKS_GIB } from './catalog/hardware.ts';
import { UPLOAD_STATUSES, UPLOAD_VISIBILITIES } from './catalog/lifecycle.ts';
import { APPLIANCES, APPS, UPLOAD_NAMES } from './catalog/names.ts';
import { CALLER_PROJECT_ID, PROJECTS } from './catalog/projects.ts';
import type { DrawContext } from './context.ts';
import { drawSize, GIB, MIB } from './distribution.ts';
import { uuid } from './ids.ts';
import {
  emptyProperties,
  hardwareProperties,
  manifestProperties,
  osProperties,
  sdkUploadProperties,
} from './properties.ts';
import { compileTemplate } from './templates.ts';
import { DAY, dateParts, drawTime, isoSeconds, MINUTE } from './time.ts';

const UPLOAD_TEMPLATES = UPLOAD_NAMES.map(compileTemplate);
const LINUX_RELEASES = RELEASES.filter(
  (release) => release.os_type === 'linux' && release.os_distro !== 'cirros',
);
const PROJECT_TABLE = PROJECTS.map((project) => ({ value: project, weight: project.weight }));
/** Projects users share with; the demo caller is a frequent member. */
const MEMBER_CANDIDATES = [CALLER_PROJECT_ID, ...PROJECTS.map((project) => project.id)];
const UPLOAD_HISTORY = 2 * 365 * DAY;
const WITHOUT_DATA = new Set(['queued', 'saving', 'uploading', 'importing', 'killed']);

export function drawUpload(context: DrawContext): ImageRecord {
  const { faker, now } = context;
  const project = faker.helpers.weightedArrayElement(PROJECT_TABLE);
  const createdAt = drawTime(faker, now - UPLOAD_HISTORY, now - MINUTE);
  const parts = dateParts(createdAt);
  const appliance = faker.datatype.boolean(0.15);
  const release = faker.helpers.arrayElement(LINUX_RELEASES);
  const arch: Architecture = faker.datatype.boolean(0.9) ? 'x86_64' : 'aarch64';
  const name = appliance
    ? faker.helpers.arrayElement(APPLIANCES)
    : faker.helpers.arrayElement(UPLOAD_TEMPLATES)({
        date: parts.date,
        compact: parts.compact,
        time: parts.time,
        app: faker.helpers.arrayElement(APPS),
        version: `${faker.number.int({ min: 1, max: 4 })}.${faker.number.int(12)}`,
      });

  // Baked images grow past their base; users pick a disk size their flavors offer.
  const virtualGiB = faker.helpers.arrayElement(
    FLAVOR_ROOT_DISKS_GIB.filter((gib) => gib >= release.virtualSizeGiB && gib <= 80),
  );
  const raw = faker.datatype.boolean(0.2);
  const size = raw
    ? virtualGiB * GIB
    : drawSize(context, [release.qcow2MiB[0], Math.floor((virtualGiB * GIB * 0.6) / MIB)]);

  const properties = appliance ? emptyProperties() : osProperties(release, arch);
  if (appliance) properties.architecture = arch;
  if (!appliance && faker.datatype.boolean(0.5)) hardwareProperties(faker, release, arch, properties);
  // The api_samples' conventions: legacy kernel/ramdisk placeholders, ephemeral encryption.
  if (faker.datatype.boolean(0.15)) {
    properties.kernel_id = 'nokernel';
    properties.ramdisk_id = faker.datatype.boolean(0.8) ? 'nokernel' : null;
  }
  if (faker.datatype.boolean(0.08)) {
    const encrypted = faker.datatype.boolean(0.7);
    properties.hw_ephemeral_encryption = encrypted ? 'True' : 'False';
    if (encrypted && faker.datatype.boolean(0.6)) {
      properties.hw_ephemeral_encryption_format = faker.helpers.arrayElement(['luks', 'plain']);
    }
  }
  if (faker.datatype.boolean(0.5)) sdkUploadProperties(faker, name, properties);
  if (faker.datatype.boolean(0.04)) manifestProperties(faker, properties);

  const status = faker.helpers.weightedArrayElement(UPLOAD_STATUSES);
  const visibility = faker.helpers.weightedArrayElement(UPLOAD_VISIBILITIES);
  const members =
    visibility === 'shared'
      ? faker.helpers
          .arrayElements(MEMBER_CANDIDATES, { min: 1, max: 3 })
          .filter((id, position, ids) => id !== project.id && ids.indexOf(id) === position)
      : [];
  const updatedAt =
    status === 'deleted'
      ? drawTime(faker, createdAt, now)
      : drawTime(faker, createdAt, Math.min(createdAt + 30 * MINUTE, now));

  const record: ImageRecord = {
    id: uuid(faker),
    name,
    status,
    visibility,
    owner: project.id,
    protected: status === 'active' && faker.datatype.boolean(0.1),
    os_hidden: false,
    min_ram: faker.datatype.boolean(0.3) ? 0 : faker.helpers.arrayElement(release.minRamMiB),
    min_disk: virtualGiB,
    size: WITHOUT_DATA.has(status) ? null : size,
    created_at: isoSeconds(createdAt),
    updated_at: isoSeconds(updatedAt),
    properties,
  };
  if (status === 'deleted') record.deleted = true;
  if (members.length > 0) record.members = members;
  return record;
}
