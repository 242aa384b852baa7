/**
 * Records the Glance conformance corpus from a real Glance (the oracle of the development machine):
 *
 *   ORACLE_STATE=/tmp/oracle.env tests/conformance/oracle/up.sh && . /tmp/oracle.env
 *   /usr/bin/python3 tests/conformance/oracle/load.py fixtures/datasets/api-samples.json --out /tmp/exported.json
 *   GLANCE_URL=$GLANCE_URL npx tsx tests/conformance/glance/record.ts /tmp/exported.json
 *
 * It writes the dataset the replay loads (Glance's own view of the loaded images, with their
 * Glance fields), the corpus, and Glance's schema documents, which the mock serves as they are.
 * The oracle's stand-in for keystonemiddleware takes `user:project[:roles]` tokens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CASES, type CaseCaller, PROJECTS } from './cases.ts';
import { type Corpus, type RecordedCase, recordResponse, requestInit } from './corpus.ts';

const glance = process.env.GLANCE_URL;
const exported = process.argv[2];
if (!glance || !exported) {
  console.error('usage: GLANCE_URL=http://... tsx tests/conformance/glance/record.ts EXPORTED.json');
  process.exit(2);
}
const here = new URL('.', import.meta.url);

const TOKENS: Record<CaseCaller, string | undefined> = {
  demo: `demo:${PROJECTS.demo}`,
  other: `other:${PROJECTS.other}`,
  admin: `admin:${PROJECTS.demo}`,
  anonymous: undefined,
};

/** Glance fields the mock's records carry beside the Nova-visible ones. */
const GLANCE_FIELDS = [
  'disk_format',
  'container_format',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'virtual_size',
  'tags',
] as const;

async function datasetWithGlanceFields(): Promise<unknown> {
  const { images } = JSON.parse(readFileSync(exported as string, 'utf8')) as {
    images: Record<string, unknown>[];
  };
  for (const record of images) {
    const response = await fetch(`${glance}/v2/images/${record.id}`, {
      headers: { 'x-auth-token': TOKENS.admin as string },
    });
    if (!response.ok) continue;
    const image = (await response.json()) as Record<string, unknown>;
    for (const field of GLANCE_FIELDS) record[field] = image[field];
  }
  return { images };
}

async function saveSchema(name: string): Promise<void> {
  const response = await fetch(`${glance}/v2/schemas/${name}`, {
    headers: { 'x-auth-token': TOKENS.demo as string },
  });
  const target = new URL(`../../../mocks/glance-api/schemas/${name}.json`, import.meta.url);
  writeFileSync(target, `${JSON.stringify(await response.json(), null, 2)}\n`);
}

const dataset = await datasetWithGlanceFields();
writeFileSync(new URL('dataset.json', here), `${JSON.stringify(dataset, null, 1)}\n`);
for (const name of ['image', 'images', 'member', 'members']) await saveSchema(name);

const cases: RecordedCase[] = [];
for (const item of CASES) {
  const response = await fetch(`${glance}${item.path}`, requestInit(item, TOKENS[item.caller ?? 'demo']));
  cases.push({ case: item, response: await recordResponse(response) });
}
const corpus: Corpus = {
  glance: '25.1.0 (Debian 12 python3-glance 2:25.1.0-2+deb12u5)',
  glanceRoot: glance,
  recordedAt: new Date().toISOString(),
  cases,
};
writeFileSync(new URL('corpus.json', here), `${JSON.stringify(corpus, null, 1)}\n`);
console.log(`recorded ${cases.length} cases from ${glance}`);
