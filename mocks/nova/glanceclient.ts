/**
 * What python-glanceclient does with Nova's image update (glanceclient/v2/images.py
 * `Controller.update`): it fetches the image into a warlock model of Glance's image schema, sets
 * each attribute Nova gives (every set re-validates the whole image), deletes the `remove_props`
 * the image has and was not given, and PATCHes the model's diff (glanceclient/v2/schemas.py
 * `SchemaBasedModel.patch`, jsonpatch's `make_patch`) as an
 * `application/openstack-images-v2.1-json-patch` document.
 */
import { firstSchemaError } from '../glance-api/schema-check.ts';
import imageSchema from '../glance-api/schemas/image.json' with { type: 'json' };
import { unexpectedApiError } from './faults.ts';

/** One operation as jsonpatch writes it; `path` and `from` are JSON pointers. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move'; from: string; path: string };

export type GlanceImageDocument = Readonly<Record<string, unknown>>;

const SCHEMA_PROPERTIES = Object.keys(imageSchema.properties);
const SCHEMA_PROPERTY_SET = new Set(SCHEMA_PROPERTIES);

/** RFC 6901: `~` is `~0`, `/` is `~1`. */
export function pointerTo(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Python's `==` on JSON values; `True == 1`, which jsonpatch's typed index keeps apart, never meets here. */
function sameValue(a: unknown, b: unknown): boolean {
  // The same value (or object) serializes the same: most keys of an update carry what Glance showed.
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** jsonpatch indexes removed values by `(value, type(value))`. */
const typedKey = (value: unknown) => JSON.stringify([typeof value, value]);

/**
 * jsonpatch 1.32 `DiffBuilder._compare_dicts` of the model as fetched and as changed, for flat
 * documents: removals first, then additions — one whose value a removed key had becomes a `move`
 * from that key (the removal goes, the move is appended) — then replacements. Python visits each
 * group in set order, which hash randomisation changes per process; this visits keys in the
 * documents' order. The changed document is not built: its keys are the original's, less
 * `removed`, then the attributes the original lacks, in their order; its values the attributes'
 * over the original's.
 */
function makePatch(
  model: FetchedModel,
  attributes: GlanceImageDocument,
  changes: GlanceImageDocument,
  removed: ReadonlySet<string>,
): JsonPatchOperation[] {
  const { original, keys } = model;
  const operations: (JsonPatchOperation | undefined)[] = [];
  const removedAt = new Map<string, number[]>();
  if (removed.size > 0) {
    for (const key of keys) {
      if (!removed.has(key)) continue;
      const slot = typedKey(original[key]);
      removedAt.set(slot, [...(removedAt.get(slot) ?? []), operations.length]);
      operations.push({ op: 'remove', path: pointerTo(key) });
    }
  }
  // A key the original lacks is a change; a schema property counts as present (null), and tags
  // are never diffed (`updatePatch`).
  for (const key of Object.keys(changes)) {
    if (Object.hasOwn(original, key) || SCHEMA_PROPERTY_SET.has(key)) continue;
    const removal = removedAt.get(typedKey(changes[key]))?.pop();
    if (removal === undefined) {
      operations.push({ op: 'add', path: pointerTo(key), value: changes[key] });
      continue;
    }
    const removedOperation = operations[removal] as JsonPatchOperation;
    operations[removal] = undefined;
    operations.push({ op: 'move', from: removedOperation.path, path: pointerTo(key) });
  }
  for (const key of keys) {
    if (key !== 'tags' && Object.hasOwn(changes, key) && !sameValue(original[key], attributes[key])) {
      operations.push({ op: 'replace', path: pointerTo(key), value: attributes[key] });
    }
  }
  for (const name of SCHEMA_PROPERTIES) {
    if (name === 'tags' || Object.hasOwn(original, name) || !Object.hasOwn(changes, name)) continue;
    if (!sameValue(null, attributes[name])) {
      operations.push({ op: 'replace', path: pointerTo(name), value: attributes[name] });
    }
  }
  return operations.filter((operation) => operation !== undefined);
}

/**
 * The image id Glance receives for Nova's `image_id`: glanceclient formats it into the URL as it
 * is (glanceclient/v2/images.py `_get`, `delete`, `update`: `'/v2/images/%s' % image_id`), and
 * its HTTP client reads a `?` or `#` there as the start of a query or a fragment, so Glance sees
 * only what comes before (measured on Nova 26.2.2: `GET /v2.1/images/<id>%23x`, `<id>%3Fx` and a
 * raw `<id>#x` all show image `<id>`).
 */
export function glanceUrlId(imageId: string): string {
  const end = imageId.search(/[?#]/);
  return end === -1 ? imageId : imageId.slice(0, end);
}

/**
 * warlock raises InvalidOperation for a change that leaves the image invalid against Glance's
 * schema, which glanceclient re-raises as TypeError: Nova's 500 (a `status` of "1", `protected`
 * that is no boolean, `size`, `tags`, `locations`, `virtual_size` given as strings).
 */
function validated(document: GlanceImageDocument): void {
  if (firstSchemaError(imageSchema, document) !== undefined) throw unexpectedApiError('TypeError');
}

/** The model of an image as fetched: the image without `self`, and whether warlock takes it. */
interface FetchedModel {
  original: GlanceImageDocument;
  /** `Object.keys(original)`. */
  keys: readonly string[];
  /** False: `self.model(**image)` raises warlock's ValueError. */
  accepted: boolean;
}

/** Worked out once per document no one can change (NovaGlance fetches a frozen one per record). */
const models = new WeakMap<GlanceImageDocument, FetchedModel>();

function modelOf(image: GlanceImageDocument): FetchedModel {
  let model = models.get(image);
  if (model === undefined) {
    // Null-prototype copies: `__proto__` is an ordinary key here too.
    const original: Record<string, unknown> = Object.assign(Object.create(null), image);
    delete original.self;
    model = {
      original: Object.freeze(original),
      keys: Object.keys(original),
      accepted: firstSchemaError(imageSchema, original) === undefined,
    };
    if (Object.isFrozen(image)) models.set(image, model);
  }
  return model;
}

/**
 * The JSON patch glanceclient sends for `update(image_id, remove_props, **attributes)` of
 * `image` (Glance's GET, which glanceclient strips of `self`). Throws Nova's 500 where
 * glanceclient raises before sending anything.
 */
export function updatePatch(
  image: GlanceImageDocument,
  attributes: GlanceImageDocument,
  removeProps: readonly string[],
): JsonPatchOperation[] {
  // `update(self, image_id, remove_props=None, **kwargs)`: a `self` among the keyword arguments
  // is Python's "got multiple values for argument 'self'".
  if (Object.hasOwn(attributes, 'self')) throw unexpectedApiError('TypeError');
  const model = modelOf(image);
  if (!model.accepted) throw unexpectedApiError('ValueError');
  const { original } = model;
  // warlock validates the whole image after each attribute it sets. Glance's image schema checks
  // each property on its own (`properties` and `additionalProperties`, no keyword that spans two)
  // and every attribute is set once; the image as fetched is valid. So one check of the attributes
  // that change a value fails exactly when one of warlock's would (none: nothing to check).
  const changes: Record<string, unknown> = Object.create(null);
  let changed = false;
  for (const key of Object.keys(attributes)) {
    if (!Object.hasOwn(original, key) || original[key] !== attributes[key]) {
      changes[key] = attributes[key];
      changed = true;
    }
  }
  if (changed) validated(changes);
  const removed = new Set<string>();
  for (const key of removeProps) {
    if (key !== 'tags' && !Object.hasOwn(attributes, key) && Object.hasOwn(original, key)) removed.add(key);
  }
  // `SchemaBasedModel.patch`: a schema property the image lacks counts as null, so setting it is
  // a `replace`; tags are left out of the diff and sent whole, as a `replace`, whenever the image
  // has any.
  const patch = changed || removed.size > 0 ? makePatch(model, attributes, changes, removed) : [];
  const tags = Object.hasOwn(attributes, 'tags')
    ? attributes.tags
    : removeProps.includes('tags')
      ? undefined
      : original.tags;
  if (Array.isArray(tags) && tags.length > 0) patch.push({ op: 'replace', path: '/tags', value: tags });
  return patch;
}
