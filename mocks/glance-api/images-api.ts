/**
 * Glance v2's endpoints over the image service: read the request as Glance does, call the
 * service, render Glance's view. Like moto's responses.py: protocol here, rules in the store.
 */
import type { ImageService } from '../glance/image-service.ts';
import type { Caller } from '../types.ts';
import { md5Hex, sha512Hex } from './digests.ts';
import { glanceError, unsupportedMediaType } from './faults.ts';
import { pageLinks, parseGlanceListQuery } from './list-query.ts';
import { pythonJson } from './python-json.ts';
import { parseCreateBody, parseJson, parsePatch } from './request-body.ts';
import type { GlanceEndpoint, GlanceRoute } from './routes.ts';
import { validateImageBody } from './schema-check.ts';
import imageSchema from './schemas/image.json' with { type: 'json' };
import imagesSchema from './schemas/images.json' with { type: 'json' };
import memberSchema from './schemas/member.json' with { type: 'json' };
import membersSchema from './schemas/members.json' with { type: 'json' };
import { imageHref, renderGlanceImage, renderMember } from './views.ts';

const SCHEMAS: Readonly<Record<string, unknown>> = {
  image: imageSchema,
  images: imagesSchema,
  member: memberSchema,
  members: membersSchema,
};

/** What the oracle's Glance announces on create (its import methods and stores). */
const CREATE_HEADERS = {
  'openstack-image-import-methods': 'glance-direct,web-download,copy-image',
  'openstack-image-store-ids': 'fs,os_glance_staging_store,os_glance_tasks_store',
};

export interface GlanceCall {
  route: GlanceRoute;
  caller: Caller;
  query: URLSearchParams;
  contentType: string | null;
  body: Uint8Array<ArrayBuffer>;
  /** `<public url>/image`, for the absolute `Location` of a created image. */
  glanceUrl: string;
}

/** WebOb's default for an empty 204 Glance builds from a plain Response. */
const HTML_204 = { 'content-type': 'text/html; charset=UTF-8' };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(pythonJson(body, false), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const noContent = (headers: Record<string, string> = {}) => new Response(null, { status: 204, headers });

const text = (body: Uint8Array) => new TextDecoder().decode(body);

const isDict = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** image_members.py `RequestDeserializer.update`: the status itself is checked by the service. */
function memberStatus(body: unknown): unknown {
  if (!isDict(body)) throw glanceError(400, 'Expected a status in the form: {"status": "status"}');
  if (!Object.hasOwn(body, 'status')) throw glanceError(400, 'Status not specified');
  return body.status;
}

/**
 * image_members.py `RequestDeserializer.create`: any truthy JSON scalar is a member id. Glance
 * answers the value as sent and keeps it in a string column, so later reads show the string
 * SQLite made of it (`true` is `1`); a list or object breaks the database layer, a 500.
 */
function memberToAdd(body: unknown): { stored: string; echoed: unknown } {
  if (!isDict(body)) throw glanceError(400, 'Expected a member in the form: {"member": "image_id"}');
  if (!Object.hasOwn(body, 'member')) throw glanceError(400, 'Member to be added not specified');
  const member = body.member;
  const empty =
    member === null ||
    member === false ||
    member === 0 ||
    member === '' ||
    (Array.isArray(member) && member.length === 0) ||
    (isDict(member) && Object.keys(member).length === 0);
  if (empty) throw glanceError(400, "Member can't be empty");
  if (typeof member === 'string') return { stored: member, echoed: member };
  if (member === true) return { stored: '1', echoed: true };
  if (typeof member === 'number') return { stored: String(member), echoed: member };
  throw glanceError(500);
}

type EndpointHandler = (store: ImageService, call: GlanceCall) => Response | Promise<Response>;

async function upload(store: ImageService, { route, caller, contentType, body }: GlanceCall) {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/octet-stream') throw unsupportedMediaType(mediaType);
  store.get(caller, route.imageId);
  const data = { bytes: body, checksum: md5Hex(body), sha512: await sha512Hex(body) };
  store.upload(caller, route.imageId, data);
  return noContent(HTML_204);
}

function download(store: ImageService, { route, caller }: GlanceCall): Response {
  const data = store.download(caller, route.imageId);
  // image_data.py `download`: an image without data answers 204.
  if (data === undefined) return noContent();
  const record = store.get(caller, route.imageId);
  return new Response(data.slice(), {
    status: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-md5': record.checksum ?? '',
      'content-length': String(data.byteLength),
    },
  });
}

