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

/**
 * Who may list an image, by caller (what `isListed` says): `everyone` (every project, admins
 * too), `admins`, and the `projects` listed; undefined when no one may. Indexes split their
 * candidates by it (indexes.ts), so a page reads only what its caller may list.
 */
export interface ListAudience {
  everyone: boolean;
  admins: boolean;
  projects: readonly string[];
}

const EVERYONE: ListAudience = Object.freeze({ everyone: true, admins: false, projects: Object.freeze([]) });

/** The audiences of private and community images, one per owner (and as many owners as this). */
const ownersAudiences = new Map<string | null, { private: ListAudience; community: ListAudience }>();
const OWNERS_KEPT = 4096;

function ownerAudiences(owner: string | null): { private: ListAudience; community: ListAudience } {
  let audiences = ownersAudiences.get(owner);
  if (audiences === undefined) {
    const projects = Object.freeze(owner === null ? [] : [owner]);
    audiences = {
      private: Object.freeze({ everyone: false, admins: true, projects }),
      // Others' community images are listed to no one, admins included.
      community: Object.freeze({ everyone: false, admins: false, projects }),
    };
    if (ownersAudiences.size < OWNERS_KEPT) ownersAudiences.set(owner, audiences);
  }
  return audiences;
}

export function listAudience(image: ImageRecord): ListAudience | undefined {
  if (isDeleted(image) || image.status === 'killed' || image.os_hidden) return undefined;
  if (image.visibility === 'public') return EVERYONE;
  const audiences = ownerAudiences(image.owner);
  if (image.visibility === 'community') return audiences.community;
  const members = image.visibility === 'shared' ? (image.members ?? []) : [];
  if (members.length === 0) return audiences.private;
  // Shared images are listed to accepted members only (pending and rejected ones may show them).
  return { everyone: false, admins: true, projects: [...audiences.private.projects, ...members] };
}

/** §14.1: only the owner project or an admin may change or delete an image. */
export function isMutable(image: ImageRecord, caller: Caller): boolean {
  return caller.admin === true || isOwner(image, caller);
}
