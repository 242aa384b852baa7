/** Facts of the bundled `api-samples-foreign` dataset that the real-client tests check against. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_PROJECT } from './mock.ts';
import { type ServeProcess, useServe } from './serve-process.ts';

/** The `demo` project, which owns the api-samples images. */
export const DEMO_PROJECT = SAMPLE_PROJECT;

/** `fakeimage7`, the image of Nova's image-get-resp.json sample. */
export const SAMPLE_IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

/** Every image, in list order (created_at then id, descending); the last one is another project's. */
export const FOREIGN_DATASET_IDS = [
  'cedef40a-ed67-4d10-800e-17455edce175',
  'c905cedb-7281-47e4-8a62-f26bc5fc4c77',
  'a440c04b-79fa-479c-bed1-0b816eaec379',
  'a2459075-d96c-40d5-893e-577ff92e721c',
  '95fad737-9325-4855-b37e-20a62268ec88',
  '76fa36fc-c930-4bf3-8c8a-ea2a2420deb6',
  SAMPLE_IMAGE,
  '5f7d4f5b-3781-4a4e-9046-a2a800e807e5',
  '535426d4-5d75-44f4-9591-a2123d23c33f',
  '261b52ed-f693-4147-8f3b-d25df5efd968',
  '155d900f-4e14-4e4c-a73d-069cbf4541e6',
  '0b6b8c5e-7f53-4c38-9c4f-4a4f1f6b9d10',
] as const;

/** `--users` lines of the real-client tests: alice works in `demo`, bob in another project. */
export const CLIENT_USERS = 'alice:secret:demo:member,reader\nbob:hunter2:other-team\n';

/**
 * `serve --auth token` on the api-samples-foreign dataset, strict about the CLIENT_USERS, for the
 * tests of one describe block: started before them, stopped after.
 */
export function useClientServe(): ServeProcess {
  const users = join(mkdtempSync(join(tmpdir(), 'nova-mock-users-')), 'users.txt');
  writeFileSync(users, CLIENT_USERS);
  return useServe(['--auth', 'token', '--dataset', 'api-samples-foreign', '--users', users]);
}
