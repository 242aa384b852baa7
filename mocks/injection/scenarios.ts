/** Named presets of rules for demos of error paths (`--scenario NAME`, `POST /__mock/scenario`). */
import type { ErrorRule } from './rules.ts';

export interface ScenarioContext {
  /** The first image the configured project lists (what a UI shows first). */
  firstListedImageId: string | undefined;
}

export interface Scenario {
  name: string;
  /** What a demo sees. */
  description: string;
  rules: (context: ScenarioContext) => ErrorRule[];
  /** The metadata quota while the scenario is active, so writes meet Nova's real quota check. */
  metadataQuota?: number;
}

/** Every API endpoint: Nova's and Glance's. */
const NOVA = ['images.*', 'metadata.*', 'glance.*'];
const WRITES = [
  'images.delete',
  'metadata.create',
  'metadata.replace',
  'metadata.set',
  'metadata.delete',
  'glance.images.create',
  'glance.images.update',
  'glance.images.delete',
  'glance.images.upload',
  'glance.images.deactivate',
  'glance.images.reactivate',
  'glance.tags.*',
  'glance.members.create',
  'glance.members.update',
  'glance.members.delete',
];

/** API calls a token (or, without tokens, a session) survives in `token-expired`. */
export const TOKEN_EXPIRED_AFTER = 3;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'token-expired',
    description: `Every token works for ${TOKEN_EXPIRED_AFTER} API calls, then each call is 401 (keystonemiddleware's body and WWW-Authenticate) until a new token is issued: the re-login path.`,
    rules: () => [{ endpoint: NOVA, status: 401, after: TOKEN_EXPIRED_AFTER, resetOnAuth: true }],
  },
  {
    name: 'read-only',
    description:
      'Reads work; every write is 403 with Nova\'s text: image deletes "You are not allowed to delete the image.", metadata writes "Not authorized for image <id>.".',
    rules: () => [{ endpoint: WRITES, status: 403 }],
  },
  {
    name: 'vanishing-image',
    description:
      'The first image of the list stays listed but is 404 "Image not found." on show, delete and every metadata call, as if deleted between list and click.',
    rules: ({ firstListedImageId }) =>
      firstListedImageId === undefined
        ? []
        : [
            {
              endpoint: [
                'images.show',
                'images.delete',
                'metadata.*',
                'glance.images.show',
                'glance.images.update',
                'glance.images.delete',
                'glance.images.upload',
                'glance.images.download',
                'glance.images.deactivate',
                'glance.images.reactivate',
                'glance.tags.*',
                'glance.members.*',
              ],
              imageId: firstListedImageId,
              status: 404,
            },
          ],
  },
  {
    name: 'metadata-quota',
    description:
      'Metadata quota errors: POST metadata is 413 overLimit "Image metadata limit exceeded" with Retry-After 0 (Nova before 2014, what old clients expect); PUT metadata and PUT metadata/{key} meet current Nova\'s real quota check with the quota at 0: 403 forbidden "Image metadata limit exceeded" (clearing with {} and deleting keys still work).',
    rules: () => [{ endpoint: 'metadata.create', status: 413, retryAfter: 0 }],
    metadataQuota: 0,
  },
  {
    name: 'flaky',
    description:
      'About 10% of API calls are 503 serviceUnavailable, and every request gets 0–250 ms of jitter.',
    rules: () => [
      { endpoint: '*', delayMs: [0, 250] },
      { endpoint: NOVA, status: 503, probability: 0.1 },
    ],
  },
  {
    name: 'slow',
    description:
      'Every request (Keystone included) waits 1–3 s before its normal answer: spinners and timeouts.',
    rules: () => [{ endpoint: '*', delayMs: [1000, 3000] }],
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((scenario) => scenario.name);

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

/** The metadata quota the scenario imposes, if any. */
export function scenarioMetadataQuota(name: string | null): number | undefined {
  return name === null ? undefined : findScenario(name)?.metadataQuota;
}
