/**
 * The check threads' walk of bytes (LineWalk.feedBytes: RecordInBytes, or the parse where it
 * declines) against the walk of the same file's text (LineWalk.feed: JSON.parse and
 * validateRecord on every record), on seeded mutations of generated records aimed at each rule
 * the byte check reads (numbers, strings and their escapes, bytes that are no UTF-8, keys twice,
 * key order, nulls, nested values, blanks, `__proto__`/`constructor`, ids, timestamps, the
 * dataset layout's commas): the same records, the same ids and created_at, the same places in
 * bytes, the same refusal with the same message.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { seededBelow } from '../tests/support/seeded.ts';
import { validateRecord } from './dataset.ts';
import { decodedLines, type LineLayout, LineWalk, type PartEnd } from './dataset-lines.ts';
import { RecordInBytes } from './dataset-record-bytes.ts';
import type { ImageRecord } from './types.ts';

interface Walked {
  records: string[];
  ids: string[];
  createdAt: string[];
  /** Where each record is, in bytes of the file (only when its bytes are UTF-8, which places need). */
  places?: [number, number][];
  refusal?: string;
  /** What the walk found at its end (partsJoin's input), when it was not refused. */
  end?: PartEnd;
}

const refusalOf = (error: unknown) => `${(error as Error).constructor.name}: ${(error as Error).message}`;

/** The file walked as its text, as every other reader of a line layout walks it. */
function walkedAsText(bytes: Buffer, utf8: boolean, continues?: LineLayout): Walked {
  const text = decodedLines(bytes);
  const walked: Walked = { records: [], ids: [], createdAt: [], places: [] };
  const walk = new LineWalk(
    (record, start, end) => {
      walked.records.push(JSON.stringify(JSON.parse(text.slice(start, end))));
      walked.ids.push(record.id);
      walked.createdAt.push(record.created_at);
      walked.places?.push([Buffer.byteLength(text.slice(0, start)), Buffer.byteLength(text.slice(0, end))]);
    },
    true,
    continues,
  );
  try {
    walk.feed(text);
    walked.end = walk.partEnd();
    if (continues === undefined) walk.finish();
  } catch (error) {
    walked.refusal = refusalOf(error);
  }
  if (!utf8) {
    delete walked.places;
    walked.records = [];
  }
  return walked;
}

/** The file walked in its bytes, as a check thread walks a chunk. */
function walkedAsBytes(bytes: Buffer, utf8: boolean, continues?: LineLayout): Walked {
  const walked: Walked = { records: [], ids: [], createdAt: [], places: [] };
  const walk = new LineWalk(() => {}, true, continues);
  try {
    walk.feedBytes(bytes, (start, end, createdAt, id) => {
      // Bytes that are no UTF-8 have no places (a check thread that locates refuses them: NotLineLayout).
      if (utf8) walked.records.push(JSON.stringify(JSON.parse(decodedLines(bytes.subarray(start, end)))));
      walked.ids.push(id);
      walked.createdAt.push(createdAt);
      walked.places?.push([start, end]);
    });
    walked.end = walk.partEnd();
    if (continues === undefined) walk.finish();
  } catch (error) {
    walked.refusal = refusalOf(error);
  }
  if (!utf8) delete walked.places;
  return walked;
}

const generated = generateDataset({ seed: 11, count: 300 }).map((record) => JSON.stringify(record));

