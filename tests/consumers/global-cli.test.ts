// The CLI installed globally (`npm install --global` into a temporary prefix), with json-server
// installed globally beside it for `data`: serve, generate and data as a user runs them.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNovaResponse } from '../support/nova-schemas.ts';
import { attempt, npm, run, start, tarball } from './support.ts';

let prefix: string;
let workdir: string;
const bin = () => join(prefix, 'bin/nova-images-mock');

beforeAll(() => {
  prefix = mkdtempSync(join(tmpdir(), 'nova-consumer-global-'));
  workdir = mkdtempSync(join(tmpdir(), 'nova-consumer-global-cwd-'));
  npm(['install', '--global', '--prefix', prefix, tarball(), 'json-server@0.17.4'], workdir);
});

afterAll(() => {
  for (const dir of [prefix, workdir]) rmSync(dir, { recursive: true, force: true });
});

describe('a global install', () => {
  it('serves: Nova and Keystone at the URL it prints', async () => {
    const served = await start(
      bin(),
      ['serve', '--port', '0', '--dataset', 'demo'],
      workdir,
      /Nova images API at (http:\/\/\S+)\/v2\.1/,
    );
    try {
      const reply = await fetch(`${served.url}/v2.1/images/detail?limit=2`);
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { images: unknown[] }).images).toHaveLength(2);
      expect((await fetch(`${served.url}/identity/v3`)).status).toBe(200);
    } finally {
      await served.stop();
    }
  });

  it('generates a dataset file', () => {
    const out = join(workdir, 'images.json');
    run(bin(), ['generate', '--count', '25', '--seed', '7', '--out', out], workdir);
    const { images } = JSON.parse(readFileSync(out, 'utf8')) as { images: { id: string }[] };
    expect(images).toHaveLength(25);
  });

  it('serves a dataset with json-server (data): records listed and edited', async () => {
    const out = join(workdir, 'images.json');
    const served = await start(
      bin(),
      ['data', '--dataset', out, '--port', '0'],
      workdir,
      /at (http:\/\/\S+)\/images/,
    );
    try {
      const records = (await (await fetch(`${served.url}/images`)).json()) as { id: string }[];
      expect(records).toHaveLength(25);
      const id = records[0]?.id ?? '';
      const patched = await fetch(`${served.url}/images/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'renamed' }),
      });
      expect(patched.status).toBe(200);
      await expect.poll(() => readFileSync(out, 'utf8')).toContain('"renamed"');
    } finally {
      await served.stop();
    }
  });

  // Above 10,000 images generate draws on worker threads, and from 64 MiB on (about 57,000
  // images) serve checks a dataset file on one: the package must ship the compiled workers.
  it('generates 70,000 images and serves them, on worker threads', async () => {
    const out = join(workdir, 'images-70k.json');
    run(bin(), ['generate', '--count', '70000', '--seed', '3', '--out', out], workdir);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines).toHaveLength(70_003);
    expect(statSync(out).size).toBeGreaterThan(64 * 2 ** 20);
    const last = JSON.parse((lines[70_000] ?? '').replace(/,$/, '')) as { id: string };
    const served = await start(
      bin(),
      ['serve', '--port', '0', '--dataset', out],
      workdir,
      /Nova images API at (http:\/\/\S+)\/v2\.1/,
    );
    try {
      const reply = await fetch(`${served.url}/v2.1/images/${last.id}`);
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as { image: { id: string } };
      assertNovaResponse('images.show', body);
      expect(body.image.id).toBe(last.id);
    } finally {
      await served.stop();
    }
  });

  it('refuses a 70,000-image dataset file with one bad record, saying which', () => {
    const lines = readFileSync(join(workdir, 'images-70k.json'), 'utf8').split('\n');
    lines[70_000] = (lines[70_000] ?? '').replace('"status":"', '"status":"bogus');
    const bad = join(workdir, 'images-70k-bad.json');
    writeFileSync(bad, lines.join('\n'));
    const refused = attempt(bin(), ['serve', '--port', '0', '--dataset', bad], workdir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${bad}: images[69999].status: expected one of queued,`);
  });
});
