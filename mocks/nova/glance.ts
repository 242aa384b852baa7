/**
 * Nova's image API over Glance (nova/image/glance.py `GlanceImageServiceV2`): what Nova's image
 * controllers call instead of the image service itself. Each call is what Nova does before and
 * after its glanceclient call; GlanceErrors pass through, and Nova's controllers turn them into
 * faults (glance-faults.ts).
 */
import type { GlanceFilters, ImageService } from '../glance/image-service.ts';
import { GlanceFault } from '../glance-api/faults.ts';
import { pythonJson } from '../glance-api/python-json.ts';
import { parsePatch } from '../glance-api/request-body.ts';
import imageSchema from '../glance-api/schemas/image.json' with { type: 'json' };
import { renderGlanceImage } from '../glance-api/views.ts';
import type { Caller, ImageRecord } from '../types.ts';
import { notAuthorizedForImage, unexpectedApiError } from './faults.ts';
import { faultForGlanceFault } from './glance-faults.ts';
import { glanceUrlId, type JsonPatchOperation, updatePatch } from './glanceclient.ts';
import { JSON_PROPERTIES, novaMetadata } from './views.ts';

export interface DetailQuery {
  filters: GlanceFilters;
  marker?: string;
  /** Undefined = every matching image (§11.4). */
  limit?: number;
}

const BASE_PROPERTIES = new Set(Object.keys(imageSchema.properties));
/** `_extract_attributes_v2`'s `omit_attrs`, and the locations it leaves out by default. */
const OMITTED = new Set([
  'self',
  'schema',
  'protected',
  'virtual_size',
  'file',
  'tags',
  'direct_url',
  'locations',
]);
/** `_remove_read_only`, and what `_convert_to_v2` skips (`size`, `deleted`). */
const NOT_SENT = new Set(['status', 'created_at', 'updated_at', 'deleted_at', 'size', 'deleted']);
/** `_extract_attributes_v2` starts from these, whether Glance shows them or not. */
const DEFAULTS = { disk_format: null, container_format: null, name: null, checksum: null };

/**
 * `_convert_to_v2` for properties (§10.4): a kernel_id or ramdisk_id of "none" or "" is left out
 * of the write, so Glance keeps the stored value (or the key stays absent).
 */
function isDroppedBootImageValue(key: string, value: unknown): boolean {
  return (
    (key === 'kernel_id' || key === 'ramdisk_id') &&
    typeof value === 'string' &&
    ['none', ''].includes(value.trim().toLowerCase())
  );
}

/**
 * `_convert_to_string`: a property Nova read as JSON (§8.2) goes back as `jsonutils.dumps` of
 * what it read, which need not be the text Glance held (`[{"a":1}]` returns as `[{"a": 1}]`).
 */
function glanceValue(key: string, value: unknown): unknown {
  return JSON_PROPERTIES.has(key) && typeof value !== 'string' ? pythonJson(value) : value;
}

/**
 * `update`'s keyword arguments for glanceclient: `_translate_to_glance` of Nova's image dict
 * (`_extract_attributes_v2` of what Glance showed, with the controller's properties), which
 * flattens the properties into the same dict as the attributes, properties first. So every
 * attribute Nova carries overwrites a property of its name — `name`, `min_ram`, `owner`,
 * `checksum`, … are accepted and never stored — and `visibility` is written back from
 * `is_public`: a shared or community image becomes private (issue #10 class 1). `id` is popped,
 * `image_id` and `remove_props` are Nova's own arguments, and `_update_v2` pops `location`.
 */
function updateArguments(
  carried: Readonly<Record<string, unknown>>,
  properties: Readonly<Record<string, unknown>>,
): { attributes: Record<string, unknown>; location: unknown } {
  const attributes: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(properties)) {
    if (!isDroppedBootImageValue(key, value)) attributes[key] = glanceValue(key, value);
  }
  Object.assign(attributes, carried);
  const location = attributes.location;
  for (const key of ['id', 'image_id', 'remove_props', 'location']) delete attributes[key];
  return { attributes, location };
}

/** The attributes of what Glance showed that Nova carries into every update (`updateArguments`). */
function carriedAttributes(glanceImage: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const carried: Record<string, unknown> = { ...DEFAULTS };
  for (const [name, value] of Object.entries(glanceImage)) {
    if (OMITTED.has(name) || NOT_SENT.has(name) || !BASE_PROPERTIES.has(name)) continue;
    carried[name] = name === 'visibility' ? (value === 'public' ? 'public' : 'private') : value;
  }
  return carried;
}

