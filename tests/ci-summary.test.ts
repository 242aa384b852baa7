/**
 * `.ci/summary.mjs` decides whether CI lands anything: its last line counts what vitest's JSON
 * reports say, and a file that failed without a failed test (an import error, a beforeAll hook
 * that threw and left its tests skipped) must count as a failure, not vanish.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'nova-ci-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped';

function report(name: string, files: { status: 'passed' | 'failed'; tests: Status[] }[]): string {
  const tests = files.flatMap((file) => file.tests);
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      numPassedTests: tests.filter((status) => status === 'passed').length,
      numFailedTests: tests.filter((status) => status === 'failed').length,
      testResults: files.map((file) => ({
        status: file.status,
        assertionResults: file.tests.map((status) => ({ status })),
      })),
    }),
  );
  return `${name}=${path}`;
}

function summary(...reports: string[]): { lines: string[]; status: number | null } {
  const run = spawnSync(process.execPath, ['.ci/summary.mjs', ...reports], { encoding: 'utf8' });
  return { lines: run.stdout.trim().split('\n'), status: run.status };
}

describe('.ci/summary.mjs', () => {
  it('adds up the reports, one line each and the total last', () => {
    const node20 = report('node20', [{ status: 'passed', tests: ['passed', 'passed'] }]);
    const node24 = report('node24', [{ status: 'failed', tests: ['passed', 'failed'] }]);
    expect(summary(node20, node24)).toEqual({
      lines: ['node20: 2 passed, 0 failed', 'node24: 1 passed, 1 failed', '3 passed, 1 failed'],
      status: 1,
    });
  });

  it('counts a file whose hook failed and left its tests skipped', () => {
    const hook = report('hook', [
      { status: 'passed', tests: ['passed'] },
      { status: 'failed', tests: ['skipped', 'skipped'] },
    ]);
    expect(summary(hook)).toEqual({ lines: ['hook: 1 passed, 1 failed', '1 passed, 1 failed'], status: 1 });
  });

  it('counts a file that failed before any test (an import error)', () => {
    const broken = report('broken', [{ status: 'failed', tests: [] }]);
    expect(summary(broken).lines.at(-1)).toBe('0 passed, 1 failed');
  });

  it('counts a missing report, and no report at all, as a failure', () => {
    expect(summary(`gone=${join(dir, 'gone.json')}`).lines.at(-1)).toBe('0 passed, 1 failed');
    expect(summary()).toEqual({ lines: ['0 passed, 1 failed'], status: 1 });
  });

  it('passes when everything passed', () => {
    const green = report('green', [{ status: 'passed', tests: ['passed', 'skipped'] }]);
    expect(summary(green)).toEqual({ lines: ['green: 1 passed, 0 failed', '1 passed, 0 failed'], status: 0 });
  });
});
