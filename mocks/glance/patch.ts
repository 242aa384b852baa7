/**
 * A Glance v2 JSON patch on one image (glance/api/v2/images.py `_do_add`, `_do_replace`,
 * `_do_remove`, and the domain's attribute setters): base attributes and properties alike.
 * Property changes follow the same rules as Nova's (changes.ts).
 */
import type { Caller, ImageRecord } from '../types.ts';
import { applyChanges } from './changes.ts';
import { GlanceError } from './errors.ts';

/** One operation of a patch, already read and validated against the image schema. */
export interface ImagePatch {
  op: 'add' | 'replace' | 'remove';
  /** The attribute or property the pointer names. */
  path: string;
  value?: unknown;
  /** `application/openstack-images-v2.0-json-patch`: adding what exists is a conflict. */
  draft4?: boolean;
}

/** Image attributes a patch may set; any other name is a property. */
const WRITABLE_ATTRIBUTES = [
  'name',
  'visibility',
  'owner',
  'protected',
  'os_hidden',
  'min_ram',
  'min_disk',
  'disk_format',
  'container_format',
  'tags',
] as const;
type WritableAttribute = (typeof WRITABLE_ATTRIBUTES)[number];

const isWritableAttribute = (name: string): name is WritableAttribute =>
  (WRITABLE_ATTRIBUTES as readonly string[]).includes(name);

function setAttribute(draft: ImageRecord, name: WritableAttribute, value: unknown, caller: Caller): void {
  switch (name) {
    case 'owner':
      if (caller.admin !== true) throw new GlanceError('ownerChangeNotAllowed');
      draft.owner = value as string | null;
      return;
    case 'visibility':
      // Glance's `publicize_image` policy: admins only.
      if (value === 'public' && caller.admin !== true) throw new GlanceError('publicizeNotAllowed');
      draft.visibility = value as ImageRecord['visibility'];
      return;
    case 'disk_format':
    case 'container_format':
      // glance/domain `Image` setters: formats change only while no data is attached.
      if (draft.status !== 'queued') throw new GlanceError('onlyQueuedReplace', name);
      draft[name] = value as string | null;
      return;
    case 'tags':
      draft.tags = [...new Set(value as string[])];
      return;
    case 'name':
      draft.name = value as string | null;
      return;
    case 'protected':
    case 'os_hidden':
      draft[name] = value as boolean;
      return;
    case 'min_ram':
    case 'min_disk':
      draft[name] = value as number;
      return;
  }
}

/** Applies one operation to a mutable draft; throws GlanceError as Glance refuses it. */
export function applyPatch(draft: ImageRecord, change: ImagePatch, caller: Caller): void {
  const { path, op } = change;
  if (isWritableAttribute(path)) {
    if (op === 'remove') throw new GlanceError('propertyNotRemovable', path);
    if (op === 'add' && change.draft4) throw new GlanceError('propertyAlreadyPresent', path);
    setAttribute(draft, path, change.value, caller);
    return;
  }
  if (op === 'add' && change.draft4 && Object.hasOwn(draft.properties, path)) {
    throw new GlanceError('propertyAlreadyPresent', path);
  }
  draft.properties =
    op === 'remove'
      ? applyChanges(draft.properties, [{ op, path }])
      : applyChanges(draft.properties, [{ op, path, value: change.value as string }]);
}
