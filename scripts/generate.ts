/** `nova-images-mock generate`: a seeded dataset, streamed to a file or stdout. */
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { datasetRecords, type GenerateDatasetOptions } from '../generators/dataset.ts';
import { parallelWorthIt, serializeParallel } from '../generators/parallel.ts';
import { OUTPUT_FORMATS, type OutputFormat, serializeRecords } from '../generators/writer.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { integerFlag, parseFlags, UsageError } from './flags.ts';

export const GENERATE_HELP = `Usage: nova-images-mock generate [flags]

Writes a realistic image dataset: the 11 api-samples images, then generated distribution
images, uploads, snapshots and backups. Record i depends only on (seed, i): the same flags
give a byte-identical file, and a larger --count only appends records.

Flags:
  --count N          number of images, api-samples included (default 200)
  --seed S           integer seed (default 1)
  --no-samples       leave out the 11 api-samples images
  --now ISO          reference date timestamps lead up to (default 2026-01-01T00:00:00Z)
  --format FORMAT    dataset (default): {"images": [...]}, one record per line
                     ndjson: one record per line, nothing else
                     json-server: {"images": [...]} formatted as json-server saves it
  --out FILE|-       where to write (default -, stdout)
  -h, --help         this help

A progress bar is shown on stderr when stderr is a terminal.

Examples:
  nova-images-mock generate --count 1000 --seed 42 --out images.json
  nova-images-mock generate --count 200 --seed 1 --format json-server --out db.json
  npm run generate -- --count 100000 --format ndjson --no-samples > images.ndjson`;

const FLAGS = {
  count: { type: 'string' },
  seed: { type: 'string' },
  'no-samples': { type: 'boolean' },
  now: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface GenerateRequest {
  dataset: GenerateDatasetOptions & { count: number };
  format: OutputFormat;
  out: string;
}

function parseRequest(argv: string[]): GenerateRequest | 'help' {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) return 'help';
  const format = flags.format ?? 'dataset';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${format}"`);
  }
  const now = flags.now ?? '2026-01-01T00:00:00Z';
  if (Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be an ISO 8601 date, got "${now}"`);
  return {
    dataset: {
      count: integerFlag('count', flags.count, 0) ?? 200,
      seed: integerFlag('seed', flags.seed, Number.MIN_SAFE_INTEGER) ?? 1,
      samples: !flags['no-samples'],
      now,
    },
    format: format as OutputFormat,
    out: flags.out ?? '-',
  };
}

/** A progress bar on stderr when it is a terminal; a no-op otherwise. */
function progress(total: number): { add(count: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { add() {}, stop() {} };
  const bar = new SingleBar({
    stream: process.stderr,
    etaBuffer: 50,
    format: '{bar} {percentage}% | {value}/{total} images | ETA {eta}s',
  });
  bar.start(total, 0);
  return { add: (count) => bar.increment(count), stop: () => bar.stop() };
}

/** Counts records as they pass, a thousand at a time. */
function* counted(records: Iterable<ImageRecord>, add: (count: number) => void): Generator<ImageRecord> {
  let pending = 0;
  for (const record of records) {
    yield record;
    if (++pending === 1000) {
      add(pending);
      pending = 0;
    }
  }
  add(pending);
}

export async function runGenerate(argv: string[]): Promise<number> {
  let request: GenerateRequest | 'help';
  try {
    request = parseRequest(argv);
  } catch (error) {
    process.stderr.write(`nova-images-mock generate: ${(error as Error).message}\n`);
    if (error instanceof UsageError)
      process.stderr.write('Run nova-images-mock generate --help for usage.\n');
    return 2;
  }
  if (request === 'help') {
    process.stdout.write(`${GENERATE_HELP}\n`);
    return 0;
  }
  const output: Writable = request.out === '-' ? process.stdout : createWriteStream(request.out);
  const bar = progress(request.dataset.count);
  try {
    // Large datasets are drawn by a worker per core; the output is the same bytes.
    const chunks = parallelWorthIt(request.dataset.count)
      ? serializeParallel(request.dataset, request.format, { onRecords: bar.add })
      : serializeRecords(counted(datasetRecords(request.dataset), bar.add), request.format);
    await pipeline(Readable.from(chunks), output);
  } catch (error) {
    process.stderr.write(
      `nova-images-mock generate: cannot write ${request.out}: ${(error as Error).message}\n`,
    );
    return 1;
  } finally {
    bar.stop();
  }
  return 0;
}
