/**
 * A record of a dataset file checked in its bytes, without JSON.parse: the check threads of a
 * large file parsed every record only to check it and drop it, and the parse alone was about
 * 8 µs a record (3.8–4.1 s of each thread's 4–4.4 s on its half of a million images). This check
 * reads the record as JSON.stringify writes it, as `generate` does — no blanks between tokens, no
 * escape in a string, each field once, integers without a sign, fraction or exponent — and
 * accepts only a record that JSON.parse would parse and validateRecord (dataset.ts) accept, every
 * field read by the same rules. What it does not accept, valid or not, goes through the parse
 * and validateRecord (dataset-lines.ts), which name any fault: a refusal is the same as before.
 */
import { isRealSecond, LOWERCASE_HEX, uuidHashOf } from './dataset.ts';
import { IMAGE_STATUSES, IMAGE_VISIBILITIES } from './types.ts';

/** The character codes of JSON's structure (the JSON stream reads them too). */
export const QUOTE = 34;
export const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

const STATUS_BYTES = IMAGE_STATUSES.map((status) => Buffer.from(status, 'latin1'));
const VISIBILITY_BYTES = IMAGE_VISIBILITIES.map((visibility) => Buffer.from(visibility, 'latin1'));

/** Bytes that end a string's quick read: its closing quote, an escape, a control character (which JSON refuses in a string). */
const STRING_STOP = new Uint8Array(256);
for (let byte = 0; byte < 32; byte++) STRING_STOP[byte] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/**
 * The position after the string that opens at `at` (a quote), or -1: no closing quote before
 * `end`, a control character or an escape. A byte from 0x80 on is part of a character, never a
 * quote or a backslash, however it decodes.
 */
function stringEnd(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end || bytes[at] !== QUOTE) return -1;
  let index = at + 1;
  while (index < end && STRING_STOP[bytes[index] as number] === 0) index++;
  return index < end && bytes[index] === QUOTE ? index + 1 : -1;
}

/** Whether the bytes at `at` are `word`. */
function isWord(bytes: Uint8Array, at: number, end: number, word: Uint8Array): boolean {
  if (at + word.length > end) return false;
  for (let index = 0; index < word.length; index++) if (bytes[at + index] !== word[index]) return false;
  return true;
}
const NULL = Buffer.from('null');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** The position after a string or `null` at `at`, or -1. */
function stringOrNullEnd(bytes: Uint8Array, at: number, end: number): number {
  if (isWord(bytes, at, end, NULL)) return at + 4;
  return stringEnd(bytes, at, end);
}

/** The position after a non-negative integer at `at` of up to 15 digits (a safe integer), no leading zero, or -1. */
function countEnd(bytes: Uint8Array, at: number, end: number): number {
  const first = bytes[at] as number;
  if (first === DIGIT_0) return at + 1;
  if (!(first > DIGIT_0 && first <= DIGIT_9)) return -1;
  let index = at + 1;
  while (index < end && (bytes[index] as number) >= DIGIT_0 && (bytes[index] as number) <= DIGIT_9) index++;
  return index - at <= 15 ? index : -1;
}

/** The position after a string at `at` that is one of `words`, or -1. */
function oneOfEnd(bytes: Uint8Array, at: number, end: number, words: readonly Uint8Array[]): number {
  const after = stringEnd(bytes, at, end);
  if (after < 0) return -1;
  const length = after - at - 2;
  for (const word of words)
    if (word.length === length && isWord(bytes, at + 1, after - 1, word)) return after;
  return -1;
}

/** The position after a string at `at` of `min` to `max` lowercase hex digits, or -1. */
function hexEnd(bytes: Uint8Array, at: number, end: number, min: number, max: number): number {
  if (bytes[at] !== QUOTE) return -1;
  let index = at + 1;
  while (index < end && LOWERCASE_HEX[bytes[index] as number] === 1) index++;
  const digits = index - at - 1;
  return bytes[index] === QUOTE && index < end && digits >= min && digits <= max ? index + 1 : -1;
}

