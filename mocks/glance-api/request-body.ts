/**
 * Glance's reading of request bodies (glance/api/v2/images.py `RequestDeserializer`): the create
 * body with its read-only and reserved attributes, and JSON patches in both media types.
 */
import type { ImagePatch, NewImage } from '../glance/image-service.ts';
import { jsonDepth } from '../nova/json-depth.ts';
import { glanceError, glanceErrorDetail, unsupportedMediaType } from './faults.ts';
import { validateImageBody } from './schema-check.ts';

export const PATCH_MEDIA_TYPES: Readonly<Record<string, 4 | 10>> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};

const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
const READ_ONLY = [
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'size',
  'virtual_size',
  'direct_url',
  'self',
  'file',
  'schema',
  'id',
  'os_hash_algo',
  'os_hash_value',
];
const RESERVED = ['location', 'deleted', 'deleted_at'];
/** `common.GLANCE_RESERVED_NS`. */
const RESERVED_NAMESPACE = 'os_glance';
const BASE = [
  'checksum',
  'created_at',
  'container_format',
  'disk_format',
  'id',
  'min_disk',
  'min_ram',
  'name',
  'size',
  'virtual_size',
  'status',
  'tags',
  'owner',
  'updated_at',
  'visibility',
  'protected',
  'os_hidden',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The deepest body Glance's `jsonutils.loads` reads: Python's C JSON scanner counts each level
 * against the recursion limit on top of Glance's WSGI stack, and the RecursionError is Glance's
 * 500 (measured on Glance 25.1.0: a PATCH or a member add nesting 857 levels is read, 858 is a 500).
 */
const GLANCE_MAX_JSON_DEPTH = 857;

/**
 * `JSONRequestDeserializer.default`: no body, malformed JSON, or JSON that is neither a list nor
 * an object (`from_json`) is a 400; a body too deep for Python's parser a 500.
 */
export function parseJson(text: string): unknown {
  if (text === '') throw glanceError(400, 'Body expected in request.');
  if (jsonDepth(text) > GLANCE_MAX_JSON_DEPTH) throw glanceError(500);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw glanceError(400, 'Malformed JSON in request body.');
  }
  if (body === null || typeof body !== 'object') {
    throw glanceError(400, 'Unexpected body type. Expected list/dict.');
  }
  return body;
}

/** `RequestDeserializer.create` + the factory's read-only check: the new image's attributes. */
export function parseCreateBody(text: string): NewImage {
  const body = parseJson(text);
  // Glance calls `body.pop` on the list or object that came: a list is its AttributeError, a 500.
  if (!isObject(body)) throw glanceError(500);
  for (const key of DISALLOWED) {
    if (Object.hasOwn(body, key)) throw glanceError(403, `Attribute '${key}' is read-only.`);
  }
  validateImageBody(body);
  const properties: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(body)) {
    if (BASE.includes(key)) continue;
    if (Array.from(key).length > 255)
      throw glanceError(400, 'Custom property should not be greater than 255 characters.');
    if (RESERVED.includes(key) || key.startsWith(RESERVED_NAMESPACE)) {
      throw glanceErrorDetail(403, `Attribute '${key}' is reserved.`);
    }
    properties[key] = value as string;
  }
  // glance/domain `ImageFactory.new_image`: read-only attributes other than the id.
  for (const key of READ_ONLY) {
    if (key !== 'id' && Object.hasOwn(body, key)) throw glanceError(403, `Attribute '${key}' is read-only.`);
  }
  const image: NewImage = { properties };
  const fields = image as Record<string, unknown>;
  for (const key of BASE) if (Object.hasOwn(body, key)) fields[key] = body[key];
  return image;
}

function decodePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw glanceError(400, `Pointer \`${pointer}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1)))
    throw glanceError(400, `Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/'))
    throw glanceError(400, `Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/')
    throw glanceError(400, `Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~')) {
    throw glanceError(400, `Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`);
  }
  return pointer
    .replace(/^\/+/, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

const OPERATIONS = ['add', 'remove', 'replace'] as const;
type Operation = (typeof OPERATIONS)[number];

function operationOf(change: Record<string, unknown>, draft: 4 | 10): { op: Operation; path: unknown } {
  if (draft === 10) {
    const op = change.op;
    if (op === undefined) {
      throw glanceError(
        400,
        `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPERATIONS.join(', ')}.`,
      );
    }
    if (!(OPERATIONS as readonly unknown[]).includes(op)) {
      throw glanceError(
        400,
        `Invalid operation: \`${String(op)}\`. It must be one of the following: ${OPERATIONS.join(', ')}.`,
      );
    }
    if (!Object.hasOwn(change, 'path')) throw glanceError(400, "Unable to find 'path' in JSON Schema change");
    return { op: op as Operation, path: change.path };
  }
  const present = OPERATIONS.filter((name) => Object.hasOwn(change, name));
  if (present.length > 1) {
    throw glanceError(
      400,
      'Operation objects must contain only one member named "add", "remove", or "replace".',
    );
  }
  const [op] = present;
  if (op === undefined) {
    throw glanceError(
      400,
      'Operation objects must contain exactly one member named "add", "remove", or "replace".',
    );
  }
  return { op, path: change[op] };
}

/** `RequestDeserializer.update`: the changes of a PATCH, each checked as Glance checks it. */
export function parsePatch(contentType: string | null, text: string): ImagePatch[] {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const draft = PATCH_MEDIA_TYPES[mediaType];
  if (draft === undefined) {
    throw unsupportedMediaType(mediaType, {
      'accept-patch': Object.keys(PATCH_MEDIA_TYPES).sort().join(', '),
    });
  }
  const body = parseJson(text);
  if (!Array.isArray(body)) throw glanceError(400, 'Request body must be a JSON array of operation objects.');
  const changes: ImagePatch[] = [];
  for (const raw of body) {
    if (!isObject(raw)) throw glanceError(400, 'Operations must be JSON objects.');
    const { op, path: pointer } = operationOf(raw, draft);
    if (typeof pointer !== 'string') throw glanceError(500);
    const path = decodePointer(pointer);
    const [name = ''] = path;
    if (path.length !== 1)
      throw glanceError(400, `Invalid JSON pointer for this resource: '/${path.join('/')}'`);
    const change: ImagePatch = { op, path: name };
    if (draft === 4) change.draft4 = true;
    if (op !== 'remove') {
      if (!Object.hasOwn(raw, 'value'))
        throw glanceError(400, `Operation "${op}" requires a member named "value".`);
      change.value = raw.value;
    }
    if (READ_ONLY.includes(name)) throw glanceError(403, `Attribute '${name}' is read-only.`);
    if (RESERVED.includes(name) || name.startsWith(RESERVED_NAMESPACE)) {
      throw glanceError(403, `Attribute '${name}' is reserved.`);
    }
    if (op !== 'remove') validateImageBody({ [name]: change.value });
    changes.push(change);
  }
  return changes;
}
