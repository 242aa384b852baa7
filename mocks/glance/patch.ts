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

/**
 * Other names the image object Glance patches answers to itself: `_do_add`, `_do_replace` and
 * `_do_remove` test `hasattr(image, name)` on glance/notifier.py `ImageProxy` (over
 * glance/domain/proxy.py `Image`), so its methods, the proxies' own fields and Python's object
 * attributes count as attributes too. Adding or replacing one sets it on that short-lived object:
 * nothing is stored, yet the image is saved (updated_at). Measured on Glance 25.1.0 through Nova
 * 26.2.2 (behaviour spec §10.4).
 */
const OBJECT_ATTRIBUTES = new Set([
  'base',
  'context',
  'deactivate',
  'delete',
  'extra_properties',
  'get_data',
  'get_payload',
  'get_super_class',
  'helper',
  'image_id',
  'member',
  'notifier',
  'reactivate',
  'repo',
  'send_notification',
  'set_data',
  '_abc_impl',
  '_format_image_send',
  '_format_import_properties',
  '_get_chunk_data_iterator',
  ...['abstractmethods', 'class', 'delattr', 'dict', 'dir', 'doc', 'eq', 'format', 'ge'].map(dunder),
  ...['getattribute', 'getstate', 'gt', 'hash', 'init', 'init_subclass', 'le', 'lt'].map(dunder),
  ...['module', 'ne', 'new', 'reduce', 'reduce_ex', 'repr', 'setattr', 'sizeof'].map(dunder),
  ...['str', 'subclasshook', 'weakref'].map(dunder),
]);
/** …but the save needs these as they were: setting one is Glance's 500. */
const VITAL_ATTRIBUTES = new Set([
  'base',
  'extra_properties',
  dunder('class'),
  dunder('dict'),
  dunder('weakref'),
]);

function dunder(name: string): string {
  return `__${name}__`;
}

/** Applies one operation to a mutable draft; throws GlanceError as Glance refuses it. */
export function applyPatch(draft: ImageRecord, change: ImagePatch, caller: Caller): void {
  const { path, op } = change;
  if (isWritableAttribute(path) || OBJECT_ATTRIBUTES.has(path)) {
    if (op === 'remove') throw new GlanceError('propertyNotRemovable', path);
    if (op === 'add' && change.draft4) throw new GlanceError('propertyAlreadyPresent', path);
    if (VITAL_ATTRIBUTES.has(path)) throw new GlanceError('internalError', path);
    if (isWritableAttribute(path)) setAttribute(draft, path, change.value, caller);
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
