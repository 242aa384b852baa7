import { describe, expect, it } from 'vitest';
import { datasetRecords, datasetSlice } from './dataset.ts';
import { parallelWorthIt, serializeParallel } from './parallel.ts';
import { OUTPUT_FORMATS, serializeRecords } from './writer.ts';

const serial = (options: Parameters<typeof datasetRecords>[0], format: (typeof OUTPUT_FORMATS)[number]) =>
  Buffer.concat([...serializeRecords(datasetRecords(options), format)]).toString('utf8');

async function parallel(
  options: Parameters<typeof datasetRecords>[0],
  format: (typeof OUTPUT_FORMATS)[number],
  blockSize: number,
): Promise<{ text: string; counted: number }> {
  const chunks: Buffer[] = [];
  let counted = 0;
  for await (const chunk of serializeParallel(options, format, {
    workers: 2,
    blockSize,
    onRecords: (count) => {
      counted += count;
    },
  })) {
    // A chunk's memory is reused once the next is asked for.
    chunks.push(Buffer.from(chunk));
  }
  return { text: Buffer.concat(chunks).toString('utf8'), counted };
}

describe('datasets serialized on worker threads', () => {
  it.each(OUTPUT_FORMATS)('are byte-identical to the serial output (%s)', async (format) => {
    for (const options of [
      { seed: 6, count: 257 },
      { seed: 2, count: 40, samples: false, now: '2024-02-29T12:00:00Z' },
      { seed: 3, count: 7 },
    ]) {
      const { text, counted } = await parallel(options, format, 25);
      expect(text).toBe(serial(options, format));
      expect(counted).toBe(options.count);
    }
  });

  it('give an empty dataset its empty layout', async () => {
    expect((await parallel({ seed: 1, count: 0 }, 'dataset', 10)).text).toBe('{"images": []}\n');
  });

  it("pass a worker's error on", async () => {
    await expect(parallel({ seed: 1.5, count: 100 }, 'dataset', 10)).rejects.toThrow(
      /seed must be an integer/,
    );
  });

  it('slices records as datasetRecords does', () => {
    const all = [...datasetRecords({ seed: 4, count: 60 })];
    expect([...datasetSlice({ seed: 4, count: 60 }, 5, 30)]).toEqual(all.slice(5, 30));
    expect(() => [...datasetSlice({ seed: 4, count: 60 }, 50, 61)]).toThrow(RangeError);
  });

  it('are used only for more than one block on more than one thread', () => {
    expect(parallelWorthIt(1_000_000, { workers: 1 })).toBe(false);
    expect(parallelWorthIt(200, { workers: 2 })).toBe(false);
    expect(parallelWorthIt(1_000_000, { workers: 2 })).toBe(true);
  });
});
