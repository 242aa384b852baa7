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
  | 'propertyNotFound';

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
