/** How often images are in each state, by kind of image. */
import type { ImageStatus, ImageVisibility } from '../../mocks/types.ts';
import type { Weighted } from './hardware.ts';

export type ImageKind = 'distribution' | 'upload' | 'snapshot' | 'backup';

export const KIND_WEIGHTS: Weighted<ImageKind> = [
  { value: 'distribution', weight: 25 },
  { value: 'upload', weight: 20 },
  { value: 'snapshot', weight: 45 },
  { value: 'backup', weight: 10 },
];

/** Operators retire old builds (deactivate, delete) but never publish half-uploaded images. */
export const DISTRIBUTION_STATUSES: Weighted<ImageStatus> = [
  { value: 'active', weight: 90 },
  { value: 'deactivated', weight: 5 },
  { value: 'deleted', weight: 3 },
  { value: 'pending_delete', weight: 2 },
];

export const UPLOAD_STATUSES: Weighted<ImageStatus> = [
  { value: 'active', weight: 78 },
  { value: 'queued', weight: 6 },
  { value: 'saving', weight: 3 },
  { value: 'uploading', weight: 2 },
  { value: 'importing', weight: 2 },
  { value: 'killed', weight: 5 },
  { value: 'deleted', weight: 4 },
];

/** A snapshot is `queued` until the hypervisor starts the upload, then `saving`. */
export const SNAPSHOT_STATUSES: Weighted<ImageStatus> = [
  { value: 'active', weight: 80 },
  { value: 'saving', weight: 8 },
  { value: 'queued', weight: 3 },
  { value: 'killed', weight: 4 },
  { value: 'deleted', weight: 5 },
];

export const UPLOAD_VISIBILITIES: Weighted<ImageVisibility> = [
  { value: 'private', weight: 55 },
  { value: 'shared', weight: 25 },
  { value: 'community', weight: 10 },
  { value: 'public', weight: 10 },
];

/** Nova creates snapshots private; owners share some later. */
export const SNAPSHOT_VISIBILITIES: Weighted<ImageVisibility> = [
  { value: 'private', weight: 85 },
  { value: 'shared', weight: 15 },
];
