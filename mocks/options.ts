/** Options shared by every runtime, and their defaults. */

import type { RuleInput } from './control/actions.ts';
import type { DatasetSource } from './dataset.ts';
import type { AuthMode } from './identity/identity.ts';
import type { UserEntry } from './identity/users.ts';
import type { NovaRelease } from './nova/release.ts';

/** The owner of the api-samples images; also Nova's sample project id. */
export const DEFAULT_PROJECT_ID = '6f70656e737461636b20342065766572';
/** §10.3 `[quota] metadata_items`. */
export const DEFAULT_METADATA_QUOTA = 128;
/** §11.4 `[api] max_limit`. */
export const DEFAULT_MAX_LIMIT = 1000;
/** Where the standalone server listens by default (and so where the Node runtime answers). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8774;
/** Image data kept in memory per upload, at most (larger uploads get Glance's 413). */
export const DEFAULT_MAX_IMAGE_BYTES = 16 * 1024 * 1024;
/** §7 `[oslo_middleware] max_request_body_size`. */
export const DEFAULT_MAX_BODY_BYTES = 114_688;

export interface NovaImagesMockOptions {
  /**
   * Where the API is mounted, e.g. `http://127.0.0.1:8774` (then `/v2.1/images` is
   * `http://127.0.0.1:8774/v2.1/images`). Without it the handlers answer on any origin, which the
   * standalone server and the browser want.
   */
  baseUrl?: string;
  /** Base of every link in responses, e.g. `http://openstack.example.com`. Default: the request's origin + base path. */
  publicUrl?: string;
  /** Base of the `alternate` (Glance) links. Default: `<public url>/image`, where DevStack mounts Glance. */
  glanceUrl?: string;
  /** The caller's project when no token says otherwise. Default `6f70656e737461636b20342065766572`. */
  projectId?: string;
  /** A bundled dataset name (`api-samples`, `demo`, …), a dataset file path, or records. Default `api-samples`. */
  dataset?: DatasetSource;
  /** `[api] max_limit`, used by the next-link rule. Default 1000. */
  maxLimit?: number;
  /** Metadata items per image; -1 = unlimited. Default 128. */
  metadataQuota?: number;
  /** Request bodies larger than this get the 413 of §7. Default 114688. */
  maxBodyBytes?: number;
  /** Glance uploads (`PUT /image/v2/images/{id}/file`) are kept in memory up to this size each; larger ones get Glance's 413. Default 16 MiB. */
  maxImageBytes?: number;
  /** Time of writes (`updated_at`) and of tokens (`issued_at`, `expires_at`). Default: the system clock. */
  clock?: () => Date;
  /** `none` (default): no token needed, a valid one still selects its project; `token`: 401 without a valid `X-Auth-Token` (§6). */
  auth?: AuthMode;
  /** Lifetime of Keystone tokens. Default 86400 (24 h). */
  tokenTtlSeconds?: number;
  /** Only these users may log in to Keystone, with these passwords. Default: any user, any password. */
  users?: UserEntry[];
  /**
   * Which Nova to be (README "Release profiles"): `master` (default, Nova's current tree) or `zed`
   * (Nova 26, as recorded from a real Zed: microversions to 2.93, no images query schema, v2.0 SUPPORTED).
   */
  novaRelease?: NovaRelease;
  /** A lower microversion ceiling than the release's (`X.Y`), for a cloud that caps it. */
  maxMicroversion?: string;
  /** Error-injection rules active from the start: objects or one-line rules (`images.delete=403`). */
  errors?: RuleInput[];
  /** A named scenario active from the start (`token-expired`, `read-only`, `vanishing-image`, `metadata-quota`, `flaky`, `slow`). */
  scenario?: string;
  /** Latency added to every request: ms, or [min, max] drawn uniformly. */
  latency?: number | [number, number];
  /** Seed of the generator behind rule probabilities and latency ranges; default random. */
  errorSeed?: number;
}
