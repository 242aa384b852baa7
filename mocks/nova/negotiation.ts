/**
 * The microversion of one request, negotiated once (§5.1, §5.2, §5.4), with the headers every
 * later answer of Nova's carries. A refused version is kept as the fault to throw at the
 * microversion step, so that earlier steps (413, 401, route 404) still win.
 */
import type { RequestHeaders } from '../app-request.ts';
import { type NovaFault, ServerErredFault } from './faults.ts';
import type { HeaderList } from './header-list.ts';
import {
  MalformedVersionFault,
  MIN_VERSION,
  type Microversion,
  negotiateMicroversion,
  UnsupportedVersionFault,
  versionHeaders,
} from './microversion.ts';
import { requestIdList } from './responses.ts';

export interface Negotiated {
  /** The version in effect (2.1 under `/v2` and when the request's is refused). */
  version: Microversion;
  /** The 400 or 406 of a refused version. */
  fault?: NovaFault;
  /** The request id headers plus the version headers, for Nova's answers after routing. */
  headers: HeaderList;
}

/** `headers` plus the headers that echo `version`. */
export function withVersion(headers: HeaderList, version: Microversion): HeaderList {
  return [...headers, ...versionHeaders(version)];
}

/**
 * The request id headers of `id` plus the headers that echo `version`: the version's own pairs,
 * made once (a list's pairs are never changed, only added to or replaced: header-list.ts).
 */
function idAndVersionHeaders(id: string, version: Microversion): HeaderList {
  const list = requestIdList(id);
  for (const pair of version.echoed) list.push(pair as [string, string]);
  return list;
}

/**
 * `/v2` behaves as 2.1 and sends no version headers; a malformed version string gets none
 * either; an unsupported one echoes the request. `requestId`: the request's id (responses.ts).
 */
export function negotiate(
  requestHeaders: RequestHeaders,
  requestId: string,
  legacyV2: boolean,
  maxVersion: Microversion,
): Negotiated {
  if (legacyV2) return { version: MIN_VERSION, headers: requestIdList(requestId) };
  try {
    const version = negotiateMicroversion(requestHeaders, maxVersion);
    return { version, headers: idAndVersionHeaders(requestId, version) };
  } catch (error) {
    if (error instanceof UnsupportedVersionFault) {
      return {
        version: error.requested,
        fault: error,
        headers: idAndVersionHeaders(requestId, error.requested),
      };
    }
    // A version Python could not even read (microversion.ts) fails before any version is set.
    if (error instanceof MalformedVersionFault || error instanceof ServerErredFault) {
      return { version: MIN_VERSION, fault: error, headers: requestIdList(requestId) };
    }
    throw error;
  }
}
