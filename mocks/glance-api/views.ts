/**
 * Image service records as Glance v2 shows them (glance/api/v2/images.py
 * `ResponseSerializer._format_image`, image_members.py `_format_image_member`): properties
 * first, then the attributes in Glance's order; links are paths below Glance's root.
 */
import type { ImageMember } from '../glance/image-service.ts';
import { servedProperties } from '../glance/properties.ts';
import type { ImageRecord } from '../types.ts';

export type GlanceImageView = Record<string, unknown>;

/** Glance's multi-store oracle keeps data in its `fs` store; images with data name it. */
const STORE = 'fs';

export function imageHref(id: string, subcollection?: string): string {
  return subcollection ? `/v2/images/${id}/${subcollection}` : `/v2/images/${id}`;
}

/** An image as `GET /v2/images/{id}` shows it. */
export function renderGlanceImage(record: ImageRecord): GlanceImageView {
  const view: GlanceImageView = servedProperties(record.properties);
  Object.assign(view, {
    name: record.name,
    disk_format: record.disk_format ?? null,
    container_format: record.container_format ?? null,
    visibility: record.visibility,
    size: record.size,
    virtual_size: record.virtual_size ?? null,
    status: record.status,
    checksum: record.checksum ?? null,
    protected: record.protected,
    min_ram: record.min_ram,
    min_disk: record.min_disk,
    owner: record.owner,
    os_hidden: record.os_hidden,
    os_hash_algo: record.os_hash_algo ?? null,
    os_hash_value: record.os_hash_value ?? null,
    id: record.id,
    created_at: record.created_at,
    updated_at: record.updated_at,
    tags: [...(record.tags ?? [])],
    self: imageHref(record.id),
    file: imageHref(record.id, 'file'),
    schema: '/v2/schemas/image',
  });
  // Only an active image shows its store: deactivation hides the locations, and queued images have none.
  if (record.status === 'active') view.stores = STORE;
  return view;
}

export function renderMember(member: ImageMember): Record<string, unknown> {
  return { ...member, schema: '/v2/schemas/member' };
}