function addMember(store: ImageService, { route, caller, body }: GlanceCall): Response {
  const { stored, echoed } = memberToAdd(parseJson(text(body)));
  const view = renderMember(store.addMember(caller, route.imageId, stored));
  return json(200, { ...view, member_id: echoed });
}

/** One handler per endpoint: read the request as Glance does, call the service, render the view. */
const ENDPOINTS: Readonly<Record<GlanceEndpoint, EndpointHandler>> = {
  'glance.images.list': (store, { caller, query }) => {
    const { images, nextMarker } = store.glanceList(caller, parseGlanceListQuery(query));
    const links = pageLinks(query, nextMarker);
    return json(200, {
      images: images.map((record) => renderGlanceImage(record)),
      first: links.first,
      schema: '/v2/schemas/images',
      next: links.next,
    });
  },
  'glance.images.show': (store, { caller, route }) =>
    json(200, renderGlanceImage(store.get(caller, route.imageId))),
  'glance.images.create': (store, { caller, body, glanceUrl }) => {
    const record = store.create(caller, parseCreateBody(text(body)));
    return json(201, renderGlanceImage(record), {
      location: `${glanceUrl}${imageHref(record.id)}`,
      ...CREATE_HEADERS,
    });
  },
  'glance.images.update': (store, { caller, route, contentType, body }) => {
    const record = store.glancePatch(caller, route.imageId, parsePatch(contentType, text(body)));
    return json(200, renderGlanceImage(record));
  },
  'glance.images.delete': (store, { caller, route }) => {
    store.delete(caller, route.imageId);
    return noContent(HTML_204);
  },
  'glance.images.upload': upload,
  'glance.images.download': download,
  'glance.images.deactivate': (store, { caller, route }) => {
    store.setActive(caller, route.imageId, false);
    return noContent(HTML_204);
  },
  'glance.images.reactivate': (store, { caller, route }) => {
    store.setActive(caller, route.imageId, true);
    return noContent(HTML_204);
  },
  'glance.tags.add': (store, { caller, route }) => {
    // image_tags.py `RequestDeserializer.update`: the tag is checked against the image schema first.
    validateImageBody({ tags: [route.item] });
    store.addTag(caller, route.imageId, route.item);
    return noContent(HTML_204);
  },
  'glance.tags.delete': (store, { caller, route }) => {
    store.deleteTag(caller, route.imageId, route.item);
    return noContent(HTML_204);
  },
  'glance.members.list': (store, { caller, route }) =>
    json(200, {
      members: store.listMembers(caller, route.imageId).map(renderMember),
      schema: '/v2/schemas/members',
    }),
  'glance.members.show': (store, { caller, route }) =>
    json(200, renderMember(store.getMember(caller, route.imageId, route.item))),
  'glance.members.create': addMember,
  'glance.members.update': (store, { caller, route, body }) => {
    const status = memberStatus(parseJson(text(body)));
    return json(200, renderMember(store.updateMember(caller, route.imageId, route.item, status)));
  },
  'glance.members.delete': (store, { caller, route }) => {
    store.deleteMember(caller, route.imageId, route.item);
    return noContent();
  },
  'glance.schemas.show': (_store, { route }) => json(200, SCHEMAS[route.item]),
};

export async function callGlanceApi(store: ImageService, call: GlanceCall): Promise<Response> {
  return ENDPOINTS[call.route.endpoint](store, call);
}
