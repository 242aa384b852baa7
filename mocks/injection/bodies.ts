/**
 * The body an injected status gets: the fault real Nova sends for that status on that endpoint
 * (behaviour spec §4.2, §9, §10.3, §11.6), keystonemiddleware's 401 (§6), or Keystone's error body
 * on `identity.tokens`.
 */

import { UNAUTHORIZED_BODY } from '../identity/middleware.ts';
import {
  IMAGE_NOT_FOUND,
  imageMetadataLimitExceeded,
  NovaFault,
  notAllowedToDeleteImage,
  notAuthorizedForImage,
  RESOURCE_NOT_FOUND,
  unexpectedApiError,
} from '../nova/faults.ts';
import { markerNotVisible } from '../nova/glance-faults.ts';
import type { InjectableStatus } from './rules.ts';

/** §4.2: what an unexpected exception looks like; here Glance fell over. */
export const INJECTED_500_MESSAGE = unexpectedApiError('glanceclient.exc.HTTPInternalServerError').message;

const METADATA_WRITES = new Set(['metadata.create', 'metadata.replace', 'metadata.set']);

/** Default `Retry-After` seconds: 0 for the metadata-quota 413 of old Nova, 60 for rate limits. */
export function defaultRetryAfter(status: 413 | 429): number {
  return status === 413 ? 0 : 60;
}

/** Nova's text for `status` on `endpoint` (webob's explanation where Nova adds none). */
export function novaMessage(
  status: InjectableStatus,
  endpoint: string,
  imageId: string,
  query: URLSearchParams,
): string {
  const isList = endpoint === 'images.list' || endpoint === 'images.detail';
  switch (status) {
    case 400:
      return 'The server could not comply with the request since it is either malformed or otherwise incorrect.';
    case 401:
      return UNAUTHORIZED_BODY.error.message;
    case 403: {
      // The texts Nova gives Glance's refusals of that call.
      if (endpoint === 'images.delete') return notAllowedToDeleteImage().message;
      if (!isList) return notAuthorizedForImage(imageId).message;
      const marker = query.get('marker');
      return marker === null ? 'Access was denied to this resource.' : markerNotVisible(marker).message;
    }
    case 404:
      return isList ? RESOURCE_NOT_FOUND : IMAGE_NOT_FOUND;
    case 409:
      return 'There was a conflict when trying to complete your request.';
    case 413:
      // Nova before 2014 answered a metadata quota breach with 413 overLimit (§10.3).
      return METADATA_WRITES.has(endpoint)
        ? imageMetadataLimitExceeded().message
        : 'This request was rate-limited.';
    case 429:
      return 'This request was rate-limited.';
    case 500:
      return INJECTED_500_MESSAGE;
    case 503:
      return 'The server is currently unavailable. Please try again at a later time.';
  }
}

/** The Nova fault of an injected status (not 401, which keystonemiddleware answers). */
export function injectedNovaFault(
  status: Exclude<InjectableStatus, 401>,
  endpoint: string,
  imageId: string,
  query: URLSearchParams,
  options: { message?: string; retryAfter?: number } = {},
): NovaFault {
  const message = options.message ?? novaMessage(status, endpoint, imageId, query);
  const retryAfter =
    status === 413 || status === 429 ? String(options.retryAfter ?? defaultRetryAfter(status)) : undefined;
  return new NovaFault(status, message, retryAfter);
}
