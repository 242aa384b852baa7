/**
 * The ten endpoints (behaviour spec §9): validate input, call Nova's image and metadata
 * controllers (which reach Glance through Nova's proxy, glance.ts), render the view.
 * Like moto's responses.py: protocol on one side, the image service's rules on the other.
 */

import { GlanceError } from '../glance/errors.ts';
import type { Caller } from '../types.ts';
import { badRequest, unexpectedApiError } from './faults.ts';
import { faultForGlanceError } from './glance-faults.ts';
import {
  deleteMetadataItem,
  listMetadata,
  type MetadataContext,
  mergeMetadata,
  replaceMetadata,
  setMetadataItem,
  showMetadataItem,
} from './image-metadata.ts';
import { bookmarkBase, type LinkContext, selfHref } from './links.ts';
import { listBody } from './list-body.ts';
import { nextLinkQuery, parseListQuery, shouldEmitNextLink } from './list-query.ts';
import { parseMetadataBody, parseMetaItemBody } from './metadata-body.ts';
import type { ReleaseProfile } from './release.ts';
import type { Endpoint } from './routes.ts';
import { imageShowJson } from './views.ts';

export interface ImagesApiCall {
  /** Nova's proxy to Glance and its metadata quota. */
  nova: MetadataContext;
  endpoint: Endpoint;
  imageId: string;
  key: string;
  caller: Caller;
  query: URLSearchParams;
  /** False when the query string is no UTF-8 (query-string.ts). */
  queryUtf8: boolean;
  /** The parsed JSON body of POST/PUT (null when empty), undefined otherwise. */
  body: unknown;
  /** Requests under `/v2` get relaxed body validation (§5.4). */
  legacyV2: boolean;
  links: LinkContext;
  maxLimit: number;
  /** What the release changes: query schemas, body validation wording (release.ts). */
  release: ReleaseProfile;
}

/**
 * A 200 carries its body as UTF-8 JSON, so that list pages can reuse cached image views; a long
 * list streams it (list-body.ts).
 */
export type ApiResult =
  | { status: 200; json: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>> }
  | { status: 204 };

const encoder = new TextEncoder();

const ok = (body: unknown): ApiResult => ({ status: 200, json: encoder.encode(JSON.stringify(body)) });

const noContent: ApiResult = { status: 204 };

/**
 * A query string that is no UTF-8, on the calls that read it: master's query schemas (on the
 * lists, show and the metadata GETs) refuse it (nova/api/validation/__init__.py `query_schema`:
 * "Query string is not UTF-8 encoded"); Zed's images list reads `req.GET` bare, and WebOb's
 * UnicodeDecodeError is a 500 (measured: `?name=%ff`); Zed's other calls never read the query.
 */
function assertQueryUtf8(call: ImagesApiCall, list: boolean): void {
  if (call.queryUtf8 || (!list && !call.release.querySchemas)) return;
  if (call.release.querySchemas) throw badRequest('Query string is not UTF-8 encoded');
  throw unexpectedApiError('UnicodeDecodeError');
}

function listImages(call: ImagesApiCall, detail: boolean): ApiResult {
  assertQueryUtf8(call, true);
  const request = parseListQuery(call.query, { querySchema: call.release.querySchemas });
  const images = call.nova.glance.detail(call.caller, {
    filters: request.filters,
    marker: request.marker,
    // nova/image/glance.py `_extract_query_params_v2` passes only a truthy limit to Glance.
    limit: request.limit || undefined,
  });
  if (images.length > 0) assertLinksSplit(call.links);
  let tail = ']';
  const last = images.at(-1);
  if (last && shouldEmitNextLink(images.length, request.limit, call.maxLimit)) {
    const collection = selfHref(call.links, detail ? 'images/detail' : 'images');
    const links = [{ rel: 'next', href: `${collection}?${nextLinkQuery(request, last.id)}` }];
    tail += `,"images_links":${JSON.stringify(links)}`;
  }
  return { status: 200, json: listBody(images, call.links, detail, tail) };
}

/**
 * An image view's bookmark link takes the version off the application URL first (links.ts
 * bookmarkBase): where Python raises ValueError, the call is a 500 before any view is made.
 */
function assertLinksSplit(links: LinkContext): void {
  bookmarkBase(links.appUrl);
}

/**
 * §15.1: any query string on the metadata GETs makes Nova's query-stripping helper raise
 * KeyError, which surfaces as a 500.
 */
function rejectMetadataQuery(query: URLSearchParams): void {
  if (query.size > 0) {
    throw unexpectedApiError('KeyError');
  }
}

function dispatch(call: ImagesApiCall): ApiResult {
  const { nova, caller, imageId, key } = call;
  const bodyOptions = { legacyV2: call.legacyV2, release: call.release };
  switch (call.endpoint) {
    case 'images.list':
      return listImages(call, false);
    case 'images.detail':
      return listImages(call, true);
    case 'images.show': {
      assertQueryUtf8(call, false);
      const image = nova.glance.show(caller, imageId);
      assertLinksSplit(call.links);
      return { status: 200, json: imageShowJson(image, call.links) };
    }
    case 'images.delete':
      nova.glance.delete(caller, imageId);
      return noContent;
    case 'metadata.list':
      assertQueryUtf8(call, false);
      if (call.release.querySchemas) rejectMetadataQuery(call.query);
      return ok({ metadata: listMetadata(nova, caller, imageId) });
    case 'metadata.show': {
      assertQueryUtf8(call, false);
      if (call.release.querySchemas) rejectMetadataQuery(call.query);
      const value = showMetadataItem(nova, caller, imageId, key);
      return ok({ meta: { [key]: value } });
    }
    case 'metadata.create': {
      const metadata = parseMetadataBody(call.body, bodyOptions);
      return ok({ metadata: mergeMetadata(nova, caller, imageId, metadata) });
    }
    case 'metadata.replace': {
      const metadata = parseMetadataBody(call.body, bodyOptions);
      replaceMetadata(nova, caller, imageId, metadata);
      // §9.7: the response echoes the request, it is not read back.
      return ok({ metadata });
    }
    case 'metadata.set': {
      // §9.8: the body and the URI key are checked before the image is looked up.
      const item = parseMetaItemBody(call.body, key, bodyOptions);
      setMetadataItem(nova, caller, imageId, item.key, item.value);
      return ok({ meta: { [item.key]: item.value } });
    }
    case 'metadata.delete':
      deleteMetadataItem(nova, caller, imageId, key);
      return noContent;
  }
}

/** Runs one endpoint; Glance's refusals become Nova's faults for that endpoint. */
export function callImagesApi(call: ImagesApiCall): ApiResult {
  try {
    return dispatch(call);
  } catch (error) {
    if (error instanceof GlanceError) throw faultForGlanceError(error, call.endpoint, call.imageId);
    throw error;
  }
}
