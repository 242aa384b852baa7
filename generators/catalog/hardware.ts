/**
 * Nova `hw_*`/`img_*` image properties and the values operators give them, by architecture and
 * OS type. A value of `null` in a weight table means "leave the property unset".
 */
import type { Architecture } from './distributions.ts';

export type Weighted<T> = readonly { value: T; weight: number }[];

export const MACHINE_TYPES: Readonly<Record<Architecture, Weighted<string | null>>> = {
  x86_64: [
    { value: 'q35', weight: 55 },
    { value: 'pc', weight: 15 },
    { value: null, weight: 30 },
  ],
  aarch64: [{ value: 'virt', weight: 1 }],
  ppc64le: [{ value: 'pseries', weight: 1 }],
};

/** virtio everywhere Linux runs; SCSI (with virtio-scsi) for discard on Ceph. */
export const LINUX_DISK_BUSES: Weighted<'virtio' | 'scsi' | null> = [
  { value: 'virtio', weight: 45 },
  { value: 'scsi', weight: 25 },
  { value: null, weight: 30 },
];

/** Windows images without virtio drivers boot from SATA or IDE. */
export const WINDOWS_DISK_BUSES: Weighted<'virtio' | 'scsi' | 'sata' | 'ide'> = [
  { value: 'virtio', weight: 50 },
  { value: 'scsi', weight: 15 },
  { value: 'sata', weight: 25 },
  { value: 'ide', weight: 10 },
];

export const LINUX_VIF_MODELS: Weighted<string | null> = [
  { value: 'virtio', weight: 60 },
  { value: null, weight: 40 },
];

export const WINDOWS_VIF_MODELS: Weighted<string> = [
  { value: 'virtio', weight: 55 },
  { value: 'e1000e', weight: 35 },
  { value: 'e1000', weight: 10 },
];

export const CONFIG_DRIVE: Weighted<string | null> = [
  { value: null, weight: 85 },
  { value: 'optional', weight: 10 },
  { value: 'mandatory', weight: 5 },
];

/** Values as the api_samples spell them (`"True"`, `"False"`). */
export const AUTO_DISK_CONFIG: Weighted<string | null> = [
  { value: null, weight: 70 },
  { value: 'True', weight: 15 },
  { value: 'False', weight: 15 },
];

/** Flavor root disk sizes, GiB: a snapshot's min_disk is its server's root disk. */
export const FLAVOR_ROOT_DISKS_GIB: readonly number[] = [10, 20, 20, 40, 40, 40, 80, 80, 160, 320];
