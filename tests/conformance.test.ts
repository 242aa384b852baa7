/**
 * Conformance with the real thing: every answer recorded from Nova 26.2.2 (Zed) + Glance 25.1.0
 * (tests/conformance/snapshots, `npm run conformance:record`) is replayed against the mock in its
 * `zed` profile, and must come back equal but for hosts, request ids, write-time stamps and the
 * order of Glance's tags. The mock's answers to a Glance corpus must also be valid documents of
 * Glance's own schemas for their endpoint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_DIR, readCorpora, type Step } from './conformance/corpus.ts';
import type { RawResponse } from './conformance/raw-http.ts';
import { difference, type MockUnderTest, startMock } from './conformance/replay.ts';
import { readSnapshots } from './conformance/snapshot.ts';
import { assertGlanceResponse } from './support/glance-schemas.ts';

/** Steps where the mock still answers otherwise than Nova, `<corpus>/<sequence>#<step>` → why. */
const KNOWN: Record<string, string> = JSON.parse(
  readFileSync(join(CONFORMANCE_DIR, 'known-differences.json'), 'utf8'),
);
const snapshots = readSnapshots();

function assertGlanceAnswer(step: Step, response: RawResponse): void {
  if ('noAnswer' in response) return;
  const type = response.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  const path = step.path.split('?')[0] ?? '';
  let text = response.body.toString('utf8');
  // Glance echoes a member id sent as a JSON number or `true` as it came (image_members.py
  // `_format_image_member` filters by its schema but never validates): its only answer outside its
  // own member schema, checked with the id as the string Glance stores.
  if (step.method === 'POST' && path.endsWith('/members') && response.status === 200) {
    const member = JSON.parse(text) as { member_id: unknown };
    text = JSON.stringify({ ...member, member_id: String(member.member_id) });
  }
  assertGlanceResponse(step.method, path, response.status, type, text);
}

it('has a recorded snapshot for every corpus, made from the corpus as it stands', () => {
  const corpora = readCorpora();
  expect(snapshots.map(({ name }) => name)).toEqual(corpora.map(({ name }) => name));
  for (const corpus of corpora) {
    const recorded = snapshots.find(({ name }) => name === corpus.name)?.snapshot;
    expect(recorded?.dataset).toBe(corpus.dataset);
    expect(recorded?.service ?? 'nova').toBe(corpus.service);
    expect(
      recorded?.sequences.map(({ name, steps }) => ({ name, steps: steps.map(({ request }) => request) })),
    ).toEqual(corpus.sequences);
  }
});

for (const { name: corpusName, snapshot } of snapshots) {
  describe(`conformance: ${corpusName}`, () => {
    let mock: MockUnderTest;
    beforeAll(async () => {
      mock = await startMock(
        snapshot.dataset,
        snapshot.service,
        snapshot.service === 'glance' ? assertGlanceAnswer : undefined,
      );
    });
    afterAll(() => mock.close());

    for (const sequence of snapshot.sequences) {
      // 120 s: a sequence of uploads sends 50 MiB, on a machine that may be busy.
      it(sequence.name, async () => {
        const answers = await mock.run({
          name: sequence.name,
          steps: sequence.steps.map(({ request }) => request),
        });
        const differing: Record<string, string> = {};
        const expectedKnown: Record<string, string> = {};
        sequence.steps.forEach(({ request, response }, index) => {
          const id = `${corpusName}/${sequence.name}#${index}`;
          const known = KNOWN[id];
          if (known !== undefined) expectedKnown[id] = known;
          const actual = answers[index];
          const diff = actual === undefined ? 'no answer' : difference(response, actual);
          if (diff !== undefined) {
            differing[id] =
              known ?? `${request.method} ${request.path} as ${request.caller ?? 'own'}: ${diff}`;
          }
        });
        expect(differing).toEqual(expectedKnown);
      }, 120_000);
    }
  });
}
