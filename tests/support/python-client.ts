/** The Python clients of the real-client tests (Debian packages, run by the system's python3). */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

/** Whether the system's python3 can import `module` (false without python3). */
export function hasPythonModule(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { timeout: 20_000 }).status === 0;
}

/** Runs tests/clients/`script` with `args` (bounded to 90 s) and parses the JSON it prints. */
export async function runPythonClient<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await run(PYTHON, [join(import.meta.dirname, '..', 'clients', script), ...args], {
    timeout: 90_000,
    env: { PATH: process.env.PATH ?? '' },
  });
  return JSON.parse(stdout) as T;
}
