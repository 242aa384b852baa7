/**
 * The dataset format: Glance-side image records, as Nova's proxy reads them from Glance.
 * Records are rendered Nova-side by the views (mocks/nova/views.ts), never stored rendered.
 */

/** Glance v2 image statuses. */
export const IMAGE_STATUSES = [
  'queued',
  'saving',
  'active',
  'killed',
  'deleted',
  'pending_delete',
  'uploading',
  'importing',
  'deactivated',
] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const IMAGE_VISIBILITIES = ['public', 'private', 'shared', 'community'] as const;
export type ImageVisibility = (typeof IMAGE_VISIBILITIES)[number];

/**
 * Image properties (what Nova calls metadata); keys such as `__proto__` are ordinary data. The
 * store's are frozen, with own data keys only (read them with Object.hasOwn or Object.entries);
 * copies to edit (`store.records()`) have a null prototype (mocks/glance/properties.ts).
 */
export type ImageProperties = Record<string, string | null>;

/** One Glance-side image, as a dataset file holds it. */
export interface ImageRecord {
  id: string;
  name: string | null;
  status: ImageStatus;
  visibility: ImageVisibility;
  /** Owner project id, or null for images nobody owns. */
  owner: string | null;
  protected: boolean;
  os_hidden: boolean;
  min_ram: number;
  min_disk: number;
  size: number | null;
  /** ISO 8601 UTC, e.g. `2011-01-01T01:02:03Z`. */
  created_at: string;
  updated_at: string;
  /** Soft-deleted (Glance keeps the row): invisible to everyone but admins. */
  deleted?: boolean;
  /** Projects with an accepted membership of a `shared` image. */
  members?: string[];
  /** Projects invited to share the image that have not answered yet (Glance `pending`). */
  pending_members?: string[];
  /** Projects that declined the invitation (Glance `rejected`): they still see the image, not in lists. */
  rejected_members?: string[];
  /** Glance's `disk_format` (`qcow2`, `raw`, …); absent or null when not set. */
  disk_format?: string | null;
  /** Glance's `container_format` (`bare`, `ovf`, …). */
  container_format?: string | null;
  /** MD5 of the image data, 32 hex digits; null until data is uploaded. */
  checksum?: string | null;
  /** The algorithm of `os_hash_value` (Glance's `[DEFAULT] hashing_algorithm`, `sha512`). */
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  /** Size of the disk the image expands to, in bytes. */
  virtual_size?: number | null;
  /** Glance image tags, in the order they were added. */
  tags?: string[];
  properties: ImageProperties;
}

/** The state of a project's membership of an image (Glance image members). */
export type MemberStatus = 'pending' | 'accepted' | 'rejected';

/** A dataset file: `{"images": [record, ...]}`. */
export interface Dataset {
  images: ImageRecord[];
}

/** Who is calling: decides visibility and ownership (behaviour spec §14.1). */
export interface Caller {
  projectId: string;
  admin?: boolean;
}