/**
 * `_translate_from_glance` of every image Nova reads: `_convert_from_string` JSON-decodes
 * `mappings` and `block_device_mapping` (§8.2), and nothing catches a value that is no JSON —
 * a stored null, shown as "", included. Such an image is a 500 for every Nova call that reads
 * it: its show, every list it is in, and the metadata calls that would remove the key (measured
 * on Nova 26.2.2). JSON.parse stands in for Python's json.loads, which also takes `NaN`.
 */
/** JSON_PROPERTIES as a list: every image of every page is checked. */
const JSON_READ = [...JSON_PROPERTIES];

/**
 * Records already read without error. A record never changes (a write makes a new one), and its
 * properties have one of thousands of shapes, in which looking up keys it lacks is slow: a page of
 * 100 images spent a tenth of its time there.
 */
const readable = new WeakSet<ImageRecord>();

function translatedFromGlance(record: ImageRecord): ImageRecord {
  if (readable.has(record)) return record;
  for (const key of JSON_READ) {
    const value = record.properties[key];
    if (value === undefined) continue;
    try {
      JSON.parse(value ?? '');
    } catch {
      throw unexpectedApiError('json.decoder.JSONDecodeError');
    }
  }
  readable.add(record);
  return record;
}

/** Glance's GET of an image, as glanceclient fetches it before an update, and what Nova carries of it. */
interface Fetched {
  image: Readonly<Record<string, unknown>>;
  carried: Readonly<Record<string, unknown>>;
}

/**
 * Made once per record (the image service never changes a record, a write makes a new one) and
 * frozen, so that glanceclient.ts checks the image against the schema once.
 */
const fetchedImages = new WeakMap<ImageRecord, Fetched>();

function fetchedImage(record: ImageRecord): Fetched {
  let fetched = fetchedImages.get(record);
  if (fetched === undefined) {
    const image = Object.freeze(renderGlanceImage(record));
    fetched = { image, carried: Object.freeze(carriedAttributes(image)) };
    fetchedImages.set(record, fetched);
  }
  return fetched;
}

export class NovaGlance {
  constructor(readonly images: ImageService) {}

  /** `show`: the image as Glance returns it to this caller. */
  show(caller: Caller, id: string): ImageRecord {
    return translatedFromGlance(this.images.get(caller, glanceUrlId(id)));
  }

  /** `detail`: one page of Glance's list (the filters already translated, list-query.ts). */
  detail(caller: Caller, query: DetailQuery): ImageRecord[] {
    const page = this.images.list(caller, query);
    for (const record of page) translatedFromGlance(record);
    return page;
  }

  /**
   * `update` with `purge_props=True`, the only way Nova's metadata API calls it: every property
   * Glance showed and `properties` lacks is in `remove_props`; glanceclient then PATCHes its diff.
   * `properties` are Nova's (JSON-read ones decoded, §8.2); returns them as Nova reads them
   * back from Glance afterwards.
   */
  update(caller: Caller, id: string, properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const record = this.show(caller, id);
    // Glance shows every stored property (a null as ""): its keys are the stored ones.
    const removeProps = Object.keys(record.properties).filter((key) => !Object.hasOwn(properties, key));
    const { image: glanceImage, carried } = fetchedImage(record);
    const { attributes, location } = updateArguments(carried, properties);
    const updated = this.#patch(caller, id, updatePatch(glanceImage, attributes, removeProps));
    // `_update_v2` adds a location after the patch; Glance, which hides locations by default
    // (`show_multiple_locations = False`), refuses every add with a 403.
    if (location) throw notAuthorizedForImage(id);
    return novaMetadata(translatedFromGlance(updated).properties);
  }

  /** The PATCH as Glance's API reads it (glance-api/request-body.ts) and applies it. */
  #patch(caller: Caller, id: string, patch: JsonPatchOperation[]): ImageRecord {
    try {
      const changes = parsePatch('application/openstack-images-v2.1-json-patch', JSON.stringify(patch));
      return this.images.patch(caller, glanceUrlId(id), changes);
    } catch (error) {
      if (error instanceof GlanceFault) throw faultForGlanceFault(error, id);
      throw error;
    }
  }

  delete(caller: Caller, id: string): void {
    this.images.delete(caller, glanceUrlId(id));
  }
}
