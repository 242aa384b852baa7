/**
 * Release profiles: what changes between the Nova releases the mock can be (`novaRelease`,
 * `serve --nova-release`). `master` (the default) is Nova's current tree; `zed` is Nova 26 (Zed),
 * as measured against Nova 26.2.2 + Glance 25.1.0 (tests/conformance, README "How faithful").
 */
import { MAX_VERSION, MIN_VERSION, Microversion, parseMicroversion } from './microversion.ts';

export const NOVA_RELEASES = ['master', 'zed'] as const;
export type NovaRelease = (typeof NOVA_RELEASES)[number];
export const DEFAULT_NOVA_RELEASE: NovaRelease = 'master';

export interface ReleaseProfile {
  readonly release: NovaRelease;
  /** The highest microversion served: the release's, or lower with `maxMicroversion`. */
  readonly maxVersion: Microversion;
  /**
   * master validates query strings with JSON schemas: the images list (images.py `index_query`,
   * which drops unknown parameters and refuses `limit=0`) and the metadata GETs (whose query
   * stripping raises KeyError: 500, behaviour spec §15). Zed has none: paging is read by
   * `common.get_pagination_params` (any integer ≥ 0, `Invalid input received: ...`), every
   * parameter stays in next links, and a metadata GET ignores its query.
   */
  readonly querySchemas: boolean;
  /** The legacy v2.0 entry of the version documents (nova/api/openstack/compute/versions.py). */
  readonly v20: { readonly status: 'SUPPORTED' | 'DEPRECATED'; readonly updated: string };
  /**
   * nova/version.py `NOVA_SUPPORT`: the sentence after "Unexpected API Error." in every 500 that
   * names an exception's class (nova/api/openstack/wsgi.py `expected_errors`).
   */
  readonly support: string;
  /**
   * How the body validator words a `meta` with no pair: python-jsonschema's minProperties message,
   * which changed with its version (4.10.3 in Debian 12 under Zed: "does not have enough
   * properties"; later ones "should be non-empty" when the minimum is 1).
   */
  readonly tooFewProperties: string;
  /**
   * `/v2`'s soft additionalProperties check (nova/api/validation/validators.py
   * `_soft_validate_additional_properties`): master lets a metadata body through when every key
   * is invalid (stephenfin's oneOf hack); Zed has no such exception, every invalid key is a 400.
   */
  readonly legacyAllInvalidKeysPass: boolean;
}

const PROFILES: Readonly<Record<NovaRelease, Omit<ReleaseProfile, 'maxVersion'> & { max: Microversion }>> = {
  master: {
    release: 'master',
    max: MAX_VERSION,
    querySchemas: true,
    v20: { status: 'DEPRECATED', updated: '2025-07-04T12:00:00Z' },
    support: 'Please contact the administrator',
    tooFewProperties: 'should be non-empty',
    legacyAllInvalidKeysPass: true,
  },
  // nova/api/openstack/api_version_request.py (26.2.2): _MAX_API_VERSION = '2.93'.
  zed: {
    release: 'zed',
    max: new Microversion(2, 93),
    querySchemas: false,
    v20: { status: 'SUPPORTED', updated: '2011-01-21T11:33:21Z' },
    support: 'Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.',
    tooFewProperties: 'does not have enough properties',
    legacyAllInvalidKeysPass: false,
  },
};

/** The profile of a release, its ceiling optionally lowered to `maxMicroversion` (`X.Y`). */
export function releaseProfile(
  release: NovaRelease = DEFAULT_NOVA_RELEASE,
  maxMicroversion?: string,
): ReleaseProfile {
  const profile = PROFILES[release];
  if (profile === undefined)
    throw new Error(`novaRelease must be one of ${NOVA_RELEASES.join(', ')}, got '${release}'`);
  const { max, ...rest } = profile;
  if (maxMicroversion === undefined) return { ...rest, maxVersion: max };
  const capped = parseMicroversion(maxMicroversion);
  if (capped === undefined || capped.compare(MIN_VERSION) < 0 || capped.compare(max) > 0) {
    throw new Error(
      `maxMicroversion must be a version from ${MIN_VERSION} to ${max} (${release}), got '${maxMicroversion}'`,
    );
  }
  return { ...rest, maxVersion: capped };
}