/** Values aimed at each kind of field the byte check reads. */
const NUMBERS = [
  '0',
  '-0',
  '1',
  '01',
  '00',
  '1e2',
  '1E2',
  '1.0',
  '1.',
  '.5',
  '-1',
  '+1',
  '999999999999999',
  '1000000000000000',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '1e400',
  '123456789012345678901234567890',
  'null',
  'true',
  '"1"',
  '[]',
  '{}',
  'NaN',
  'Infinity',
];
const STRINGS = [
  '""',
  '"a"',
  '"\\""',
  '"\\\\"',
  '"\\/"',
  '"\\u0041"',
  '"\\u00e9"',
  '"\\ud83d\\ude80"',
  '"\\ud800"',
  '"\\udc00x"',
  '"\\u12"',
  '"\\x41"',
  '"\\n"',
  '"a\tb"',
  '"a\u0001b"',
  '"a\u007fb"',
  '"é"',
  '"🚀"',
  '"\u2028"',
  '"\ufeff"',
  'null',
  '1',
  'true',
  '[]',
  '{}',
  '"a',
  'nul',
  '"\\"',
];
const TIMES = [
  '"2025-01-01T00:00:00Z"',
  '"2024-02-29T23:59:59Z"',
  '"2023-02-29T00:00:00Z"',
  '"1900-02-29T00:00:00Z"',
  '"2000-02-29T00:00:00Z"',
  '"0000-02-29T00:00:00Z"',
  '"2025-13-01T00:00:00Z"',
  '"2025-00-01T00:00:00Z"',
  '"2025-01-00T00:00:00Z"',
  '"2025-04-31T00:00:00Z"',
  '"2025-01-01T24:00:00Z"',
  '"2025-01-01T23:60:00Z"',
  '"2025-01-01T23:59:60Z"',
  '"2025-01-01 00:00:00Z"',
  '"2025-01-01T00:00:00z"',
  '"2025-01-01T00:00:00.000Z"',
  '"2025-01-01T00:00:00+00:00"',
  '"２025-01-01T00:00:00Z"',
  '"2025-01-01T00:00:0\\u0030Z"',
  'null',
  '"2025-01-01T00:00:00Z',
  '"2025-01-01T00:00:00Z""',
];
const IDS = [
  '"00000000-0000-4000-8000-000000000001"',
  '"00000000-0000-4000-8000-00000000000A"',
  '"00000000-0000-4000-8000-00000000000"',
  '"00000000-0000-4000-8000-0000000000001"',
  '"00000000-0000-4000-8000x000000000001"',
  '"00000000-0000-4000-8000-00000000000\\u0031"',
  '"00000000-0000-4000-8000-00000000000é"',
  '"00000000-0000-4000-8000-0000000000\\"1"',
  '"000000000000-4000-8000-0000-00000001"',
  'null',
  '1',
  '"g0000000-0000-4000-8000-000000000001"',
];
const ENUMS = [
  '"active"',
  '"queued"',
  '"saving"',
  '"killed"',
  '"deleted"',
  '"pending_delete"',
  '"deactivated"',
  '"uploading"',
  '"importing"',
  '"Active"',
  '"activ"',
  '"actives"',
  '"public"',
  '"private"',
  '"shared"',
  '"community"',
  '"Public"',
  '"\\u0061ctive"',
  'null',
  '""',
];
const HEX = [
  'null',
  '""',
  '"a"',
  `"${'a'.repeat(32)}"`,
  `"${'a'.repeat(31)}"`,
  `"${'A'.repeat(32)}"`,
  `"${'0123456789abcdef'.repeat(8)}"`,
  `"${'a'.repeat(129)}"`,
  `"${'g'.repeat(32)}"`,
  '"\\u0061"',
  '1',
];
const LISTS = [
  '[]',
  '["a"]',
  '["a","b"]',
  '["a",]',
  '[,]',
  '[null]',
  '[1]',
  '["a" ]',
  '[ "a"]',
  '[["a"]]',
  '{}',
  'null',
  '"a"',
  '["\\u0061"]',
  '["é"]',
];
const OBJECTS = [
  '{}',
  '{"a":"b"}',
  '{"a":null}',
  '{"a":1}',
  '{"a":{}}',
  '{"a":["b"]}',
  '{"a":true}',
  '{"a":"b","a":1}',
  '{"a":1,"a":"b"}',
  '{"__proto__":"x"}',
  '{"__proto__":{}}',
  '{"constructor":"x"}',
  '{"":"é"}',
  '{"a":"b",}',
  '{,}',
  '{"a" :"b"}',
  '{"a": "b"}',
  '{"\\u0061":"b"}',
  '{"a":"b"}}',
  '[]',
  'null',
  '{"a"}',
];
const BOOLEANS = ['true', 'false', 'null', '0', '"true"', 'True', 'tru', 'truee'];
const FIELD_VALUES: Readonly<Record<string, readonly string[]>> = {
  id: IDS,
  name: STRINGS,
  status: ENUMS,
  visibility: ENUMS,
  owner: STRINGS,
  protected: BOOLEANS,
  os_hidden: BOOLEANS,
  min_ram: NUMBERS,
  min_disk: NUMBERS,
  size: NUMBERS,
  created_at: TIMES,
  updated_at: TIMES,
  properties: OBJECTS,
  deleted: BOOLEANS,
  members: LISTS,
  pending_members: LISTS,
  rejected_members: LISTS,
  disk_format: STRINGS,
  container_format: STRINGS,
  checksum: HEX,
  os_hash_algo: STRINGS,
  os_hash_value: HEX,
  virtual_size: NUMBERS,
  tags: LISTS,
};
const FIELDS = Object.keys(FIELD_VALUES);
const KEYS = [
  ...FIELDS,
  '__proto__',
  'constructor',
  'extra',
  'ID',
  'idx',
  'i',
  '',
  'nam\\u0065',
  'namé',
  'images',
];
const BLANKS = [' ', '\t', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u0085', '\u001f'];
/** Bytes that are no UTF-8: lone continuation bytes, sequences cut short, overlong forms, surrogates in UTF-8. */
const BAD_BYTES = [
  [0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xc0, 0xa2],
  [0xed, 0xa0, 0x80],
  [0xff],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2],
];

