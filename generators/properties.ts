/** Image properties (Nova `metadata`) shared by published and uploaded images. */
import type { ImageProperties } from '../mocks/types.ts';
import type { Architecture, Release } from './catalog/distributions.ts';
import {
  AUTO_DISK_CONFIG,
  CONFIG_DRIVE,
  LINUX_DISK_BUSES,
  LINUX_VIF_MODELS,
  MACHINE_TYPES,
  WINDOWS_DISK_BUSES,
  WINDOWS_VIF_MODELS,
} from './catalog/hardware.ts';
import { METADATA_ITEMS_QUOTA } from './catalog/lifecycle.ts';
import { MANIFEST_PACKAGES } from './catalog/manifest.ts';
import { hexId } from './ids.ts';
import type { SeededFaker } from './seeding.ts';

/**
 * A property set: null-prototype, as the store keeps them. Keys are added one by one in many
 * combinations; a dictionary-mode object takes that far faster than V8's hidden classes.
 */
export function emptyProperties(): ImageProperties {
  return Object.create(null);
}

function setIfValue(properties: ImageProperties, key: string, value: string | null): void {
  if (value !== null) properties[key] = value;
}

/** The OS facts Nova's scheduler and drivers read (`os_*`, `architecture`). */
export function osProperties(release: Release, arch: Architecture): ImageProperties {
  const properties = emptyProperties();
  properties.os_distro = release.os_distro;
  properties.os_version = release.os_version;
  properties.architecture = arch;
  if (release.os_type) properties.os_type = release.os_type;
  if (release.os_admin_user) properties.os_admin_user = release.os_admin_user;
  return properties;
}

/** Hardware properties an operator tunes for a cloud image. */
export function hardwareProperties(
  faker: SeededFaker,
  release: Release,
  arch: Architecture,
  properties: ImageProperties,
): void {
  const windows = release.os_type === 'windows';
  const pick = faker.helpers.weightedArrayElement;
  setIfValue(properties, 'hw_machine_type', pick(MACHINE_TYPES[arch]));
  const firmware = arch === 'aarch64' ? 'uefi' : release.firmware;
  if (firmware === 'uefi' || faker.datatype.boolean(0.4)) properties.hw_firmware_type = firmware;
  const bus = pick(windows ? WINDOWS_DISK_BUSES : LINUX_DISK_BUSES);
  setIfValue(properties, 'hw_disk_bus', bus);
  if (bus === 'scsi') properties.hw_scsi_model = 'virtio-scsi';
  setIfValue(properties, 'hw_vif_model', pick(windows ? WINDOWS_VIF_MODELS : LINUX_VIF_MODELS));
  if (faker.datatype.boolean(0.6)) {
    properties.hw_qemu_guest_agent = 'yes';
    if (faker.datatype.boolean(0.3)) properties.os_require_quiesce = 'yes';
  }
  if (faker.datatype.boolean(0.4)) properties.hw_rng_model = 'virtio';
  setIfValue(properties, 'img_config_drive', pick(CONFIG_DRIVE));
  setIfValue(properties, 'auto_disk_config', pick(AUTO_DISK_CONFIG));
  if (release.properties) Object.assign(properties, release.properties);
}

/** What openstacksdk records when it uploads an image (`openstack image create`). */
export function sdkUploadProperties(faker: SeededFaker, name: string, properties: ImageProperties): void {
  properties['owner_specified.openstack.md5'] = hexId(faker, 32);
  properties['owner_specified.openstack.sha256'] = hexId(faker, 64);
  properties['owner_specified.openstack.object'] = `images/${name}`;
}

/**
 * A package manifest (`pkg.<name>` = version) that fills the image's metadata to between 100
 * items and the 128-item quota, as image pipelines that document their contents do.
 */
export function manifestProperties(faker: SeededFaker, properties: ImageProperties): void {
  const present = Object.keys(properties).length;
  const target = faker.number.int({ min: 100, max: METADATA_ITEMS_QUOTA });
  const packages = faker.helpers.arrayElements(MANIFEST_PACKAGES, Math.max(0, target - present));
  for (const name of packages) {
    const version = `${faker.number.int(5)}.${faker.number.int(20)}.${faker.number.int(30)}-${faker.number.int({ min: 1, max: 9 })}`;
    properties[`pkg.${name}`] = version;
  }
}
