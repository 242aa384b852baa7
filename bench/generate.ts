/**
 * Benchmark of `nova-images-mock generate`: wall time, CPU time and peak RSS for 100k and 1M
 * images, each size in a fresh child process so that peak RSS is that run's own.
 *
 *   npx tsx bench/generate.ts [COUNT ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerate } from '../scripts/generate.ts';

interface Measurement {
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

async function child(count: string, out: string): Promise<void> {
  const start = performance.now();
  const code = await runGenerate(['--count', count, '--seed', '1', '--out', out]);
  if (code !== 0) process.exit(code);
  const usage = process.resourceUsage();
  const measurement: Measurement = {
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMiB: usage.maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(measurement));
}

function parent(counts: string[]): void {
  const directory = mkdtempSync(join(tmpdir(), 'nova-bench-'));
  try {
    console.log('images     seconds  cpu s  peak RSS  output    images/s');
    for (const count of counts) {
      const out = join(directory, `${count}.json`);
      const measured = JSON.parse(
        execFileSync(
          process.execPath,
          ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', count, out],
          {
            encoding: 'utf8',
          },
        ),
      ) as Measurement;
      const size = statSync(out).size;
      rmSync(out);
      console.log(
        [
          count.padStart(9),
          measured.seconds.toFixed(2).padStart(8),
          measured.cpuSeconds.toFixed(2).padStart(6),
          `${measured.peakRssMiB.toFixed(0)} MiB`.padStart(9),
          `${(size / 1024 ** 2).toFixed(0)} MiB`.padStart(8),
          Math.round(Number(count) / measured.seconds)
            .toString()
            .padStart(10),
        ].join('  '),
      );
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const [flag, count, out] = process.argv.slice(2);
if (flag === '--child' && count && out) await child(count, out);
else parent(process.argv.length > 2 ? process.argv.slice(2) : ['100000', '1000000']);
