/**
 * Glance validates image bodies against its image schema with python-jsonschema
 * (glance/schema.py `Schema.validate`) and puts jsonschema's whole error text in the 400:
 * the message, the failing sub-schema and the instance, both `pprint`ed. This checker covers the
 * keywords Glance's image and member schemas use, reporting the error python-jsonschema's
 * `best_match` would pick (the shallowest; the first of equals, in schema order).
 */
import { pyRepr } from '../nova/python-repr.ts';
import { glanceError } from './faults.ts';
import { pformat } from './pformat.ts';
import imageSchema from './schemas/image.json' with { type: 'json' };

type Schema = Readonly<Record<string, unknown>>;

interface SchemaError {
  message: string;
  validator: string;
  schema: Schema;
  schemaPath: (string | number)[];
  instance: unknown;
  path: (string | number)[];
}

const TYPE_CHECKS: Readonly<Record<string, (value: unknown) => boolean>> = {
  null: (value) => value === null,
  string: (value) => typeof value === 'string',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value),
  object: (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
};

/** Python's len() of a str counts code points. */
const codePoints = (text: string) => Array.from(text).length;

/** One keyword's check of one instance, at its place in the schema and the instance. */
interface Check {
  schema: Schema;
  instance: unknown;
  path: (string | number)[];
  schemaPath: (string | number)[];
  fail: (validator: string, message: string) => SchemaError;
}

const isObject = (value: unknown): value is Record<string, unknown> => TYPE_CHECKS.object?.(value) === true;

/** The keywords Glance's schemas use, each as python-jsonschema's validator for it words its errors. */
const KEYWORDS: Readonly<Record<string, (value: unknown, at: Check) => Iterable<SchemaError>>> = {
  *type(value, { instance, fail }) {
    const types = Array.isArray(value) ? (value as string[]) : [value as string];
    if (!types.some((type) => TYPE_CHECKS[type]?.(instance))) {
      yield fail(
        'type',
        `${pyRepr(instance)} is not of type ${types.map((type) => pyRepr(type)).join(', ')}`,
      );
    }
  },
  *enum(value, { instance, fail }) {
    if (!(value as unknown[]).some((option) => option === instance)) {
      yield fail('enum', `${pyRepr(instance)} is not one of ${pyRepr(value)}`);
    }
  },
  *maxLength(value, { instance, fail }) {
    if (typeof instance === 'string' && codePoints(instance) > (value as number)) {
      yield fail('maxLength', `${pyRepr(instance)} is too long`);
    }
  },
  *minLength(value, { instance, fail }) {
    if (typeof instance === 'string' && codePoints(instance) < (value as number)) {
      yield fail('minLength', `${pyRepr(instance)} is too short`);
    }
  },
  *pattern(value, { instance, fail }) {
    if (typeof instance === 'string' && !new RegExp(value as string, 'u').test(instance)) {
      yield fail('pattern', `${pyRepr(instance)} does not match ${pyRepr(value)}`);
    }
  },
  *items(value, { instance, path, schemaPath }) {
    if (!Array.isArray(instance)) return;
    for (const [index, item] of instance.entries()) {
      yield* check(value as Schema, item, [...path, index], [...schemaPath, 'items']);
    }
  },
  *properties(value, { instance, path, schemaPath }) {
    if (!isObject(instance)) return;
    for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
      if (Object.hasOwn(instance, name)) {
        yield* check(sub, instance[name], [...path, name], [...schemaPath, 'properties', name]);
      }
    }
  },
  *additionalProperties(value, { schema, instance, path, schemaPath, fail }) {
    if (!isObject(instance)) return;
    const known = (schema.properties ?? {}) as Record<string, unknown>;
    const extra = Object.keys(instance).filter((name) => !Object.hasOwn(known, name));
    if (value === false && extra.length > 0) {
      const listed = extra.map((name) => pyRepr(name)).join(', ');
      yield fail(
        'additionalProperties',
        `Additional properties are not allowed (${listed} ${extra.length === 1 ? 'was' : 'were'} unexpected)`,
      );
    } else if (typeof value === 'object' && value !== null) {
      for (const name of extra) {
        yield* check(
          value as Schema,
          instance[name],
          [...path, name],
          [...schemaPath, 'additionalProperties'],
        );
      }
    }
  },
  *required(value, { instance, fail }) {
    if (!isObject(instance)) return;
    for (const name of value as string[]) {
      if (!Object.hasOwn(instance, name)) yield fail('required', `${pyRepr(name)} is a required property`);
    }
  },
};

/** Every error of `instance` against `schema`, keyword by keyword in the schema's order. */
function* check(
  schema: Schema,
  instance: unknown,
  path: (string | number)[],
  schemaPath: (string | number)[],
): Generator<SchemaError> {
  const fail = (validator: string, message: string): SchemaError => ({
    message,
    validator,
    schema,
    schemaPath: [...schemaPath, validator],
    instance,
    path,
  });
  for (const [keyword, value] of Object.entries(schema)) {
    const validate = Object.hasOwn(KEYWORDS, keyword) ? KEYWORDS[keyword] : undefined;
    if (validate !== undefined) yield* validate(value, { schema, instance, path, schemaPath, fail });
  }
}

const index = (container: string, indices: readonly (string | number)[]) =>
  `${container}${indices.map((item) => `[${pyRepr(item)}]`).join('')}`;

const indented = (text: string) => text.split('\n').join('\n    ');

/** python-jsonschema's `str(ValidationError)`. */
function describe(error: SchemaError): string {
  return (
    `${error.message}\n\n` +
    `Failed validating ${pyRepr(error.validator)} in ${index('schema', error.schemaPath.slice(0, -1))}:\n` +
    `    ${indented(pformat(error.schema))}\n\n` +
    `On ${index('instance', error.path)}:\n` +
    `    ${indented(pformat(error.instance))}`
  );
}

/** The error `jsonschema.validate` raises (`best_match`), or undefined when the value is valid. */
export function firstSchemaError(schema: Schema, instance: unknown): string | undefined {
  let best: SchemaError | undefined;
  for (const error of check(schema, instance, [], [])) {
    if (best === undefined || error.path.length < best.path.length) best = error;
  }
  return best === undefined ? undefined : describe(best);
}

/** glance/schema.py `Schema.validate` for the image schema: a 400 with jsonschema's text. */
export function validateImageBody(body: Record<string, unknown>): void {
  const problem = firstSchemaError(imageSchema as Schema, body);
  if (problem !== undefined) {
    throw glanceError(400, `Provided object does not match schema 'image': ${problem}`);
  }
}
