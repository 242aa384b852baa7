/**
 * Glance record -> Nova JSON (behaviour spec §8). The only place that knows Nova's image shape.
 */
import type { ImageProperties, ImageRecord, ImageStatus } from '../types.ts';
import { alternateHref, bookmarkHref, type LinkContext, selfHref } from './links.ts';
import { ViewCache } from './view-cache.ts';

export type NovaLink = { rel: string; href: string; type?: string };

export interface NovaImageBasic {
  id: string;
  name: string | null;
  links: NovaLink[];
}

export interface NovaImageDetail extends NovaImageBasic {
  minRam: number;
  minDisk: number;
  metadata: Record<string, unknown>;
  created: string | null;
  updated: string | null;
  status: string;
  progress: number;
  'OS-EXT-IMG-SIZE:size': number;
  server?: { id: string; links: NovaLink[] };
  'OS-DCF:diskConfig'?: 'AUTO' | 'MANUAL';
}

/** §8.3 */
const STATUS_VIEW: Partial<Record<ImageStatus, readonly [string, number]>> = {
  active: ['ACTIVE', 100],
  queued: ['SAVING', 25],
  saving: ['SAVING', 50],
  deleted: ['DELETED', 0],
  pending_delete: ['DELETED', 0],
  killed: ['ERROR', 0],
};
const UNKNOWN_STATUS = ['UNKNOWN', 0] as const;

/** §8.2: Glance properties Nova JSON-decodes before showing them. */
export const JSON_PROPERTIES = new Set(['block_device_mapping', 'mappings']);

/** §8.2: values `oslo_utils.strutils.bool_from_string` reads as true. */
const TRUE_STRINGS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);

function imageLinks(record: ImageRecord, context: LinkContext): NovaLink[] {
  const path = `images/${record.id}`;
  return [
    { rel: 'self', href: selfHref(context, path) },
    { rel: 'bookmark', href: bookmarkHref(context, path) },
    { rel: 'alternate', type: 'application/vnd.openstack.image', href: alternateHref(context, record.id) },
  ];
}

/** §8.2: seconds precision, `Z` for UTC. */
function formatDate(iso: string): string {
  return iso.replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$)/, '').replace(/\+00:?00$/, 'Z');
}

/**
 * The image's properties as Nova shows them (`metadata`), in a null-prototype object so that
 * user keys such as `__proto__` stay ordinary keys. Nova reads what Glance shows, where a stored
 * null is "" (glance/properties.ts `servedProperties`, issue #10 class 13).
 */
export function novaMetadata(properties: Readonly<ImageProperties>): Record<string, unknown> {
  const metadata: Record<string, unknown> = Object.create(null);
  for (const [key, stored] of Object.entries(properties)) {
    const value = stored ?? '';
    metadata[key] = JSON_PROPERTIES.has(key) ? decodeJson(value) : value;
  }
  return metadata;
}

function decodeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function diskConfig(value: string): 'AUTO' | 'MANUAL' {
  return TRUE_STRINGS.has(value.trim().toLowerCase()) ? 'AUTO' : 'MANUAL';
}

const shownValue = (stored: string | null | undefined) => (stored === undefined ? undefined : (stored ?? ''));

/** §8.1: an item of `GET /images`. */
export function renderImageBasic(record: ImageRecord, context: LinkContext): NovaImageBasic {
  return { id: record.id, name: record.name, links: imageLinks(record, context) };
}

/** §8.2: an item of `GET /images/detail`, and the `image` of `GET /images/{id}`. */
export function renderImageDetail(record: ImageRecord, context: LinkContext): NovaImageDetail {
  const [status, progress] = STATUS_VIEW[record.status] ?? UNKNOWN_STATUS;
  const view: NovaImageDetail = {
    id: record.id,
    name: record.name,
    minRam: record.min_ram,
    minDisk: record.min_disk,
    metadata: novaMetadata(record.properties),
    created: formatDate(record.created_at),
    updated: formatDate(record.updated_at),
    status,
    progress,
    // §8.2: a Glance null size (e.g. queued images) is shown as 0.
    'OS-EXT-IMG-SIZE:size': record.size ?? 0,
    links: imageLinks(record, context),
  };
  // Nova tests what Glance showed, where a stored null is "" (novaMetadata): so a null
  // instance_uuid still links a server, and a null auto_disk_config is MANUAL.
  const instanceUuid = shownValue(record.properties.instance_uuid);
  if (instanceUuid !== undefined) {
    const path = `servers/${instanceUuid}`;
    view.server = {
      id: instanceUuid,
      links: [
        { rel: 'self', href: selfHref(context, path) },
        { rel: 'bookmark', href: bookmarkHref(context, path) },
      ],
    };
  }
  const autoDiskConfig = shownValue(record.properties.auto_disk_config);
  if (autoDiskConfig !== undefined) view['OS-DCF:diskConfig'] = diskConfig(autoDiskConfig);
  return view;
}

/** Views of this many records per generation (about 20 MiB of detail views at most). */
const CACHED_RECORDS = 10_000;
const basicViews = new ViewCache(CACHED_RECORDS);
const detailViews = new ViewCache(CACHED_RECORDS);
const encoder = new TextEncoder();

/** The link context last keyed, and its key: the server reuses a context while it stays the same. */
let lastContext: LinkContext | undefined;
let lastContextKey = '';

function contextKeyOf(context: LinkContext): string {
  if (context !== lastContext) {
    lastContext = context;
    lastContextKey = `${context.appUrl}\n${context.projectSegment}\n${context.glanceUrl}`;
  }
  return lastContextKey;
}

/** The views of a list page as UTF-8 JSON, one per image, from the view cache. */
export function imageViewsJson(
  records: readonly ImageRecord[],
  context: LinkContext,
  detail: boolean,
): Uint8Array<ArrayBuffer>[] {
  const cache = detail ? detailViews : basicViews;
  const render = detail ? detailBytes : basicBytes;
  const contextKey = contextKeyOf(context);
  const views: Uint8Array<ArrayBuffer>[] = [];
  for (const record of records) views.push(cache.view(record, contextKey, render, context));
  return views;
}

function detailBytes(record: ImageRecord, context: LinkContext): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(renderImageDetail(record, context)));
}

function basicBytes(record: ImageRecord, context: LinkContext): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(renderImageBasic(record, context)));
}

const SHOW_HEAD = encoder.encode('{"image":');

/** `GET /images/{id}`'s body, `{"image": <detail view>}`, around the view from the view cache. */
export function imageShowJson(record: ImageRecord, context: LinkContext): Uint8Array<ArrayBuffer> {
  const view = detailViews.view(record, contextKeyOf(context), detailBytes, context);
  const out = new Uint8Array(SHOW_HEAD.length + view.length + 1);
  out.set(SHOW_HEAD, 0);
  out.set(view, SHOW_HEAD.length);
  out[out.length - 1] = 0x7d; // '}'
  return out;
}
