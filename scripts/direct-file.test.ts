import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectFile } from './direct-file.ts';

const directory = await mkdtemp(join(tmpdir(), 'nova-direct-file-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const MIB = 1 << 20;

/** Bytes that differ from position to position, so a misplaced or repeated run shows. */
function pattern(length: number, salt: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + salt * 7 + (i >>> 12)) & 0xff;
  return bytes;
}

async function written(path: string, sizes: number[]): Promise<Buffer> {
  const file = await DirectFile.create(path);
  const chunks = sizes.map((size, i) => pattern(size, i));
  for (const chunk of chunks) {
    await file.write(chunk);
    // The chunk's memory is the caller's again once write settles: the file must not see this.
    chunk.fill(0xee);
  }
  await file.close();
  return Buffer.concat(sizes.map((size, i) => pattern(size, i)));
}

describe('DirectFile', () => {
  it('writes chunks of any size, across its 8 MiB stage and 4 KiB blocks, byte for byte', async () => {
    const path = join(directory, 'chunks.bin');
    const sizes = [1, 4095, 4096, 4097, 0, 8 * MIB - 3, 8 * MIB, 3 * MIB + 17, 5, 11 * MIB + 1234];
    const expected = await written(path, sizes);
    const actual = await readFile(path);
    expect(actual.length).toBe(sizes.reduce((sum, size) => sum + size, 0));
    expect(actual.equals(expected)).toBe(true);
  });

  it('writes a length that is a whole number of stages and blocks without padding', async () => {
    const path = join(directory, 'whole.bin');
    const expected = await written(path, [8 * MIB, 8 * MIB]);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it('replaces a longer file, and leaves an empty file for no bytes', async () => {
    const path = join(directory, 'replaced.bin');
    await writeFile(path, pattern(5 * MIB, 9));
    const expected = await written(path, [12_345]);
    expect((await readFile(path)).equals(expected)).toBe(true);
    await written(path, []);
    expect((await readFile(path)).length).toBe(0);
  });

  it('suits a regular file or a path with nothing yet, not a device or a directory', async () => {
    const path = join(directory, 'suits.bin');
    expect(await DirectFile.suits(path)).toBe(true);
    await writeFile(path, 'x');
    expect(await DirectFile.suits(path)).toBe(true);
    expect(await DirectFile.suits('/dev/null')).toBe(false);
    expect(await DirectFile.suits(directory)).toBe(false);
  });

  it('refuses a path it cannot create, with the system error', async () => {
    await expect(DirectFile.create(join(directory, 'missing', 'x.bin'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
