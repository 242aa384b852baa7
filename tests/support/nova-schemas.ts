/**
 * Response validation against Nova's own JSON Schemas (draft 2020-12) in
 * `tests/reference/nova-schemas/`, plus the fault shape of behaviour spec §4.2.
 */

import type { ValidateFunction } from 'ajv';
import ajvModule from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { readReferenceJson } from './reference.ts';

export const RESPONSE_SCHEMAS = {
  'images.list': 'images-index.json',
  'images.detail': 'images-detail.json',
  'images.show': 'image-show.json',
  'metadata.list': 'metadata-index.json',
  'metadata.show': 'metadata-show.json',
  'metadata.create': 'metadata-create.json',
  'metadata.replace': 'metadata-update-all.json',
  'metadata.set': 'metadata-update.json',
} as const;
export type SchemaEndpoint = keyof typeof RESPONSE_SCHEMAS;

/** §4.2: `{"<faultName>": {"code": N, "message": "..."}}` (+ `retryAfter` for 413/429). */
const FAULT_SCHEMA = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: {
    type: 'object',
    properties: { code: { type: 'integer' }, message: { type: 'string' }, retryAfter: { type: 'string' } },
    required: ['code', 'message'],
    additionalProperties: false,
  },
};

// Both packages are CommonJS; under Node's ESM interop their classes sit on `.default`.
const ajv = new ajvModule.default({ allErrors: true, strict: false });
formatsModule.default(ajv);
const validators = new Map<string, ValidateFunction>();

function validatorFor(endpoint: SchemaEndpoint): ValidateFunction {
  const known = validators.get(endpoint);
  if (known) return known;
  const validate = ajv.compile(readReferenceJson(`nova-schemas/${RESPONSE_SCHEMAS[endpoint]}`) as object);
  validators.set(endpoint, validate);
  return validate;
}

/** Keystone's errors and keystonemiddleware's 401 (§6): `{"error": {"code", "title", "message"}}`. */
const KEYSTONE_ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'integer' }, title: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'title', 'message'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
};

const validateFault = ajv.compile(FAULT_SCHEMA);
const validateKeystoneError = ajv.compile(KEYSTONE_ERROR_SCHEMA);

/** Throws with ajv's errors when `body` is not a valid 200 body of `endpoint`. */
export function assertNovaResponse(endpoint: SchemaEndpoint, body: unknown): void {
  const validate = validatorFor(endpoint);
  if (!validate(body)) {
    throw new Error(`${endpoint} body violates Nova's schema: ${ajv.errorsText(validate.errors)}`);
  }
}

/** Throws when `body` is not a Nova fault for `status` (§4.2). */
export function assertNovaFault(status: number, body: unknown): void {
  if (!validateFault(body)) throw new Error(`not a Nova fault: ${ajv.errorsText(validateFault.errors)}`);
  const [detail] = Object.values(body as Record<string, { code: number }>);
  if (detail?.code !== status) throw new Error(`fault code ${detail?.code} differs from status ${status}`);
}

/** Throws when `body` is not Keystone's error shape for `status`. */
export function assertKeystoneError(status: number, body: unknown): void {
  if (!validateKeystoneError(body)) {
    throw new Error(`not a Keystone error: ${ajv.errorsText(validateKeystoneError.errors)}`);
  }
  const { code } = (body as { error: { code: number } }).error;
  if (code !== status) throw new Error(`error code ${code} differs from status ${status}`);
}
