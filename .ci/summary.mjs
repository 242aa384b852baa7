// Prints "N passed, M failed" for each vitest JSON report given as `label=path`, then the
// combined line last; a missing or unreadable report counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

function counts(path) {
  if (!existsSync(path)) return { passed: 0, failed: 1 };
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    // A file that failed with none of its tests failed (an import error, a beforeAll hook that
    // threw and left its tests skipped) counts as one failure.
    const failedSuites = (report.testResults ?? []).filter(
      (suite) =>
        suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed'),
    ).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + failedSuites };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

const total = { passed: 0, failed: 0 };
for (const argument of process.argv.slice(2)) {
  const [label, path] = argument.includes('=') ? argument.split('=', 2) : [argument, argument];
  const { passed, failed } = counts(path);
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  total.passed += passed;
  total.failed += failed;
}
if (process.argv.length <= 2) total.failed = 1;
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
