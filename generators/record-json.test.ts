import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../mocks/types.ts';
import { ByteSink } from './byte-sink.ts';
import { datasetSlice } from './dataset.ts';
import { writeDrawnRecord } from './record-json.ts';

function written(write: (sink: ByteSink) => void, room = 16): string {
  // A small first buffer, so that growing is exercised too.
  const sink = new ByteSink(new ArrayBuffer(room));
  write(sink);
  return sink.written().toString('utf8');
}

const HOSTILE_STRINGS = [
  '',
  'plain',
  'quote " and backslash \\',
  'control \u0000 \u0001 \b \f \n \r \t \u001f \u007f',
  'ünïcödé ✓ 日本語',
  'emoji 😀 pair',
  'lone high \ud800 and low \udc00 surrogates',
  '</script>\u2028\u2029',
  'x'.repeat(5000),
];

describe('drawn records written field by field', () => {
  it('are the bytes of JSON.stringify for every kind of record, option and seed', () => {
    const slices = [
      { options: { seed: 1, count: 6011 }, start: 11 },
      { options: { seed: -5, count: 3000, samples: false, now: '2019-06-01T12:00:00Z' }, start: 0 },
      { options: { seed: 123456789, count: 2011 }, start: 11 },
    ];
    let records = 0;
    let manifests = 0;
    for (const { options, start } of slices) {
      for (const record of datasetSlice(options, start, options.count)) {
        expect(written((sink) => writeDrawnRecord(sink, record))).toBe(JSON.stringify(record));
        records++;
        if (Object.keys(record.properties).length >= 100) manifests++;
      }
    }
    expect(records).toBe(11000);
    // The largest records, packed with a package manifest, are among them.
    expect(manifests).toBeGreaterThan(10);
  });

  it('spell any string, number and value as JSON.stringify does', () => {
    const record: ImageRecord = {
      id: HOSTILE_STRINGS[2] as string,
      name: null,
      status: 'active',
      visibility: 'private',
      owner: null,
      protected: true,
      os_hidden: false,
      min_ram: -0,
      min_disk: 2 ** 53 + 2,
      size: null,
      created_at: HOSTILE_STRINGS[3] as string,
      updated_at: HOSTILE_STRINGS[4] as string,
      properties: Object.assign(Object.create(null), {
        '10': 'integer keys first',
        __proto__: HOSTILE_STRINGS[5],
        constructor: null,
        ...Object.fromEntries(HOSTILE_STRINGS.map((text, i) => [`${text}${i}`, text])),
      }),
      deleted: false,
      members: HOSTILE_STRINGS,
      disk_format: null,
      virtual_size: 1.5e300,
      tags: [],
    };
    expect(written((sink) => writeDrawnRecord(sink, record))).toBe(JSON.stringify(record));
    for (const value of [
      ...HOSTILE_STRINGS,
      0,
      -1,
      7,
      9007199254740991,
      -9007199254740991,
      0.1,
      1e21,
      -1e-7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      false,
      null,
      [1, 'a'],
      { a: [null] },
    ]) {
      expect(written((sink) => sink.value(value))).toBe(JSON.stringify(value));
    }
  });
});
