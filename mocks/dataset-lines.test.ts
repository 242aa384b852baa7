/**
 * A file's line layout walked in two parts apart (as two checks over the halves of a large file
 * do) against one walk over the whole: the parts join exactly when the whole file is valid.
 */
import { describe, expect, it, vi } from 'vitest';
import { testRecord } from '../tests/support/records.ts';
import { type LineLayout, LineWalk, layoutOfFirstLine, linePieces, partsJoin } from './dataset-lines.ts';
import type { ImageRecord } from './types.ts';

const line = (n: number, comma = true) => `${JSON.stringify(testRecord(n))}${comma ? ',' : ''}`;

/** Whether one walk over the whole text takes it. */
function wholeTakes(text: string): boolean {
  const walk = new LineWalk(() => {}, true);
  try {
    walk.feed(text);
    walk.finish();
    return true;
  } catch {
    return false;
  }
}

/** Whether the walks of the text's lines before `cut` and from it, apart, join. */
function partsTake(text: string, cut: number): boolean {
  const lines = text.split('\n');
  const head = lines.slice(0, cut).join('\n');
  const layout = layoutOfFirstLine(head) as LineLayout;
  const first = new LineWalk(() => {}, true);
  const rest = new LineWalk(() => {}, true, layout);
  try {
    first.feed(head);
    rest.feed(lines.slice(cut).join('\n'));
  } catch {
    return false;
  }
  return partsJoin(layout, first.partEnd(), rest.partEnd());
}

describe('partsJoin', () => {
  const texts: [string, string][] = [
    ['a dataset', ['{"images": [', line(1), line(2), line(3), line(4, false), ']}'].join('\n')],
    ['a comma after the last record', ['{"images": [', line(1), line(2), line(3), line(4), ']}'].join('\n')],
    [
      'no comma between two records',
      ['{"images": [', line(1), line(2, false), line(3), line(4, false), ']}'].join('\n'),
    ],
    ['a record after the end', ['{"images": [', line(1), line(2, false), ']}', line(3, false)].join('\n')],
    ['blank lines after the end', ['{"images": [', line(1), line(2, false), ']}', '', '  '].join('\n')],
    ['a second end after the end', ['{"images": [', line(1), line(2, false), ']}', '', ']}'].join('\n')],
    ['no end', ['{"images": [', line(1), line(2), line(3), line(4, false)].join('\n')],
    ['an empty dataset', ['{"images": [', '', ']}'].join('\n')],
    ['NDJSON', [line(1, false), line(2, false), '', line(3, false)].join('\n')],
  ];
  it.each(texts)('joins the parts of %s wherever it is cut, exactly when one walk takes it', (_, text) => {
    const count = text.split('\n').length;
    for (let cut = 1; cut < count; cut++)
      expect([cut, partsTake(text, cut)]).toEqual([cut, wholeTakes(text)]);
  });

  it('tells the layout from the first line that is not blank', () => {
    expect(layoutOfFirstLine('\n  \n{"images": [\n')).toBe('dataset');
    expect(layoutOfFirstLine(`\n${line(1, false)}\n`)).toBe('ndjson');
    expect(layoutOfFirstLine('\n \n')).toBe(undefined);
  });
});

