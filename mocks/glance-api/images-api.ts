/**
 * Glance v2's endpoints over the image service: read the request as Glance does, call the
 * service, render Glance's view. Like moto's responses.py: protocol here, rules in the store.
 */
import type { ImageService } from '../glance/image-service.ts';
import type { Caller, MemberStatus } from '../types.ts';
import { md5Hex, sha512Hex } from './digests.ts';
import { glanceError, unsupportedMediaType } from './faults.ts';
import { pageLinks, parseGlanceListQuery } from './list-query.ts';
import { pythonJson } from './python-json.ts';
import { parseCreateBody, parseJson, parsePatch } from './request-body.ts';
import type { GlanceRoute } from './routes.ts';
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

function memberStatus(body: unknown): MemberStatus {
  if (body === null || typeof body !== 'object' || !Object.hasOwn(body, 'status')) {
    throw glanceError(400, 'Status not specified');
  }
  const status = (body as { status: unknown }).status;
  if (status !== 'pending' && status !== 'accepted' && status !== 'rejected') {
    throw glanceError(400, 'Incorrect request: Status must be "pending", "accepted" or "rejected".');
  }
  return status;
}

export async function callGlanceApi(store: ImageService, call: GlanceCall): Promise<Response> {
  const { route, caller } = call;
  const { imageId, item } = route;
  const view = (id: string) => {
    const record = store.get(caller, id);
    return renderGlanceImage(record);
  };
  switch (route.endpoint) {
    case 'glance.images.list': {
      const { images, nextMarker } = store.glanceList(caller, parseGlanceListQuery(call.query));
      const links = pageLinks(call.query, nextMarker);
      return json(200, {
        images: images.map((record) => renderGlanceImage(record)),
        first: links.first,
        schema: '/v2/schemas/images',
        next: links.next,
      });
    }
    case 'glance.images.show':
      return json(200, view(imageId));
    case 'glance.images.create': {
      const record = store.create(caller, parseCreateBody(text(call.body)));
      return json(201, renderGlanceImage(record), {
        location: `${call.glanceUrl}${imageHref(record.id)}`,
        ...CREATE_HEADERS,
      });
    }
    case 'glance.images.update': {
      const record = store.patch(caller, imageId, parsePatch(call.contentType, text(call.body)));
      return json(200, renderGlanceImage(record));
    }
    case 'glance.images.delete':
      store.delete(caller, imageId);
      return noContent(HTML_204);
    case 'glance.images.upload': {
      const mediaType = (call.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (mediaType !== 'application/octet-stream') throw unsupportedMediaType(mediaType);
      store.get(caller, imageId);
      const data = { bytes: call.body, checksum: md5Hex(call.body), sha512: await sha512Hex(call.body) };
      store.upload(caller, imageId, data);
      return noContent(HTML_204);
    }
    case 'glance.images.download': {
      const data = store.download(caller, imageId);
      // image_data.py `download`: an image without data answers 204.
      if (data === undefined) return noContent();
      const record = store.get(caller, imageId);
      return new Response(data.slice(), {
        status: 200,
        headers: {
          'content-type': 'application/octet-stream',
          'content-md5': record.checksum ?? '',
          'content-length': String(data.byteLength),
        },
      });
    }
    case 'glance.images.deactivate':
    case 'glance.images.reactivate':
      store.setActive(caller, imageId, route.endpoint === 'glance.images.reactivate');
      return noContent(HTML_204);
    case 'glance.tags.add':
      store.addTag(caller, imageId, item);
      return noContent(HTML_204);
    case 'glance.tags.delete':
      store.deleteTag(caller, imageId, item);
      return noContent(HTML_204);
    case 'glance.members.list':
      return json(200, {
        members: store.listMembers(caller, imageId).map(renderMember),
        schema: '/v2/schemas/members',
      });
    case 'glance.members.show':
      return json(200, renderMember(store.getMember(caller, imageId, item)));
    case 'glance.members.create': {
      const body = parseJson(text(call.body));
      const member =
        body !== null && typeof body === 'object' ? (body as { member?: unknown }).member : undefined;
      if (typeof member !== 'string') throw glanceError(400, 'Member to be added not specified');
      return json(200, renderMember(store.addMember(caller, imageId, member)));
    }
    case 'glance.members.update': {
      const status = memberStatus(parseJson(text(call.body)));
      return json(200, renderMember(store.updateMember(caller, imageId, item, status)));
    }
    case 'glance.members.delete':
      store.deleteMember(caller, imageId, item);
      return noContent();
    case 'glance.schemas.show':
      return json(200, SCHEMAS[item]);
  }
}
