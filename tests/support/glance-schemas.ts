/**
 * Response validation against Glance's own schema documents (recorded from the real Glance's
 * `/v2/schemas/*` into mocks/glance-api/schemas/), and the shapes of WebOb's error bodies.
 */
import ajvModule, { type ValidateFunction } from 'ajv';
import imageSchema from '../../mocks/glance-api/schemas/image.json' with { type: 'json' };
import imagesSchema from '../../mocks/glance-api/schemas/images.json' with { type: 'json' };
import memberSchema from '../../mocks/glance-api/schemas/member.json' with { type: 'json' };
import membersSchema from '../../mocks/glance-api/schemas/members.json' with { type: 'json' };

export type GlanceSchemaName = 'image' | 'images' | 'member' | 'members';

/** WebOb's JSON error body: `{"message", "code": "404 Not Found", "title"}`. */
const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    code: { type: 'string', pattern: '^[1-5][0-9]{2} ' },
    title: { type: 'string' },
  },
  required: ['message', 'code', 'title'],
  additionalProperties: false,
};

// CommonJS under Node's ESM interop: the class sits on `.default`. Glance's documents carry
// non-validating keys (`name`, `links`), hence not strict.
const ajv = new ajvModule.default({ allErrors: true, strict: false });
const validators: Record<GlanceSchemaName | 'error', ValidateFunction> = {
  image: ajv.compile(imageSchema),
  images: ajv.compile(imagesSchema),
  member: ajv.compile(memberSchema),
  members: ajv.compile(membersSchema),
  error: ajv.compile(ERROR_SCHEMA),
};

export function assertGlanceDocument(name: GlanceSchemaName | 'error', body: unknown): void {
  const validate = validators[name];
  if (!validate(body)) {
    throw new Error(
      `not a Glance ${name} document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`,
    );
  }
}

const ROUTES: readonly [string, RegExp, GlanceSchemaName][] = [
  ['GET', /\/v2\/images$/, 'images'],
  ['POST', /\/v2\/images$/, 'image'],
  ['GET', /\/v2\/images\/[^/]+$/, 'image'],
  ['PATCH', /\/v2\/images\/[^/]+$/, 'image'],
  ['GET', /\/v2\/images\/[^/]+\/members$/, 'members'],
  ['POST', /\/v2\/images\/[^/]+\/members$/, 'member'],
  ['GET', /\/v2\/images\/[^/]+\/members\/[^/]+$/, 'member'],
  ['PUT', /\/v2\/images\/[^/]+\/members\/[^/]+$/, 'member'],
];

/**
 * Checks a Glance response a test received: success bodies against Glance's schema for the
 * endpoint, JSON errors against WebOb's error shape, 204s for emptiness.
 */
export function assertGlanceResponse(
  method: string,
  path: string,
  status: number,
  contentType: string,
  text: string,
): void {
  if (status === 204) {
    if (text !== '') throw new Error(`a 204 with a body: ${text.slice(0, 100)}`);
    return;
  }
  if (!contentType.startsWith('application/json')) return;
  const body = JSON.parse(text) as unknown;
  if (status >= 400) {
    assertGlanceDocument('error', body);
    return;
  }
  const schema = ROUTES.find(([routeMethod, pattern]) => routeMethod === method && pattern.test(path))?.[2];
  if (schema !== undefined && status < 300) assertGlanceDocument(schema, body);
}

export interface GlanceReply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

/** fetch for Glance tests: reads the reply once and validates it (assertGlanceResponse). */
export async function glanceFetch(url: string, init: RequestInit = {}): Promise<GlanceReply> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  assertGlanceResponse(init.method ?? 'GET', new URL(url).pathname, response.status, contentType, text);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: contentType.startsWith('application/json') && text !== '' ? JSON.parse(text) : undefined,
  };
}
