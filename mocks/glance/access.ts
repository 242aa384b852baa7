/** Who may see, list and change an image (behaviour spec §14.1, §11.2 "Visibility"). */
import type { Caller, ImageRecord } from '../types.ts';

/** Glance keeps soft-deleted rows; `pending_delete` rows are deleted too. */
export function isDeleted(image: ImageRecord): boolean {
  return image.deleted === true || image.status === 'deleted' || image.status === 'pending_delete';
}

export function isOwner(image: ImageRecord, caller: Caller): boolean {
  return image.owner === caller.projectId;
}

/** Glance's `is_image_visible`: any membership, pending or rejected too, shows a shared image. */
function isMemberOf(image: ImageRecord, projectId: string): boolean {
  return (
    (image.members?.includes(projectId) ?? false) ||
    (image.pending_members?.includes(projectId) ?? false) ||
    (image.rejected_members?.includes(projectId) ?? false)
  );
}

/**
 * What `get` may return: never a deleted image, not even to an admin (glance/db/sqlalchemy/api.py
 * `_image_get` shows deleted rows only to a context with `show_deleted`, which Glance's API
 * never sets; measured: Nova 404 for an admin, issue #10 class 7).
 */
export function isVisible(image: ImageRecord, caller: Caller): boolean {
  if (isDeleted(image)) return false;
  if (caller.admin === true) return true;
  return (
    image.visibility === 'public' ||
    image.visibility === 'community' ||
    isOwner(image, caller) ||
    (image.visibility === 'shared' && isMemberOf(image, caller.projectId))
  );
}

/**
 * What `list` may return: §11.2, never deleted, killed or hidden images, nor others' community
 * images, and shared images only to accepted members.
 */
export function isListed(image: ImageRecord, caller: Caller): boolean {
  return (
    isVisible(image, caller) &&
    (caller.admin === true ||
      image.visibility !== 'shared' ||
      isOwner(image, caller) ||
      (image.members?.includes(caller.projectId) ?? false)) &&
    !isDeleted(image) &&
    image.status !== 'killed' &&
    !image.os_hidden &&
    (image.visibility !== 'community' || isOwner(image, caller))
  );
}

/** §14.1: only the owner project or an admin may change or delete an image. */
export function isMutable(image: ImageRecord, caller: Caller): boolean {
  return caller.admin === true || isOwner(image, caller);
}
