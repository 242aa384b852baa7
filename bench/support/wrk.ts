/**
 * wrk (https://github.com/wg/wrk, Debian's `wrk`) as the load generator: a C client that costs a
 * fraction of node's CPU per request, so on a two-core machine it leaves the server under test
 * more of the cores than bench/support/load.ts, which runs in node. The same requests, byte for
 * byte (encodeCall), sent round robin on kept-alive connections.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientResult } from './clients.ts';
import { encodeCall, type HttpCall } from './load.ts';

/** User + system CPU seconds of this process's children that have ended (/proc/self/stat). */
function endedChildrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Whether `wrk` is on PATH. */
export function wrkInstalled(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk --version prints its usage and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  return true;
}

/** A Lua string literal of the bytes (Latin-1: each byte one character). */
function luaString(bytes: Buffer): string {
  let literal = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) literal += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) literal += String.fromCharCode(byte);
    else literal += `\\${String(byte).padStart(3, '0')}`;
  }
  return `${literal}"`;
}

// One thread, the requests round robin over all connections. No response() callback: with one,
// wrk copies every answer's headers and body into Lua (a page's 100 KB cost it more CPU than the
// node client); wrk counts statuses above 399 itself (the benchmark checks each call's answer is a
// 2xx before it loads it).
function script(requests: Buffer[]): string {
  return `local requests = {${requests.map(luaString).join(',')}}
local count = #requests
local turn = 0
function request()
  turn = turn % count + 1
  return requests[turn]
end
function done(summary, latency)
  local errors = summary.errors
  local failed = errors.status + errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("WRK %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), failed))
end
`;
}

/** `connections` connections send the calls in turn for `seconds`. */
export async function wrkLoad(
  url: string,
  calls: readonly HttpCall[],
  options: { connections: number; seconds: number },
): Promise<ClientResult> {
  const directory = mkdtempSync(join(tmpdir(), 'nova-bench-wrk-'));
  const file = join(directory, 'calls.lua');
  writeFileSync(file, script(calls.map((call) => encodeCall(url, call))));
  try {
    const cpuBefore = endedChildrenCpu();
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        'wrk',
        [
          '--threads',
          '1',
          '--connections',
          String(options.connections),
          '--duration',
          // wrk takes whole seconds.
          `${Math.max(1, Math.round(options.seconds))}s`,
          '--timeout',
          '30s',
          '--script',
          file,
          url,
        ],
        (error, stdout, stderr) =>
          error ? reject(new Error(`wrk: ${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const line = /^WRK (\d+) (\d+) (\d+) (\d+) (\d+)$/m.exec(output);
    if (line === null) throw new Error(`wrk printed no summary:\n${output}`);
    const [requests, microseconds, p50, p99, failures] = line.slice(1).map(Number) as number[];
    return {
      requests: requests as number,
      seconds: (microseconds as number) / 1e6,
      p50: (p50 as number) / 1000,
      p99: (p99 as number) / 1000,
      failures: failures as number,
      clientCpu: endedChildrenCpu() - cpuBefore,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