/** The position after a JSON object of string or null values at `at`, or -1. */
function propertiesEnd(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] !== OPEN_BRACE) return -1;
  let index = at + 1;
  if (bytes[index] === CLOSE_BRACE) return index + 1;
  for (;;) {
    index = stringEnd(bytes, index, end);
    if (index < 0 || bytes[index] !== COLON) return -1;
    index = stringOrNullEnd(bytes, index + 1, end);
    if (index < 0 || index >= end) return -1;
    const next = bytes[index++];
    if (next === CLOSE_BRACE) return index;
    if (next !== COMMA) return -1;
  }
}

/** The position after a JSON array of strings at `at`, or -1. */
function stringListEnd(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] !== OPEN_BRACKET) return -1;
  let index = at + 1;
  if (bytes[index] === CLOSE_BRACKET) return index + 1;
  for (;;) {
    index = stringEnd(bytes, index, end);
    if (index < 0 || index >= end) return -1;
    const next = bytes[index++];
    if (next === CLOSE_BRACKET) return index;
    if (next !== COMMA) return -1;
  }
}

function twoDigits(bytes: Uint8Array, at: number): number {
  const tens = (bytes[at] as number) - DIGIT_0;
  const units = (bytes[at + 1] as number) - DIGIT_0;
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN;
}

/** The position after a string at `at` of `YYYY-MM-DDTHH:MM:SSZ` naming a real second (validateRecord's timestamps), or -1. */
function timestampEnd(bytes: Uint8Array, at: number, end: number): number {
  const text = at + 1;
  if (
    at + 22 > end ||
    bytes[at] !== QUOTE ||
    bytes[text + 20] !== QUOTE ||
    bytes[text + 4] !== 45 || // -
    bytes[text + 7] !== 45 ||
    bytes[text + 10] !== 84 || // T
    bytes[text + 13] !== 58 || // :
    bytes[text + 16] !== 58 ||
    bytes[text + 19] !== 90 // Z
  )
    return -1;
  return isRealSecond(
    twoDigits(bytes, text) * 100 + twoDigits(bytes, text + 2),
    twoDigits(bytes, text + 5),
    twoDigits(bytes, text + 8),
    twoDigits(bytes, text + 11),
    twoDigits(bytes, text + 14),
    twoDigits(bytes, text + 17),
  )
    ? at + 22
    : -1;
}

const idEnd: ValueEnd = (bytes, at, end) =>
  bytes[at] === QUOTE && bytes[at + 37] === QUOTE && at + 38 <= end ? at + 38 : -1;
const statusEnd: ValueEnd = (bytes, at, end) => oneOfEnd(bytes, at, end, STATUS_BYTES);
const visibilityEnd: ValueEnd = (bytes, at, end) => oneOfEnd(bytes, at, end, VISIBILITY_BYTES);
const booleanEnd: ValueEnd = (bytes, at, end) => {
  if (isWord(bytes, at, end, TRUE)) return at + 4;
  return isWord(bytes, at, end, FALSE) ? at + 5 : -1;
};
const countOrNullEnd: ValueEnd = (bytes, at, end) =>
  isWord(bytes, at, end, NULL) ? at + 4 : countEnd(bytes, at, end);
const checksumEnd: ValueEnd = (bytes, at, end) =>
  isWord(bytes, at, end, NULL) ? at + 4 : hexEnd(bytes, at, end, 32, 32);
const hashValueEnd: ValueEnd = (bytes, at, end) =>
  isWord(bytes, at, end, NULL) ? at + 4 : hexEnd(bytes, at, end, 1, 128);

/** The position after a field's value at `at`, or -1 when it is not one validateRecord accepts (or not in the compact form). */
type ValueEnd = (bytes: Uint8Array, at: number, end: number) => number;

