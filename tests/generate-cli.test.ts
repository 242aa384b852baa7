import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generators/index.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const exec = promisify(execFile);

async function generate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ['--import', 'tsx', 'scripts/cli.ts', 'generate', ...args],
      {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
        timeout: 30_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const directory = await mkdtemp(join(tmpdir(), 'nova-generate-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('nova-images-mock generate', () => {
  it('documents every flag, with examples', async () => {
    const { code, stdout } = await generate('--help');
    expect(code).toBe(0);
    for (const flag of ['--count', '--seed', '--no-samples', '--now', '--format', '--out', '--help']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toMatch(/Examples:\n\s+nova-images-mock generate --count/);
  });

  it.each([['--bogus'], ['--count', 'many'], ['--format', 'xml'], ['--now', 'yesterday'], ['--seed']])(
    'refuses %s with a message and exit code 2',
    async (...args) => {
      const { code, stdout, stderr } = await generate(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^nova-images-mock generate: .+\nRun nova-images-mock generate --help/);
    },
  );

  it('writes the dataset format: the records of generateDataset, one per line', async () => {
    const { code, stdout, stderr } = await generate('--count', '40', '--seed', '8');
    expect([code, stderr]).toEqual([0, '']);
    expect(JSON.parse(stdout)).toEqual({ images: generateDataset({ seed: 8, count: 40 }) });
    expect(stdout.split('\n')).toHaveLength(40 + 3);
  });

  it('writes ndjson without the samples', async () => {
    const { stdout } = await generate('--count', '25', '--seed', '8', '--no-samples', '--format', 'ndjson');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(
      generateDataset({ seed: 8, count: 25, samples: false }),
    );
  });

  it('writes a json-server db file exactly as json-server saves it', async () => {
    const out = join(directory, 'db.json');
    const { code } = await generate('--count', '30', '--seed', '4', '--format', 'json-server', '--out', out);
    expect(code).toBe(0);
    const images = generateDataset({ seed: 4, count: 30 });
    expect(await readFile(out, 'utf8')).toBe(JSON.stringify({ images }, null, 2));
  });

  // Over 10,000 images the workers draw them (generators/parallel.ts, tested there); the bytes,
  // which are all a user sees, are the same as one thread's.
  it('writes a file of more than 10,000 images with the bytes it sends to stdout', async () => {
    const flags = ['--count', '12011', '--seed', '3', '--now', '2024-02-29T12:00:00Z'];
    const out = join(directory, 'parallel.json');
    const toFile = await generate(...flags, '--out', out);
    expect(toFile).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const toStdout = await generate(...flags);
    const written = await readFile(out, 'utf8');
    expect(written.length).toBeGreaterThan(12_000_000);
    expect(written).toBe(toStdout.stdout);
    const { images } = JSON.parse(written) as { images: unknown[] };
    expect(images).toHaveLength(12_011);
    expect(images.slice(0, 40)).toEqual(generateDataset({ seed: 3, count: 40, now: '2024-02-29T12:00:00Z' }));
  }, 60_000);

  it('writes a large dataset to a device (/dev/null) and to a named pipe as to a file', async () => {
    const flags = ['--count', '10011', '--seed', '3'];
    expect(await generate(...flags, '--out', '/dev/null')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const pipe = join(directory, 'pipe');
    await exec('mkfifo', [pipe]);
    const chunks: Buffer[] = [];
    const read = new Promise<void>((resolve, reject) =>
      createReadStream(pipe)
        .on('data', (chunk) => chunks.push(chunk as Buffer))
        .on('end', resolve)
        .on('error', reject),
    );
    expect(await generate(...flags, '--out', pipe)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await read;
    expect(Buffer.concat(chunks).toString('utf8')).toBe((await generate(...flags)).stdout);
  }, 60_000);

  it('gives byte-identical files for the same flags, and other bytes for another seed', async () => {
    const [first, second, other] = await Promise.all([
      generate('--count', '500', '--seed', '12', '--now', '2025-03-01T00:00:00Z'),
      generate('--count', '500', '--seed', '12', '--now', '2025-03-01T00:00:00Z'),
      generate('--count', '500', '--seed', '13', '--now', '2025-03-01T00:00:00Z'),
    ]);
    expect(first.stdout).toBe(second.stdout);
    expect(first.stdout).not.toBe(other.stdout);
  });

  it('produced the committed demo dataset (--count 200 --seed 1)', async () => {
    const { stdout } = await generate('--count', '200', '--seed', '1');
    expect(await readFile(join(ROOT, 'fixtures/datasets/demo.json'), 'utf8')).toBe(stdout);
  });
});
