/**
 * A file's line layout walked in two parts apart (as two checks over the halves of a large file
 * do) against one walk over the whole: the parts join exactly when the whole file is valid.
 */
import { describe, expect, it } from 'vitest';
import { testRecord } from '../tests/support/records.ts';
import { type LineLayout, LineWalk, layoutOfFirstLine, linePieces, partsJoin } from './dataset-lines.ts';

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
