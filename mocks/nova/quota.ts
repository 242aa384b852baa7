/**
 * Nova's image metadata quota (§10.3): nova/api/openstack/common.py
 * `check_img_metadata_properties_quota`, `[quota] metadata_items` (-1 = unlimited).
 */
import { imageMetadataLimitExceeded } from './faults.ts';

export class MetadataQuota {
  readonly #configured: number;
  #limit: number;

  constructor(limit: number) {
    this.#configured = limit;
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Sets the limit while something (a scenario) overrides it; undefined restores the configured one. */
  override(limit: number | undefined): void {
    this.#limit = limit ?? this.#configured;
  }

  /** 403 "Image metadata limit exceeded" when `properties` has more items than allowed. */
  check(properties: Readonly<Record<string, unknown>>): void {
    if (this.#limit >= 0 && Object.keys(properties).length > this.#limit) throw imageMetadataLimitExceeded();
  }
}
