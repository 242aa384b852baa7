/** Images an operator publishes for everyone: one build of an OS release. */
import {
  ARCH_ALIASES,
  type Architecture,
  DISK_FORMAT_WEIGHTS,
  type DiskFormat,
  RELEASES,
  type Release,
} from './catalog/distributions.ts';
import { PUBLISHED_TAGS } from './catalog/glance.ts';
import type { Weighted } from './catalog/hardware.ts';
import { DISTRIBUTION_STATUSES } from './catalog/lifecycle.ts';
import { OPERATOR_PROJECT } from './catalog/projects.ts';
import type { DrawContext } from './context.ts';
import type { DrawnImage } from './drawn-image.ts';
import { addGlanceFields } from './glance-fields.ts';
import { drawUuidWords } from './ids.ts';
import { hardwareProperties, osProperties, sdkUploadProperties } from './properties.ts';
import { compileWeights, type Weights } from './random.ts';
import { compileTemplate, type Template } from './templates.ts';
import { DAY, dayOf, drawTime, HOUR, MINUTE } from './time.ts';

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** Lookup tables built once from the catalog. */
const RELEASE_TABLE: Weights<Release> = compileWeights(
  RELEASES.map((release) => ({ value: release, weight: release.weight })),
);
const ARCH_TABLES = new Map<Release, Weights<Architecture>>(
  RELEASES.map((release) => [
    release,
    compileWeights(
      Object.entries(release.architectures).map(([arch, weight]) => ({
        value: arch as Architecture,
        weight,
      })),
    ),
  ]),
);
const NAME_TEMPLATES = new Map<Release, Template>(RELEASES.map((r) => [r, compileTemplate(r.nameTemplate)]));
const MAJOR_VERSIONS = new Map(RELEASES.map((r) => [r, r.os_version.split('.')[0] as string]));
const ISO_NAME = compileTemplate('{label} installer ISO ({date}.{build})');
const FORMATS_WITH_ISO: Weighted<DiskFormat> = Object.entries(DISK_FORMAT_WEIGHTS).map(
  ([format, weight]) => ({
    value: format as DiskFormat,
    weight,
  }),
);
const FORMATS_WITHOUT_ISO = compileWeights(FORMATS_WITH_ISO.filter((entry) => entry.value !== 'iso'));
const FORMATS = compileWeights(FORMATS_WITH_ISO);
const STATUSES = compileWeights(DISTRIBUTION_STATUSES);
const RELEASED_AT = new Map(RELEASES.map((r) => [r, Date.parse(r.releasedAt)]));

/** How far back operators keep builds. */
const BUILD_HISTORY = 3 * 365 * DAY;

/** What a published build was drawn from, which snapshots of it inherit. */
export interface PublishedBuild {
  release: Release;
  arch: Architecture;
  format: DiskFormat;
  createdAt: number;
}

/** Bytes a published image of `size` bytes occupies once written to a disk. */
export function virtualSize(build: PublishedBuild, size: number | null): number {
  return build.format === 'iso' ? (size ?? 0) : Math.round(build.release.virtualSizeGiB * GIB);
}

export function drawSize(context: DrawContext, range: readonly [number, number]): number {
  return context.random.int(range[0] * MIB, range[1] * MIB);
}

/**
 * Draws record `index` as a published build, into `image`. The build number keeps names unique
 * per cloud.
 *
 * One function on purpose: its statements are the order of the draws, which is the dataset format
 * (a seed must give the same bytes), read top to bottom; split, that order would be scattered.
 */
export function drawPublishedImage(context: DrawContext, index: number, image: DrawnImage): PublishedBuild {
  const { random, now } = context;
  const release = random.weighted(RELEASE_TABLE);
  const arch = random.weighted(ARCH_TABLES.get(release) as Weights<Architecture>);
  const format = random.weighted(release.isoMiB ? FORMATS : FORMATS_WITHOUT_ISO);

  const oldest = Math.max(RELEASED_AT.get(release) as number, now - BUILD_HISTORY);
  const builtAt = drawTime(random, Math.min(oldest, now - 30 * DAY), now - DAY);
  const createdAt = drawTime(random, builtAt + HOUR, Math.min(builtAt + 2 * DAY, now));
  const parts = dayOf(builtAt);
  const aliases = ARCH_ALIASES[arch];
  const values = {
    date: parts.compact,
    label: release.label,
    version: release.os_version,
    major: MAJOR_VERSIONS.get(release) as string,
    arch,
    debarch: aliases.debarch,
    bsdarch: aliases.bsdarch,
    build: index + 1,
  };
  const name = format === 'iso' ? ISO_NAME(values) : (NAME_TEMPLATES.get(release) as Template)(values);

  const virtualGiB = Math.ceil(release.virtualSizeGiB);
  const size =
    format === 'qcow2'
      ? drawSize(context, release.qcow2MiB)
      : format === 'raw'
        ? Math.round(release.virtualSizeGiB * GIB)
        : drawSize(context, release.isoMiB ?? release.qcow2MiB);
  // Some operators round min_disk up to their smallest flavor that fits.
  const minDisk = random.bool(0.2) ? Math.max(virtualGiB, 10) : virtualGiB;

  const properties = image.properties;
  osProperties(release, arch, properties);
  if (format === 'iso') {
    properties.set('hw_cdrom_bus', arch === 'x86_64' ? 'sata' : 'scsi');
  } else {
    hardwareProperties(random, release, arch, properties);
  }
  if (random.bool(0.6)) properties.set('description', `${release.label} (${arch}), build ${parts.date}`);
  if (random.bool(0.4)) sdkUploadProperties(random, name, properties);

  const status = random.weighted(STATUSES);
  const retired = status !== 'active';
  const updatedAt = retired
    ? drawTime(random, createdAt, now)
    : drawTime(random, createdAt, Math.min(createdAt + 10 * MINUTE, now));
  drawUuidWords(random, image.idWords);
  image.name = name;
  image.status = status;
  image.visibility = 'public';
  image.owner = OPERATOR_PROJECT.id;
  image.protected = !retired && random.bool(0.6);
  image.osHidden = retired || random.bool(0.1);
  image.minRam = random.pick(release.minRamMiB);
  image.minDisk = minDisk;
  image.size = size;
  image.createdAt = createdAt;
  image.updatedAt = updatedAt;
  image.deleted = status === 'deleted' || status === 'pending_delete';
  addGlanceFields(random, image, {
    diskFormat: format,
    containerFormat: 'bare',
    virtualSize: format === 'iso' ? size : Math.round(release.virtualSizeGiB * GIB),
    tags: PUBLISHED_TAGS,
    maxTags: 2,
  });
  return { release, arch, format, createdAt };
}
