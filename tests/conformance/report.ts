/**
 * `npx tsx tests/conformance/report.ts [corpus ...]`: every difference between the snapshots and
 * the mock, one line each, with a count per corpus; what the replay test checks, for reading.
 */
import { difference, startMock } from './replay.ts';
import { readSnapshots } from './snapshot.ts';

const only = process.argv.slice(2);
let total = 0;
let differing = 0;
for (const { name, snapshot } of readSnapshots()) {
  if (only.length > 0 && !only.includes(name)) continue;
  const mock = await startMock(snapshot.dataset, snapshot.service);
  let count = 0;
  for (const sequence of snapshot.sequences) {
    const answers = await mock.run({
      name: sequence.name,
      steps: sequence.steps.map(({ request }) => request),
    });
    sequence.steps.forEach(({ request, response }, index) => {
      total++;
      const actual = answers[index];
      const diff = actual === undefined ? 'no answer' : difference(response, actual);
      if (diff === undefined) return;
      count++;
      console.log(
        `${name}/${sequence.name}#${index} ${request.method} ${request.path} as ${request.caller ?? 'own'}: ${diff}`,
      );
    });
  }
  differing += count;
  console.error(`${name}: ${count} differ`);
  await mock.close();
}
console.error(`${differing} of ${total} answers differ`);
