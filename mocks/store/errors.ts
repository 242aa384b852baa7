/**
 * Why the store refused a call. The Nova layer maps each kind to Nova's fault and message;
 * the store knows nothing of HTTP.
 */
export type StoreErrorKind =
  /** Unknown, deleted (for non-admins) or invisible image. */
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
  | 'metadataKeyNotFound'
  | 'metadataQuotaExceeded';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  readonly detail?: string;

  constructor(kind: StoreErrorKind, detail?: string) {
    super(detail === undefined ? kind : `${kind}: ${detail}`);
    this.name = 'StoreError';
    this.kind = kind;
    if (detail !== undefined) this.detail = detail;
  }
}