/** A record's text as its members (key and value text), in the compact form. */
function members(text: string): [string, string][] {
  const record = JSON.parse(text) as Record<string, unknown>;
  return Object.entries(record).map(([key, value]) => [JSON.stringify(key), JSON.stringify(value)]);
}
const joined = (parts: [string, string][]) => `{${parts.map(([key, value]) => `${key}:${value}`).join(',')}}`;

/** One mutation of a record's text, aimed at one of the byte check's rules; the text may be no JSON. */
function mutated(text: string, random: (below: number) => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;
  const parts = members(text);
  const at = random(parts.length);
  const part = parts[at] as [string, string];
  switch (random(12)) {
    case 0: // another value of the field's kind (or of another kind)
      part[1] = pick(FIELD_VALUES[pick([JSON.parse(part[0]) as string, pick(FIELDS)])] ?? STRINGS);
      return Buffer.from(joined(parts));
    case 1: {
      // a key twice: JSON.parse keeps the last value
      const key = pick(FIELDS);
      const value = pick(FIELD_VALUES[key] as readonly string[]);
      parts.splice(random(parts.length + 1), 0, [JSON.stringify(key), value]);
      return Buffer.from(joined(parts));
    }
    case 2: {
      // the fields in another order
      for (let index = parts.length - 1; index > 0; index--) {
        const other = random(index + 1);
        [parts[index], parts[other]] = [parts[other] as [string, string], parts[index] as [string, string]];
      }
      return Buffer.from(joined(parts));
    }
    case 3: // a field left out, or one added under another key
      if (random(2) === 0) parts.splice(at, 1);
      else parts.splice(at, 0, [JSON.stringify(pick(KEYS)).replace(/\\\\/g, '\\'), pick(STRINGS)]);
      return Buffer.from(joined(parts));
    case 4: // a key renamed
      part[0] = `"${pick(KEYS)}"`;
      return Buffer.from(joined(parts));
    case 5: {
      // a blank somewhere between the tokens (or inside one)
      const whole = joined(parts);
      const where = random(whole.length + 1);
      return Buffer.from(whole.slice(0, where) + pick(BLANKS) + whole.slice(where));
    }
    case 6: {
      // bytes that are no UTF-8 inside a string or anywhere
      const whole = Buffer.from(joined(parts));
      const where = random(2) === 0 ? whole.indexOf('"name":"') + 8 : random(whole.length + 1);
      return Buffer.concat([whole.subarray(0, where), Buffer.from(pick(BAD_BYTES)), whole.subarray(where)]);
    }
    case 7: // null for a field
      part[1] = 'null';
      return Buffer.from(joined(parts));
    case 8: {
      // properties with nested, duplicate or odd keys
      const properties = parts.find(([key]) => key === '"properties"');
      if (properties) properties[1] = pick(OBJECTS);
      return Buffer.from(joined(parts));
    }
    case 9: {
      // one byte changed, dropped or added
      const whole = Buffer.from(joined(parts));
      const where = random(whole.length);
      const byte = pick(
        [...'"\\{}[],:0-e.nulltruefalse'].map((c) => c.charCodeAt(0)).concat([0, 9, 10, 0x7f, 0xc3]),
      );
      const kind = random(3);
      if (kind === 0) whole[where] = byte;
      return kind === 0
        ? whole
        : Buffer.concat([
            whole.subarray(0, where),
            kind === 1 ? Buffer.alloc(0) : Buffer.from([byte]),
            whole.subarray(where + 1 - (kind === 2 ? 1 : 0)),
          ]);
    }
    case 10: // the record cut short, or followed by something
      return random(2) === 0
        ? Buffer.from(joined(parts).slice(0, random(text.length)))
        : Buffer.from(joined(parts) + pick(['}', ']', ',', 'x', ' ', '{}', '\\', '"']));
    default: // a string value with an escape or a raw character
      part[1] = pick(STRINGS);
      return Buffer.from(joined(parts));
  }
}

