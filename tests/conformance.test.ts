/**
 * Conformance with the real thing: every answer recorded from Nova 26.2.2 (Zed) + Glance 25.1.0
 * (tests/conformance/snapshots, `npm run conformance:record`) is replayed against the mock in its
 * `zed` profile, and must come back equal but for hosts, request ids and write-time stamps.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_DIR, readCorpora } from './conformance/corpus.ts';
import { difference, type MockUnderTest, startMock } from './conformance/replay.ts';
import { readSnapshots } from './conformance/snapshot.ts';

/** Steps where the mock still answers otherwise than Nova, `<corpus>/<sequence>#<step>` → why. */
const KNOWN: Record<string, string> = JSON.parse(
  readFileSync(join(CONFORMANCE_DIR, 'known-differences.json'), 'utf8'),
);
const snapshots = readSnapshots();

it('has a recorded snapshot for every corpus, made from the corpus as it stands', () => {
  const corpora = readCorpora();
  expect(snapshots.map(({ name }) => name)).toEqual(corpora.map(({ name }) => name));
  for (const corpus of corpora) {
    const recorded = snapshots.find(({ name }) => name === corpus.name)?.snapshot;
    expect(recorded?.dataset).toBe(corpus.dataset);
    expect(
      recorded?.sequences.map(({ name, steps }) => ({ name, steps: steps.map(({ request }) => request) })),
    ).toEqual(corpus.sequences);
  }
});

for (const { name: corpusName, snapshot } of snapshots) {
  describe(`conformance: ${corpusName}`, () => {
    let mock: MockUnderTest;
    beforeAll(async () => {
      mock = await startMock(snapshot.dataset);
    });
    afterAll(() => mock.close());

    for (const sequence of snapshot.sequences) {
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
      });
    }
  });
}
