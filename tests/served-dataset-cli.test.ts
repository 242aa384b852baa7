// `serve --dataset` of a file of 64 MiB or more in the generator's line layout goes the served
// way (mocks/dataset-file.ts readServedDataset): two threads check the file's parts and the
// server keeps the bytes, making a record when it first reads it. Proved by a heap too small for
// the whole read: the same records in another layout, which is read whole, exhaust it; in the
// line layout they are served. A bad record in the second part is refused as the whole read
// refuses it, naming it, exit 2, before the server listens.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset, serializeRecords } from '../generators/index.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { type NovaReply, novaFetch } from './support/client.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** A heap the served read fits in (about 30 MiB used after load) and the whole read of ~80 MB of records does not. */
const SMALL_HEAP = ['--max-old-space-size=48'];
const cli = (node: string[], args: string[]) => [...node, '--import', 'tsx', 'scripts/cli.ts', ...args];

const directory = mkdtempSync(join(tmpdir(), 'nova-served-dataset-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// 800 records of ~100 KB (a long property each): about 80 MB, over the 64 MiB from which a file
// is served from its bytes, and quick to check.
const note = 'n'.repeat(100_000);
const large: ImageRecord[] = generateDataset({ seed: 7, count: 800 }).map((record) => ({
  ...record,
  properties: { ...record.properties, note },
}));
function fileOf(name: string, records: readonly ImageRecord[], layout: 'lines' | 'pretty'): string {
  const path = join(directory, name);
  writeFileSync(
    path,
    layout === 'lines'
      ? Buffer.concat([...serializeRecords(records, 'dataset')])
      : `{"images": [\n${records.map((record) => JSON.stringify(record, null, 1)).join(',\n')}\n]}\n`,
  );
  expect(statSync(path).size).toBeGreaterThan(64 * 2 ** 20);
  return path;
}

/** Runs `serve --dataset path` until it answers its first page or exits; the page's reply, or how it ended. */
async function firstPage(node: string[], path: string) {
  const child = spawn(process.execPath, cli(node, ['serve', '--port', '0', '--dataset', path]), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ended = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
  const listening = new Promise<string>((resolve) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/[^\s/]+)\/v2\.1/.exec(output)?.[1];
      if (url !== undefined) resolve(url);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
  });
  const first = await Promise.race([listening, ended]);
  if (typeof first !== 'string') return { ended: first };
  try {
    return { page: await novaFetch(`${first}/v2.1/images/detail?limit=2`) };
  } finally {
    child.kill('SIGKILL');
    await ended;
  }
}

describe('serve --dataset of a file of 64 MiB or more in the line layout', () => {
  it('is served from its bytes, in a heap the whole read does not fit in', { timeout: 180_000 }, async () => {
    const served = await firstPage(SMALL_HEAP, fileOf('lines.json', large, 'lines'));
    expect(served.ended).toBe(undefined);
    const page = served.page as NovaReply;
    expect(page.status).toBe(200);
    const { images } = page.json as { images: { metadata: Record<string, string> }[] };
    expect(images).toHaveLength(2);
    expect(images[0]?.metadata.note).toBe(note);
    // The same records in a layout read whole: the heap runs out before the server listens.
    const whole = await firstPage(SMALL_HEAP, fileOf('pretty.json', large, 'pretty'));
    expect(whole.page).toBe(undefined);
    expect(whole.ended?.output).toContain('heap');
  });

  const bad = large.map((record, index) => (index === 700 ? { ...record, min_ram: -1 } : record));

  it('refuses a bad record in its second part, naming it, exit 2', { timeout: 120_000 }, () => {
    const result = spawnSync(
      process.execPath,
      cli([], ['serve', '--port', '0', '--dataset', fileOf('bad.json', bad, 'lines')]),
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 110_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('images[700].min_ram: expected a non-negative integer, got -1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toContain('Nova images API at');
  });

  it("gives the app's refusal of an option first, while the file's threads read it", {
    timeout: 120_000,
  }, () => {
    // The file is read while the app's modules load; the app refuses the scenario after.
    const result = spawnSync(
      process.execPath,
      cli(
        [],
        [
          'serve',
          '--port',
          '0',
          '--scenario',
          'nope',
          '--dataset',
          fileOf('bad-scenario.json', bad, 'lines'),
        ],
      ),
      { cwd: ROOT, encoding: 'utf8', timeout: 110_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown scenario 'nope'");
    expect(result.stderr).not.toContain('images[700]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
