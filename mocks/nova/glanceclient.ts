/**
 * What python-glanceclient sends for Nova's image update (glanceclient/v2/images.py
 * `Controller.update`): it fetches the image, sets each given attribute on its warlock model,
 * deletes the `remove_props` the image has and was not given, and PATCHes the model's diff
 * (`image.patch`, jsonpatch's make_patch) as a JSON patch.
 */
import type { ImageChange } from '../glance/changes.ts';
import type { ImageProperties } from '../types.ts';

/** The JSON patch of an update: replace what changed, add what is new, remove what goes. */
export function updatePatch(
  current: Readonly<ImageProperties>,
  given: Readonly<ImageProperties>,
  removeProps: readonly string[],
): ImageChange[] {
  const changes: ImageChange[] = [];
  for (const [path, value] of Object.entries(given)) {
    if (!Object.hasOwn(current, path)) changes.push({ op: 'add', path, value });
    else if (current[path] !== value) changes.push({ op: 'replace', path, value });
  }
  for (const path of removeProps) {
    if (Object.hasOwn(current, path) && !Object.hasOwn(given, path)) changes.push({ op: 'remove', path });
  }
  return changes;
}