/** Whether JSON.parse and validateRecord take the text, and what they read. */
function parsed(bytes: Buffer): { id: string; createdAt: string } | undefined {
  try {
    const value = JSON.parse(decodedLines(bytes)) as ImageRecord;
    validateRecord(value, 'images[0]');
    return { id: value.id, createdAt: value.created_at };
  } catch {
    return undefined;
  }
}

describe('RecordInBytes against JSON.parse and validateRecord, on aimed mutations', () => {
  it('accepts only what the parse takes, reading its id and created_at', () => {
    const random = seededBelow(20261202);
    const check = new RecordInBytes();
    let accepted = 0;
    let valid = 0;
    for (let round = 0; round < 20_000; round++) {
      let bytes: Buffer = Buffer.from(generated[random(generated.length)] as string);
      for (let edits = 1 + random(2); edits > 0; edits--) {
        try {
          bytes = mutated(decodedLines(bytes), random);
        } catch {
          break; // no longer JSON: mutated by members() no further
        }
      }
      const framed = Buffer.concat([Buffer.from(',\n'), bytes, Buffer.from(',\n{')]);
      const inBytes = check.accepts(framed, 2, 2 + bytes.length);
      const byParse = parsed(bytes);
      if (byParse) valid++;
      if (!inBytes) continue;
      accepted++;
      expect({ text: bytes.toString('latin1'), read: byParse }).toEqual({
        text: bytes.toString('latin1'),
        read: { id: check.id, createdAt: check.createdAt },
      });
    }
    // Both sides reached.
    expect(accepted).toBeGreaterThan(2_500);
    expect(valid - accepted).toBeGreaterThan(500);
  });

  it('walks a file in its bytes as in its text: same records, places, ids, created_at and refusal', () => {
    const random = seededBelow(7);
    let refused = 0;
    for (let round = 0; round < 3_000; round++) {
      const layout = random(2) === 0 ? 'dataset' : 'ndjson';
      const lines: Buffer[] = [];
      const count = 1 + random(6);
      for (let index = 0; index < count; index++) {
        let bytes: Buffer = Buffer.from(generated[random(generated.length)] as string);
        if (random(3) === 0) bytes = mutated(bytes.toString('latin1'), random);
        const around = random(4) === 0 ? Buffer.from(random(2) ? ' \r' : '\t') : Buffer.alloc(0);
        const comma = layout === 'dataset' && (index < count - 1 ? random(20) !== 0 : random(20) === 0);
        lines.push(Buffer.concat([around, bytes, Buffer.from(comma ? ',' : ''), around]));
        if (random(10) === 0) lines.push(Buffer.from(pick(['', ' ', '\r'])));
      }
      if (layout === 'dataset') {
        lines.unshift(Buffer.from(random(5) === 0 ? '{ "images" : [ ' : '{"images": ['));
        if (random(20) !== 0) lines.push(Buffer.from(']}'));
      }
      const file = Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]));
      const utf8 = Buffer.from(file.toString('utf8')).equals(file);
      const asText = walkedAsText(file, utf8);
      if (asText.refusal) refused++;
      expect({ file: file.toString('latin1'), walked: walkedAsBytes(file, utf8) }).toEqual({
        file: file.toString('latin1'),
        walked: asText,
      });
      // The later part of the file, as the second check thread walks it (from a line's start on).
      const cut = file.indexOf(10, random(file.length)) + 1;
      if (cut > 0) {
        const rest = file.subarray(cut);
        expect({ rest: rest.toString('latin1'), walked: walkedAsBytes(rest, utf8, layout) }).toEqual({
          rest: rest.toString('latin1'),
          walked: walkedAsText(rest, utf8, layout),
        });
      }
    }
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2_700);

    function pick<T>(list: readonly T[]): T {
      return list[random(list.length)] as T;
    }
  });
});
