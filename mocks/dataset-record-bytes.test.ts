/**
 * RecordInBytes against JSON.parse and validateRecord: it accepts the generator's records as they
 * are written, reading the id and created_at the parse would, and never a record the parse or
 * validateRecord refuses — on hand-picked breaks of each field's rule and on thousands of random
 * edits of generated records.
 */
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';
import { testRecord } from '../tests/support/records.ts';
import { validateRecord } from './dataset.ts';
import { RecordInBytes } from './dataset-record-bytes.ts';
import type { ImageRecord } from './types.ts';

/** What the check says of `text` (placed inside other bytes, as a line of a chunk is), and what it read. */
function checked(text: string): { accepted: boolean; id?: string; createdAt?: string } {
  const bytes = Buffer.from(`,\n${text},\n{`);
  const check = new RecordInBytes();
  const start = 2;
  const accepted = check.accepts(bytes, start, bytes.length - 3);
  return accepted ? { accepted, id: check.id, createdAt: check.createdAt } : { accepted };
}

/** Whether JSON.parse and validateRecord take the text. */
function valid(text: string): boolean {
  try {
    validateRecord(JSON.parse(text), 'images[0]');
    return true;
  } catch {
    return false;
  }
}

const line = (record: object) => JSON.stringify(record);
const generated = generateDataset({ seed: 7, count: 2000 });

describe('RecordInBytes', () => {
  it("accepts every record as the generator writes it, reading the parse's id and created_at", () => {
    for (const record of generated)
      expect(checked(line(record))).toEqual({ accepted: true, id: record.id, createdAt: record.created_at });
  });

  it('accepts every optional field, in any order, null where validateRecord allows it', () => {
    const full = testRecord(1, {
      deleted: true,
      members: ['a', 'b'],
      pending_members: [],
      rejected_members: ['c'],
      disk_format: null,
      container_format: 'bare',
      checksum: 'a'.repeat(32),
      os_hash_algo: null,
      os_hash_value: '0123456789abcdef'.repeat(8),
      virtual_size: null,
      tags: ['x', 'y "quoted" no'.replace(/"/g, "'")],
      properties: { __proto__: 'x', ü: null, '': 'é' } as Record<string, string | null>,
    });
    const reversed = Object.fromEntries(Object.entries(full).reverse());
    for (const record of [full, reversed, testRecord(2, { size: null, name: null, owner: null })])
      expect(checked(line(record)).accepted).toBe(true);
  });

  const breaks: [string, string][] = [
    ['a negative integer', line(testRecord(1, { min_ram: -1 }))],
    ['a fraction', line(testRecord(1)).replace('"min_disk":0', '"min_disk":0.5')],
    ['a leading zero', line(testRecord(1)).replace('"min_disk":0', '"min_disk":01')],
    ['an integer past 2^53', line(testRecord(1)).replace('"min_disk":0', '"min_disk":9007199254740993')],
    ['a status of another case', line(testRecord(1)).replace('"active"', '"Active"')],
    ['an unknown visibility', line(testRecord(1)).replace('"public"', '"publicx"')],
    ['February 30th', line(testRecord(1, { created_at: '2025-02-30T00:00:00Z' }))],
    ['hour 24', line(testRecord(1, { updated_at: '2025-01-01T24:00:00Z' }))],
    ['a time without its Z', line(testRecord(1, { created_at: '2025-01-01T00:00:00+' }))],
    ['an uppercase id', line(testRecord(1, { id: '00000000-0000-4000-8000-00000000000A' }))],
    ['an id without a dash', line(testRecord(1, { id: '00000000-0000-4000-8000x000000000001' }))],
    ['an uppercase checksum', line(testRecord(1, { checksum: 'A'.repeat(32) }))],
    ['a checksum of 31 digits', line(testRecord(1, { checksum: 'a'.repeat(31) }))],
    ['a hash of 129 digits', line(testRecord(1, { os_hash_value: 'a'.repeat(129) }))],
    ['an empty hash', line(testRecord(1, { os_hash_value: '' }))],
    ['a number among the properties', line(testRecord(1, { properties: { a: 1 } as never }))],
    ['a nested property', line(testRecord(1, { properties: { a: {} } as never }))],
    ['a number among the tags', line(testRecord(1, { tags: [1] as never }))],
    ['members null', line(testRecord(1, { members: null as never }))],
    ['deleted null', line(testRecord(1, { deleted: null as never }))],
    ['protected as a string', line(testRecord(1, { protected: 'false' as never }))],
    ['an unknown field', line({ ...testRecord(1), extra: 1 })],
    ['`__proto__` as a field', line(testRecord(1)).replace('{', '{"__proto__":{},')],
    ['a missing field', line({ ...testRecord(1), size: undefined })],
    ['a field twice', line(testRecord(1)).replace('{', '{"status":"killed",')],
    ['a control character in a name', line(testRecord(1, { name: 'a\tb' })).replace('\\t', '\t')],
    ['an escape in a name', line(testRecord(1, { name: 'a"b' }))],
    ['blanks between tokens', JSON.stringify(testRecord(1), null, 1).replace(/\n/g, '')],
    ['a list, not an object', `[${line(testRecord(1))}]`],
    ['text after the record', `${line(testRecord(1))}x`],
    ['a record cut short', line(testRecord(1)).slice(0, -1)],
  ];
  it.each(breaks)('leaves %s to the parse', (_, text) => {
    expect(checked(text).accepted).toBe(false);
  });

  it('never accepts a record that JSON.parse or validateRecord refuses, over random edits of generated records', () => {
    // A seeded generator, so that a failure comes back the same.
    let seed = 12345;
    const random = (below: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % below;
    };
    const alphabet = '0123456789abcdefA-:TZ."\\{}[],: \t\u0001nulltruefalse-e+é';
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < 20_000; round++) {
      const text = line(generated[random(generated.length)] as ImageRecord);
      let edited = text;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(edited.length);
        const kind = random(3);
        const character = alphabet[random(alphabet.length)] as string;
        edited =
          kind === 0
            ? edited.slice(0, at) + character + edited.slice(at + 1)
            : kind === 1
              ? edited.slice(0, at) + edited.slice(at + 1)
              : edited.slice(0, at) + character + edited.slice(at);
      }
      const verdict = checked(edited);
      if (!verdict.accepted) {
        refused++;
        continue;
      }
      accepted++;
      expect([edited, valid(edited)]).toEqual([edited, true]);
      const parsed = JSON.parse(edited) as ImageRecord;
      expect(verdict).toEqual({ accepted: true, id: parsed.id, createdAt: parsed.created_at });
    }
    // Both sides reached: edits in names, sizes and properties stay valid, most others do not.
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(5000);
  });
});