describe('linePieces', () => {
  const lines = Array.from({ length: 3000 }, (_, index) =>
    index === 1500 ? `${'x'.repeat(300_000)}` : `{"n":${index},"text":"${'é'.repeat(index % 90)}"}`,
  );
  const bytes = Buffer.from(`${lines.join('\n')}\n`);

  it('cuts bytes of whole lines into pieces of whole lines that make the bytes again', () => {
    const pieces = [...linePieces(bytes)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(Buffer.concat(pieces.map(([, piece]) => piece)).equals(bytes)).toBe(true);
    let next = 0;
    for (const [start, piece] of pieces) {
      expect(start).toBe(next);
      expect(piece[piece.length - 1]).toBe(10);
      next = start + piece.length;
    }
    // The line longer than a piece is one piece of its own.
    expect(pieces.some(([, piece]) => piece.toString() === `${lines[1500]}\n`)).toBe(true);
  });

  it('keeps a last line without its line end, and gives nothing of no bytes', () => {
    const unended = bytes.subarray(0, bytes.length - 1);
    const pieces = [...linePieces(unended)];
    expect(Buffer.concat(pieces.map(([, piece]) => piece)).equals(unended)).toBe(true);
    expect([...linePieces(Buffer.alloc(0))]).toEqual([]);
  });
});

describe('LineWalk.feedBytes', () => {
  /** What a walk of the text makes of it: the records' text and, or, its refusal; fed as text or as bytes (the places then in bytes). */
  function walked(
    text: string,
    as: 'text' | 'bytes',
  ): { records: string[]; ids: string[]; refusal?: string } {
    const records: string[] = [];
    const ids: string[] = [];
    const bytes = Buffer.from(text);
    const walk = new LineWalk((record, start, end) => {
      records.push(text.slice(start, end));
      ids.push(record.id);
    }, true);
    try {
      if (as === 'text') walk.feed(text);
      else
        walk.feedBytes(bytes, (start, end, createdAt, id) => {
          const record = bytes.toString('utf8', start, end);
          records.push(record);
          ids.push(id);
          expect(createdAt).toBe((JSON.parse(record) as ImageRecord).created_at);
        });
      walk.finish();
      return { records, ids };
    } catch (error) {
      return { records, ids, refusal: `${(error as Error).constructor.name}: ${(error as Error).message}` };
    }
  }

  const named = (n: number, name: string) => JSON.stringify(testRecord(n, { name }));
  // Records the bytes' check takes and records it leaves to the parse (blanks, escapes), among
  // names of several bytes a character, which the places must count in bytes.
  const mixed = [
    named(1, 'plain'),
    named(2, 'ünïcødé 🚀'),
    JSON.stringify(testRecord(3, { name: 'späced' }), null, 1).replace(/\n/g, ''),
    named(4, 'a "quoted" ünï name'),
    `  ${named(5, 'ü')} \r`,
    named(6, 'last'),
  ];
  const texts: [string, string][] = [
    ['a dataset', `{"images": [\n${mixed.map((record) => `${record},`).join('\n')}\n${line(7, false)}\n]}\n`],
    ['NDJSON', `${mixed.join('\n')}\n\n${line(7, false)}`],
    ['a dataset with a comma after its last record', `{"images": [\n${mixed.join(',\n')},\n]}\n`],
    ['a dataset with no comma between records', `{"images": [\n${mixed.slice(0, 2).join('\n')}\n]}\n`],
    ['a record after the end', `{"images": [\n${line(1, false)}\n]}\n${line(2, false)}\n`],
    ['a duplicate id', `${mixed.join('\n')}\n${named(2, 'again')}\n`],
    [
      'a bad field in the bytes',
      `{"images": [\n${mixed.join(',\n')},\n${line(8).replace('"active"', '"bogus"')}\n]}\n`,
    ],
    ['a broken line', `${mixed.join('\n')}\n{"id": \n`],
  ];
  it.each(texts)('walks %s as feed walks its text: the same records, ids and refusal', (_, text) => {
    const asText = walked(text, 'text');
    expect(walked(text, 'bytes')).toEqual(asText);
  });

  it('parses no record in the compact form JSON.stringify writes, and every other record', () => {
    const walk = new LineWalk(() => {}, true);
    const parse = vi.spyOn(JSON, 'parse');
    let parsed: string[];
    try {
      walk.feedBytes(Buffer.from(`${mixed.join('\n')}\n`), () => {});
      parsed = parse.mock.calls.map(([text]) => text);
    } finally {
      parse.mockRestore();
    }
    // The first record, which tells the layout (NDJSON); the blanks of record 3 inside its
    // braces, the escapes of record 4 (record 5's blanks are around it).
    expect(parsed.map((text) => (JSON.parse(text) as ImageRecord).name)).toEqual([
      'plain',
      'späced',
      'a "quoted" ünï name',
    ]);
  });
});
