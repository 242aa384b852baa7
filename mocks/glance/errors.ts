/**
 * Why the image service refused a call, in Glance's terms. Nova's proxy maps each kind to Nova's
 * fault and message (mocks/nova/glance-faults.ts); the service knows nothing of HTTP or Nova.
 */
export type GlanceErrorKind =
  /** Unknown, deleted (for non-admins) or invisible image; or a write to a deleted image. */
  | 'imageNotFound'
  /** Visible, but the caller neither owns the image nor is admin. */
  | 'notAllowed'
  /** Delete of a `protected` image. */
  | 'protected'
  /** List marker that does not exist (detail = the marker). */
  | 'markerNotFound'
  /** List marker that exists but the caller cannot see (detail = the marker). */
  | 'markerNotVisible'
  /** `updatedAtGte` is not ISO 8601. */
  | 'invalidChangesSince'
  /** `name` filter with an operator other than `eq`/`in` (detail = the operator). */
  | 'unknownNameOperator'
  /**
   * A `replace` or `remove` change names a property the image does not have (detail = the
   * property): glance/api/v2/images.py `_do_replace`/`_do_remove`, "Property %s does not exist."
   */
  | 'propertyNotFound'
  /** Glance listing: `created_at`/`updated_at` that is no ISO 8601 time (detail = the column). */
  | 'badTimeFilter'
  /** Glance listing: a time filter with an operator other than gt, gte, lt, lte, eq, neq. */
  | 'unknownFilterOperator'
  /** Glance listing: `size_min`/`size_max` that is no integer. */
  | 'nonNumericRange'
  /**
   * Glance listing: an `in:` list whose quotes do not pair up (detail = Glance's sentence):
   * glance/common/utils.py `validate_quotes`.
   */
  | 'invalidInList'
  /** Create with an id already taken, deleted images' included (detail = the id). */
  | 'duplicateImage'
  /** Create for another project by a non-admin (detail = the owner asked for). */
  | 'ownerNotPermitted'
  /** A non-admin making an image public. */
  | 'publicizeNotAllowed'
  /** A non-admin changing the owner. */
  | 'ownerChangeNotAllowed'
  /** disk_format/container_format of an image that is no longer queued (detail = the attribute). */
  | 'onlyQueuedReplace'
  /** Patch remove of a base attribute (detail = the attribute). */
  | 'propertyNotRemovable'
  /** Draft-4 patch add of a property the image has (detail = the property). */
  | 'propertyAlreadyPresent'
  /** A status change Glance's state machine forbids (detail = `from to`, e.g. `active saving`). */
  | 'invalidStatusTransition'
  /** Deactivate/reactivate from a status that allows neither (detail = the action and status). */
  | 'actionNotAllowed'
  /** Data download of a deactivated image by a non-admin. */
  | 'imageDeactivated'
  | 'tagNotFound'
  /** Member add of a project already a member (detail = the member). */
  | 'duplicateMember'
  /** Member show/update/delete of a project that is no member (detail = the member). */
  | 'memberNotFound'
  /**
   * A membership call Glance refuses (detail = Glance's inner reason, e.g. "Only shared images
   * have members."): image_members.py `_check_visibility_and_ownership`, and a status change by
   * anyone but the member itself.
   */
  | 'membershipRefused'
  /** A member status other than pending, accepted, rejected (glance/domain ImageMembership). */
  | 'invalidMemberStatus'
  /** More tags than `image_tag_quota` (detail = `Attempted: N, Maximum: M`): glance/quota. */
  | 'tagLimitExceeded'
  /** More properties than `image_property_quota` (detail = `Attempted: N, Maximum: M`). */
  | 'propertyLimitExceeded'
  /** More members than `image_member_quota`, any status (detail = `Attempted: N, Maximum: M`). */
  | 'memberLimitExceeded'
  /** A patch that set an attribute Glance's image object needs to save (detail = the name): its 500. */
  | 'internalError'
  /** A property name or value beyond the BMP (detail = Glance's message, four-byte.ts). */
  | 'fourByteUnicode';

export class GlanceError extends Error {
  readonly kind: GlanceErrorKind;
  readonly detail?: string;

  constructor(kind: GlanceErrorKind, detail?: string) {
    super(detail === undefined ? kind : `${kind}: ${detail}`);
    this.name = 'GlanceError';
    this.kind = kind;
    if (detail !== undefined) this.detail = detail;
  }
}
