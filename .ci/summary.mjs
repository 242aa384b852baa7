// Prints "N passed, M failed" from vitest's JSON report; a missing report counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path || !existsSync(path)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const failedSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
).length;
const failed = report.numFailedTests + failedSuites;
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
