/**
 * The changes of one image update, as Glance's JSON-patch deserializer hands them to its domain
 * (glance/api/v2/images.py `ImagesController.update`): each names one property and is applied in
 * order. Glance's own rules: `add` sets a property whether or not it exists; `replace` and
 * `remove` need it to exist (`_do_replace`, `_do_remove`: "Property %s does not exist.").
 */
import type { ImageProperties } from '../types.ts';
import { GlanceError } from './errors.ts';
import { copyProperties } from './properties.ts';

export type ImageChange =
  | { op: 'add' | 'replace'; path: string; value: string | null }
  | { op: 'remove'; path: string };

/** The properties after `changes`; throws GlanceError('propertyNotFound') and changes nothing. */
export function applyChanges(
  properties: Readonly<ImageProperties>,
  changes: readonly ImageChange[],
): ImageProperties {
  const result = copyProperties(properties);
  for (const change of changes) {
    if (change.op !== 'add' && !Object.hasOwn(result, change.path)) {
      throw new GlanceError('propertyNotFound', change.path);
    }
    if (change.op === 'remove') delete result[change.path];
    else result[change.path] = change.value;
  }
  return result;
}
