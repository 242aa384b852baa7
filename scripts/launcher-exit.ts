/**
 * `npm start` and `npx nova-images-mock serve` run the server below `sh -c` (npm → sh → node, with
 * tsx in between while the bin is TypeScript). npm passes SIGINT/SIGTERM to the shell only, and
 * dash dies of it without passing it on, so the server would live on, orphaned, holding its port.
 * Under npm (which sets `npm_lifecycle_event`), the server therefore watches the processes that
 * launched it — its parent and, where /proc tells, its grandparent — and stops when one is gone.
 */
import { readFileSync } from 'node:fs';

const POLL_MS = 200;

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `onExit` once when the launching processes go away; returns a function that stops watching. */
export function whenLauncherExits(onExit: () => void): () => void {
  if (process.env.npm_lifecycle_event === undefined) return () => {};
  const launchers = [process.ppid, parentOf(process.ppid)].filter(
    (pid): pid is number => pid !== undefined && pid > 1,
  );
  const timer = setInterval(() => {
    if (launchers.every(isAlive)) return;
    clearInterval(timer);
    onExit();
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
