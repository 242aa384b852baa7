/** Image properties (Nova `metadata`) shared by published and uploaded images. */

import { DEFAULT_METADATA_QUOTA } from '../mocks/options.ts';
import type { ImageProperties } from '../mocks/types.ts';
import { type Architecture, RELEASES, type Release } from './catalog/distributions.ts';
import {
  AUTO_DISK_CONFIG,
  CONFIG_DRIVE,
  LINUX_DISK_BUSES,
  LINUX_VIF_MODELS,
  MACHINE_TYPES,
  WINDOWS_DISK_BUSES,
  WINDOWS_VIF_MODELS,
} from './catalog/hardware.ts';
import { MANIFEST_PACKAGES } from './catalog/manifest.ts';
import type { PropertyList } from './drawn-image.ts';
import { hexId } from './ids.ts';
import { compileWeights, type Random } from './random.ts';

/**
 * A property set: null-prototype, as the store keeps them. Keys are added one by one in many
 * combinations; a dictionary-mode object takes that far faster than V8's hidden classes.
 */
export function emptyProperties(): ImageProperties {
  return Object.create(null);
}

function setIfValue(properties: PropertyList, key: string, value: string | null): void {
  if (value !== null) properties.set(key, value);
}

/** The OS facts Nova's scheduler and drivers read (`os_*`, `architecture`). */
export function osProperties(release: Release, arch: Architecture, properties: PropertyList): void {
  properties.set('os_distro', release.os_distro);
  properties.set('os_version', release.os_version);
  properties.set('architecture', arch);
  if (release.os_type) properties.set('os_type', release.os_type);
  if (release.os_admin_user) properties.set('os_admin_user', release.os_admin_user);
}

const MACHINE_TYPE_WEIGHTS = {
  x86_64: compileWeights(MACHINE_TYPES.x86_64),
  aarch64: compileWeights(MACHINE_TYPES.aarch64),
  ppc64le: compileWeights(MACHINE_TYPES.ppc64le),
};
const WINDOWS_DISK_BUS_WEIGHTS = compileWeights(WINDOWS_DISK_BUSES);
const LINUX_DISK_BUS_WEIGHTS = compileWeights(LINUX_DISK_BUSES);
const WINDOWS_VIF_MODEL_WEIGHTS = compileWeights(WINDOWS_VIF_MODELS);
const LINUX_VIF_MODEL_WEIGHTS = compileWeights(LINUX_VIF_MODELS);
const CONFIG_DRIVE_WEIGHTS = compileWeights(CONFIG_DRIVE);
const AUTO_DISK_CONFIG_WEIGHTS = compileWeights(AUTO_DISK_CONFIG);
/** Each release's own properties, in the order Object.assign would set them. */
const RELEASE_PROPERTIES = new Map(
  RELEASES.map((release) => [release, Object.entries(release.properties ?? {})]),
);

/** Hardware properties an operator tunes for a cloud image. */
export function hardwareProperties(
  random: Random,
  release: Release,
  arch: Architecture,
  properties: PropertyList,
): void {
  const windows = release.os_type === 'windows';
  setIfValue(properties, 'hw_machine_type', random.weighted(MACHINE_TYPE_WEIGHTS[arch]));
  const firmware = arch === 'aarch64' ? 'uefi' : release.firmware;
  if (firmware === 'uefi' || random.bool(0.4)) properties.set('hw_firmware_type', firmware);
  const bus = random.weighted(windows ? WINDOWS_DISK_BUS_WEIGHTS : LINUX_DISK_BUS_WEIGHTS);
  setIfValue(properties, 'hw_disk_bus', bus);
  if (bus === 'scsi') properties.set('hw_scsi_model', 'virtio-scsi');
  setIfValue(
    properties,
    'hw_vif_model',
    random.weighted(windows ? WINDOWS_VIF_MODEL_WEIGHTS : LINUX_VIF_MODEL_WEIGHTS),
  );
  if (random.bool(0.6)) {
    properties.set('hw_qemu_guest_agent', 'yes');
    if (random.bool(0.3)) properties.set('os_require_quiesce', 'yes');
  }
  if (random.bool(0.4)) properties.set('hw_rng_model', 'virtio');
  setIfValue(properties, 'img_config_drive', random.weighted(CONFIG_DRIVE_WEIGHTS));
  setIfValue(properties, 'auto_disk_config', random.weighted(AUTO_DISK_CONFIG_WEIGHTS));
  for (const [key, value] of RELEASE_PROPERTIES.get(release) ?? []) properties.set(key, value);
}

/** What openstacksdk records when it uploads an image (`openstack image create`). */
export function sdkUploadProperties(random: Random, name: string, properties: PropertyList): void {
  properties.set('owner_specified.openstack.md5', hexId(random, 32));
  properties.set('owner_specified.openstack.sha256', hexId(random, 64));
  properties.set('owner_specified.openstack.object', `images/${name}`);
}

const MANIFEST_KEYS = MANIFEST_PACKAGES.map((name) => `pkg.${name}`);

/**
 * A package manifest (`pkg.<name>` = version) that fills the image's metadata to between 100
 * items and the 128-item quota, as image pipelines that document their contents do.
 */
export function manifestProperties(random: Random, properties: PropertyList): void {
  const present = properties.length;
  const target = random.int(100, DEFAULT_METADATA_QUOTA);
  // Sampling the keys draws what sampling the names would: sample depends only on positions.
  const keys = random.sample(MANIFEST_KEYS, Math.max(0, target - present));
  for (const key of keys) {
    properties.set(key, `${random.int(0, 5)}.${random.int(0, 20)}.${random.int(0, 30)}-${random.int(1, 9)}`);
  }
}
