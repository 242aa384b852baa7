import { describe, expect, it } from 'vitest';
import { ByteSink } from './byte-sink.ts';
import { createDrawContext } from './context.ts';
import { samplesIn } from './dataset.ts';
import { DrawnImage, imageRecord } from './drawn-image.ts';
import { drawImageInto } from './image.ts';
import { writeDrawnImage } from './record-json.ts';

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

describe('drawn images written field by field', () => {
  it('are the bytes of JSON.stringify of their record for every kind of image, option and seed', () => {
    const slices = [
      { options: { seed: 1, count: 6011 }, start: 11 },
      { options: { seed: -5, count: 3000, samples: false, now: '2019-06-01T12:00:00Z' }, start: 0 },
      { options: { seed: 123456789, count: 2011 }, start: 11 },
    ];
    let images = 0;
    let manifests = 0;
    const kinds = new Set<string>();
    for (const { options, start } of slices) {
      const context = createDrawContext(options.seed, options.now);
      for (let index = start; index < options.count; index++) {
        const image = drawImageInto(context, index - samplesIn(options));
        const record = imageRecord(image);
        expect(written((sink) => writeDrawnImage(sink, image))).toBe(JSON.stringify(record));
        images++;
        if (Object.keys(record.properties).length >= 100) manifests++;
        kinds.add(`${record.properties.image_type ?? record.owner}:${record.checksum === null}`);
      }
    }
    expect(images).toBe(11000);
    // The largest records, packed with a package manifest, are among them; and every kind, with
    // and without data.
    expect(manifests).toBeGreaterThan(10);
    expect(kinds.size).toBeGreaterThanOrEqual(6);
  });

  it('spell any string, number and time as JSON.stringify does', () => {
    const image = new DrawnImage().start();
    image.idWords.set([0xffffffff, 0, 0x12345678, 0x9abcdef0, 3]);
    image.name = HOSTILE_STRINGS[2] as string;
    image.owner = HOSTILE_STRINGS[6] as string;
    image.protected = true;
    image.minRam = -0;
    image.minDisk = 2 ** 53 + 2;
    image.size = null;
    // Years of five digits and before the common era.
    image.createdAt = Date.parse('+012345-06-07T08:09:10Z');
    image.updatedAt = Date.parse('-000042-01-02T03:04:05Z');
    for (const [i, text] of HOSTILE_STRINGS.entries()) image.properties.set(`key ${i}: ${text}`, text);
    image.properties.set('__proto__', HOSTILE_STRINGS[5] as string);
    image.properties.set('constructor', null);
    image.properties.set('key 1: plain', 'set again, where it was');
    image.deleted = true;
    image.members = HOSTILE_STRINGS;
    image.diskFormat = HOSTILE_STRINGS[4] as string;
    image.containerFormat = '';
    image.tags = HOSTILE_STRINGS;
    const record = imageRecord(image);
    expect(Object.keys(record.properties).slice(-2)).toEqual(['__proto__', 'constructor']);
    expect(Object.entries(record.properties)[1]).toEqual(['key 1: plain', 'set again, where it was']);
    expect(written((sink) => writeDrawnImage(sink, image))).toBe(JSON.stringify(record));

    image.hasData = true;
    image.checksumWords.set([1, 2, 0xdeadbeef, 0xffffffff]);
    image.hashWords.fill(0xa5a5a5a5);
    image.virtualSize = 1.5e300;
    image.size = 0.1;
    expect(written((sink) => writeDrawnImage(sink, image))).toBe(JSON.stringify(imageRecord(image)));
  });

  it('spell strings and numbers as JSON.stringify does', () => {
    for (const text of HOSTILE_STRINGS)
      expect(written((sink) => sink.string(text))).toBe(JSON.stringify(text));
    for (const value of [
      0, -0, -1, 7, 99999999, 100000000, 9007199254740991, -9007199254740991, 0.1, 1e21, -1e-7,
    ]) {
      expect(written((sink) => sink.number(value))).toBe(JSON.stringify(value));
    }
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(written((sink) => sink.number(value))).toBe(JSON.stringify(value));
    }
  });
});
