// Opt-in persistence: `createNovaImagesMock({ persistFile })` and `serve --persist FILE` keep the
// images across restarts; every acknowledged write survives `kill -9` at any moment, and the file
// always loads; reset goes back to the dataset.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNovaImagesMock } from '../mocks/node.ts';
import { PersistFileError, readPersistFile } from '../mocks/persist-file.ts';
import { jsonBody, novaFetch } from './support/client.ts';
import { SAMPLE_PROJECT } from './support/mock.ts';
import { runCli, startServe } from './support/serve-process.ts';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const IMAGES = [IMAGE, '155d900f-4e14-4e4c-a73d-069cbf4541e6', 'a2459075-d96c-40d5-893e-577ff92e721c'];
const directory = mkdtempSync(join(tmpdir(), 'nova-persist-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(directory, `images-${++files}.jsonl`);
const caller = { projectId: SAMPLE_PROJECT };

describe('createNovaImagesMock({ persistFile })', () => {
  it('keeps writes and deletes across runs; reset goes back to the dataset', async () => {
    const file = freshFile();
    const first = createNovaImagesMock({ persistFile: file, baseUrl: 'http://persist.test' });
    first.listen({ onUnhandledRequest: 'error' });
    try {
      const url = `${first.baseUrl}/v2.1/images/${IMAGE}`;
      expect(
        (await novaFetch(`${url}/metadata/__proto__`, jsonBody('PUT', '{"meta": {"__proto__": "kept"}}')))
          .status,
      ).toBe(200);
      expect(
        (await novaFetch(`${first.baseUrl}/v2.1/images/${IMAGES[1]}`, { method: 'DELETE' })).status,
      ).toBe(204);
    } finally {
      first.close();
    }
    const second = createNovaImagesMock({ persistFile: file, baseUrl: 'http://persist.test' });
    expect(Object.entries(second.store.get(caller, IMAGE).properties)).toContainEqual(['__proto__', 'kept']);
    expect(() => second.store.get(caller, IMAGES[1] ?? '')).toThrow();
    second.reset();
    expect(second.store.get(caller, IMAGE).properties).not.toHaveProperty('__proto__');
    second.close();
    const third = createNovaImagesMock({ persistFile: file });
    expect(third.store.get(caller, IMAGES[1] ?? '').id).toBe(IMAGES[1]);
    third.close();
  });

  it('loads a file whose last line a crash tore, and refuses one damaged elsewhere or not its own', () => {
    const file = freshFile();
    createNovaImagesMock({ persistFile: file }).close();
    const whole = readFileSync(file, 'utf8');
    appendFileSync(file, '{"image": {"id": "torn');
    expect(readPersistFile(file)).toHaveLength(whole.split('\n').length - 2);
    writeFileSync(file, whole.replace('\n{"image"', '\n{"ima'));
    expect(() => readPersistFile(file)).toThrow(PersistFileError);
    writeFileSync(file, '{"images": []}\n');
    expect(() => createNovaImagesMock({ persistFile: file })).toThrow(
      /is not a nova-images-mock persist file/,
    );
  });
});

/** A counter value `round.n` as one increasing number. */
const counterValue = (text: string): number => {
  const [round = 0, n = 0] = text.split('.').map(Number);
  return round * 1e6 + n;
};

describe('serve --persist under kill -9', () => {
  it('keeps every acknowledged write, whenever the process is killed', async () => {
    const file = freshFile();
    const acknowledged = new Map<string, string>(); // "image key" -> value last answered 200
    for (let round = 0; round < 3; round++) {
      const served = await startServe(['--persist', file, '--metadata-quota', '-1']);
      if (round > 0) expect(served.output()).toContain(`kept in ${file}, restored from it`);
      let killed = false;
      // Four writers, each overwriting its own counter and adding keys, until the kill.
      const writer = async (id: number) => {
        for (let n = 0; !killed; n++) {
          const image = IMAGES[(id + n) % IMAGES.length] ?? IMAGE;
          for (const [key, value] of [
            [`w${id}`, `${round}.${n}`],
            [`r${round}w${id}n${n}`, 'x'],
          ] as const) {
            try {
              const reply = await fetch(`${served.url}/v2.1/images/${image}/metadata/${key}`, {
                method: 'PUT',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ meta: { [key]: value } }),
              });
              if (reply.status !== 200) throw new Error(`PUT ${key}: ${reply.status} ${await reply.text()}`);
              acknowledged.set(`${image} ${key}`, value);
            } catch (error) {
              if (killed) return; // the write in flight at the kill: never answered, may or may not be kept
              throw error;
            }
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
      killed = true;
      served.child.kill('SIGKILL');
      await Promise.all(writers);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    const served = await startServe(['--persist', file]);
    try {
      for (const image of IMAGES) {
        const { metadata } = (await novaFetch(`${served.url}/v2.1/images/${image}/metadata`)).json as {
          metadata: Record<string, string>;
        };
        for (const [where, value] of acknowledged) {
          const [ofImage, key = ''] = where.split(' ');
          if (ofImage !== image) continue;
          if (key.startsWith('w')) {
            // A counter may hold a later value whose answer the kill cut off, never an earlier one.
            expect(counterValue(metadata[key] ?? '-1.-1')).toBeGreaterThanOrEqual(counterValue(value));
          } else {
            expect(metadata[key]).toBe(value);
          }
        }
      }
    } finally {
      await served.stop();
    }
  }, 120_000);

  it('exits 2 when --persist names a file that is not its own', async () => {
    const file = freshFile();
    writeFileSync(file, '{"images": []}\n');
    const result = runCli(['serve', '--persist', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a nova-images-mock persist file');
    expect(readFileSync(file, 'utf8')).toBe('{"images": []}\n');
  });
});
