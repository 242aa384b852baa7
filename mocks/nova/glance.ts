/**
 * Nova's image API over Glance (nova/image/glance.py `GlanceImageServiceV2`): what Nova's image
 * controllers call instead of the image service itself. Each call is what Nova does before and
 * after its glanceclient call; GlanceErrors pass through, and Nova's controllers turn them into
 * faults (glance-faults.ts).
 */
import type { GlanceFilters, ImageService } from '../glance/image-service.ts';
import type { Caller, ImageProperties, ImageRecord } from '../types.ts';
import { updatePatch } from './glanceclient.ts';

export interface DetailQuery {
  filters: GlanceFilters;
  marker?: string;
  /** Undefined = every matching image (§11.4). */
  limit?: number;
}

/**
 * `_convert_to_v2` for properties (§10.4): a kernel_id or ramdisk_id of "none" or "" is left out
 * of the write, so Glance keeps the stored value (or the key stays absent).
 */
function convertToV2(properties: Readonly<ImageProperties>): ImageProperties {
  const output: ImageProperties = Object.create(null);
  for (const [key, value] of Object.entries(properties)) {
    if (isDroppedBootImageValue(key, value)) continue;
    output[key] = value;
  }
  return output;
}

function isDroppedBootImageValue(key: string, value: string | null): boolean {
  return (
    (key === 'kernel_id' || key === 'ramdisk_id') &&
    value !== null &&
    ['none', ''].includes(value.trim().toLowerCase())
  );
}

export class NovaGlance {
  constructor(readonly images: ImageService) {}

  /** `show`: the image as Glance returns it to this caller. */
  show(caller: Caller, id: string): ImageRecord {
    return this.images.get(caller, id);
  }

  /** `detail`: one page of Glance's list (the filters already translated, list-query.ts). */
  detail(caller: Caller, query: DetailQuery): ImageRecord[] {
    return this.images.list(caller, query);
  }

  /**
   * `update` with `purge_props=True`, the only way Nova's metadata API calls it: every stored
   * property not in `properties` is removed, then glanceclient patches the difference.
   */
  update(caller: Caller, id: string, properties: Readonly<ImageProperties>): ImageRecord {
    const current = this.show(caller, id).properties;
    const removeProps = Object.keys(current).filter((key) => !Object.hasOwn(properties, key));
    const changes = updatePatch(current, convertToV2(properties), removeProps);
    return this.images.update(caller, id, changes);
  }

  delete(caller: Caller, id: string): void {
    this.images.delete(caller, id);
  }
}
