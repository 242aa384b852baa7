import { constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DirectFile } from './direct-file.ts';

// A file system that refuses direct I/O, as tmpfs before Linux 6.6 or a device with blocks larger
// than a page does (EINVAL): at the open, or at a write once some stages are written direct.
const refusing = vi.hoisted(() => ({ at: 'open' as 'open' | 'second write', directOpens: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const einval = () => Object.assign(new Error('EINVAL: invalid argument'), { code: 'EINVAL' });
  const open: typeof actual.open = async (path, flags, mode) => {
    const direct = typeof flags === 'number' && (flags & constants.O_DIRECT) !== 0;
    if (!direct) return actual.open(path, flags, mode);
    refusing.directOpens++;
    if (refusing.at === 'open') throw einval();
    const handle = await actual.open(path, flags, mode);
    const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
    let writes = 0;
    Object.assign(handle, {
      write: (...args: unknown[]) => (++writes > 1 ? Promise.reject(einval()) : write(...args)),
    });
    return handle;
  };
  return { ...actual, open };
});

const directory = await mkdtemp(join(tmpdir(), 'nova-direct-file-refused-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

const MIB = 1 << 20;

function pattern(length: number, salt: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 13 + salt * 5 + (i >>> 11)) & 0xff;
  return bytes;
}

describe('DirectFile where the file system refuses direct writes', () => {
  it.each(['open', 'second write'] as const)(
    'writes the same bytes through the page cache when it refuses at the %s',
    async (at) => {
      refusing.at = at;
      refusing.directOpens = 0;
      const path = join(directory, `${at.replace(' ', '-')}.bin`);
      // Three stages of 8 MiB and a short last one: the second stage's write is refused.
      const chunks = [8 * MIB + 5, 9 * MIB, 7 * MIB + 4093].map((size, salt) => pattern(size, salt));
      const file = await DirectFile.create(path);
      for (const chunk of chunks) await file.write(chunk);
      await file.close();
      expect(refusing.directOpens).toBe(1);
      expect((await readFile(path)).equals(Buffer.concat(chunks))).toBe(true);
    },
  );
});