/** Each field of a record (validateRecord's REQUIRED_FIELDS and OPTIONAL_FIELDS), its value and whether it is required. */
const FIELDS: readonly (readonly [name: string, valueEnd: ValueEnd, required: boolean])[] = [
  ['id', idEnd, true],
  ['name', stringOrNullEnd, true],
  ['status', statusEnd, true],
  ['visibility', visibilityEnd, true],
  ['owner', stringOrNullEnd, true],
  ['protected', booleanEnd, true],
  ['os_hidden', booleanEnd, true],
  ['min_ram', countEnd, true],
  ['min_disk', countEnd, true],
  ['size', countOrNullEnd, true],
  ['created_at', timestampEnd, true],
  ['updated_at', timestampEnd, true],
  ['properties', propertiesEnd, true],
  ['deleted', booleanEnd, false],
  ['members', stringListEnd, false],
  ['pending_members', stringListEnd, false],
  ['rejected_members', stringListEnd, false],
  ['disk_format', stringOrNullEnd, false],
  ['container_format', stringOrNullEnd, false],
  ['checksum', checksumEnd, false],
  ['os_hash_algo', stringOrNullEnd, false],
  ['os_hash_value', hashValueEnd, false],
  ['virtual_size', countOrNullEnd, false],
  ['tags', stringListEnd, false],
];
const FIELD_BYTES = FIELDS.map(([name]) => Buffer.from(name, 'latin1'));
const VALUE_ENDS = FIELDS.map(([, valueEnd]) => valueEnd);
const REQUIRED = FIELDS.reduce((bits, [, , required], field) => (required ? bits | (1 << field) : bits), 0);
const ID = 0;
const CREATED_AT = 10;

/**
 * Each field + 1 by its name's length and first two letters (which tell every field apart), at
 * fieldSlot; 0 for no field.
 */
const FIELD_AT_SLOT = new Uint8Array(1 << 15);
const fieldSlot = (bytes: Uint8Array, start: number, length: number): number =>
  (length << 10) | (((bytes[start] as number) & 31) << 5) | ((bytes[start + 1] as number) & 31);
for (const [field, name] of FIELD_BYTES.entries()) FIELD_AT_SLOT[fieldSlot(name, 0, name.length)] = field + 1;

/**
 * What the check read of the last record it accepted: its id (and the id table's hash of it) and
 * its created_at, as the strings JSON.parse would make of them.
 */
export class RecordInBytes {
  id = '';
  idHash = 0;
  createdAt = '';

  /**
   * Whether `bytes` from `start` to before `end` are one record (`{…}`, nothing around it) that
   * JSON.parse would parse and validateRecord accept; false when it is not known to be.
   */
  accepts(bytes: Buffer, start: number, end: number): boolean {
    if (bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) return false;
    let seen = 0;
    let at = start + 1;
    let idAt = -1;
    let createdAt = -1;
    for (;;) {
      const keyEnd = stringEnd(bytes, at, end);
      if (keyEnd < 0 || bytes[keyEnd] !== COLON) return false;
      const length = keyEnd - at - 2;
      const field =
        length >= 2 && length < 32 ? (FIELD_AT_SLOT[fieldSlot(bytes, at + 1, length)] as number) - 1 : -1;
      if (field < 0 || (seen & (1 << field)) !== 0) return false;
      if (!isWord(bytes, at + 1, keyEnd - 1, FIELD_BYTES[field] as Uint8Array)) return false;
      seen |= 1 << field;
      const valueAt = keyEnd + 1;
      if (field === ID) idAt = valueAt + 1;
      else if (field === CREATED_AT) createdAt = valueAt + 1;
      at = (VALUE_ENDS[field] as ValueEnd)(bytes, valueAt, end);
      if (at < 0 || at >= end) return false;
      const next = bytes[at++];
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) return false;
    }
    if (at !== end || (seen & REQUIRED) !== REQUIRED) return false;
    const id = bytes.toString('latin1', idAt, idAt + 36);
    const hash = uuidHashOf(id);
    if (hash === undefined) return false;
    this.id = id;
    this.idHash = hash;
    this.createdAt = bytes.toString('latin1', createdAt, createdAt + 20);
    return true;
  }
}
