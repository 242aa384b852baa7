/**
 * Benchmark of `nova-images-mock generate`: wall time, CPU time and peak RSS for 100k and 1M
 * images, each run in a fresh child process so that peak RSS is that run's own, in interleaved
 * rounds; the baseline, measured in the same rounds, is a child that only copies the generated
 * file (read and written by node's streams, as generate writes it). Each generate round also
 * says how much CPU other processes took meanwhile (from /proc/stat), which is what makes a round
 * slow on a shared machine. Numbers, not pass/fail.
 *
 *   npm run bench:generate [-- --rounds 3 COUNT ...]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { runGenerate } from '../scripts/generate.ts';
import { ratios, spread } from './support/stats.ts';

interface Measurement {
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

function measured(start: number): Measurement {
  const usage = process.resourceUsage();
  return {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMiB: usage.maxRSS / 1024,
  };
}

async function generateChild(count: string, out: string): Promise<void> {
  const start = performance.now();
  const code = await runGenerate(['--count', count, '--seed', '1', '--out', out]);
  if (code !== 0) process.exit(code);
  process.stdout.write(JSON.stringify(measured(start)));
}

async function copyChild(from: string, to: string): Promise<void> {
  const start = performance.now();
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), createWriteStream(to));
  process.stdout.write(JSON.stringify(measured(start)));
}

/**
 * CPU seconds the whole machine has spent busy (every process, the kernel's own work included):
 * what the child did not use of it while it ran went to other processes, which on a shared
 * machine is what makes a round slow.
 */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/);
  // cpu user nice system idle iowait irq softirq steal …, in clock ticks (USER_HZ, 100 on Linux).
  const [user, nice, system, , , irq, softirq, steal] = fields.slice(1).map(Number) as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

function child(...args: string[]): Measurement & { othersCpuSeconds: number } {
  const busy = machineBusySeconds();
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, ...args],
    { encoding: 'utf8' },
  );
  const measurement = JSON.parse(output) as Measurement;
  return { ...measurement, othersCpuSeconds: machineBusySeconds() - busy - measurement.cpuSeconds };
}

function parent(counts: string[], rounds: number): void {
  const directory = mkdtempSync(join(tmpdir(), 'nova-bench-'));
  const load = () => loadavg()[0]?.toFixed(1);
  const runs = new Map<
    string,
    { generate: (Measurement & { othersCpuSeconds: number })[]; copy: Measurement[]; bytes: number }
  >();
  try {
    console.log(`load average ${load()} at the start`);
    for (let round = 0; round < rounds; round++) {
      for (const count of counts) {
        const out = join(directory, `${count}.json`);
        const copy = join(directory, `${count}-copy.json`);
        const run = runs.get(count) ?? { generate: [], copy: [], bytes: 0 };
        run.generate.push(child('--generate', count, out));
        run.bytes = statSync(out).size;
        run.copy.push(child('--copy', out, copy));
        rmSync(out);
        rmSync(copy);
        runs.set(count, run);
      }
    }
    console.log(
      `generate --seed 1, ${rounds} interleaved rounds (median, min–max); load average ${load()} at the end`,
    );
    for (const [count, run] of runs) {
      const seconds = run.generate.map((m) => m.seconds);
      const copySeconds = run.copy.map((m) => m.seconds);
      console.log(`\n${Number(count).toLocaleString('en')} images, ${(run.bytes / 2 ** 20).toFixed(0)} MiB`);
      console.log(
        `  generate   ${spread(seconds)} s wall, ${spread(run.generate.map((m) => m.cpuSeconds))} s CPU, peak RSS ${spread(
          run.generate.map((m) => m.peakRssMiB),
          0,
        )} MiB, ${spread(
          seconds.map((s) => Number(count) / s),
          0,
        )} images/s`,
      );
      console.log(
        `  others     ${spread(run.generate.map((m) => Math.max(0, m.othersCpuSeconds)))} s of CPU used by other processes while generate ran (the machine has ${availableParallelism()} s per second)`,
      );
      console.log(
        `  copy       ${spread(copySeconds)} s wall (the same bytes read and written)   generate is ${spread(ratios(seconds, copySeconds))}× the copy`,
      );
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '3' },
    generate: { type: 'boolean' },
    copy: { type: 'boolean' },
  },
});
const [first = '', second = ''] = positionals;
if (values.generate) await generateChild(first, second);
else if (values.copy) await copyChild(first, second);
else parent(positionals.length > 0 ? positionals : ['100000', '1000000'], Number(values.rounds));
