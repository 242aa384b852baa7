/** `nova-images-mock generate`: a seeded dataset, streamed to a file or stdout. */
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { datasetRecords, type GenerateDatasetOptions, SAMPLE_COUNT } from '../generators/dataset.ts';
import { parallelWorthIt, serializeParallel } from '../generators/parallel.ts';
import { DEFAULT_NOW } from '../generators/time.ts';
import { OUTPUT_FORMATS, type OutputFormat, serializeRecords } from '../generators/writer.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { flagsHelp, integerFlag, parseFlags, UsageError } from './flags.ts';

const DEFAULT_COUNT = 200;
const DEFAULT_SEED = 1;

const FLAGS = {
  count: {
    type: 'string',
    value: 'N',
    help: `number of images, api-samples included (default ${DEFAULT_COUNT})`,
  },
  seed: { type: 'string', value: 'S', help: `integer seed (default ${DEFAULT_SEED})` },
  'no-samples': { type: 'boolean', help: `leave out the ${SAMPLE_COUNT} api-samples images` },
  now: {
    type: 'string',
    value: 'ISO',
    help: `reference date timestamps lead up to (default ${DEFAULT_NOW})`,
  },
  format: {
    type: 'string',
    value: 'FORMAT',
    help: [
      'dataset (default): {"images": [...]}, one record per line',
      'ndjson: one record per line, nothing else',
      'json-server: {"images": [...]} formatted as json-server saves it',
    ],
  },
  out: { type: 'string', value: 'FILE|-', help: 'where to write (default -, stdout)' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
} as const;

export const GENERATE_HELP = `Usage: nova-images-mock generate [flags]

Writes a realistic image dataset: the ${SAMPLE_COUNT} api-samples images, then generated distribution
images, uploads, snapshots and backups. Record i depends only on (seed, i): the same flags
give a byte-identical file, and a larger --count only appends records.

Flags:
${flagsHelp(FLAGS)}

A progress bar is shown on stderr when stderr is a terminal.

Examples:
  nova-images-mock generate --count 1000 --seed 42 --out images.json
  nova-images-mock generate --count 200 --seed 1 --format json-server --out db.json
  npm run generate -- --count 100000 --format ndjson --no-samples > images.ndjson`;

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
  const now = flags.now ?? DEFAULT_NOW;
  if (Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be an ISO 8601 date, got "${now}"`);
  return {
    dataset: {
      count: integerFlag('count', flags.count, 0) ?? DEFAULT_COUNT,
      seed: integerFlag('seed', flags.seed, Number.MIN_SAFE_INTEGER) ?? DEFAULT_SEED,
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

/**
 * Writes each chunk, and waits until it is written, before asking for the next: the parallel
 * generator reuses a chunk's memory once the next is asked for.
 */
async function writeInTurn(chunks: AsyncIterable<Buffer>, output: Writable): Promise<void> {
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
  };
  output.on('error', fail);
  for await (const chunk of chunks) {
    await new Promise<void>((resolve) => output.write(chunk, () => resolve()));
    if (failure) throw failure;
  }
  output.end();
  await finished(output);
  output.off('error', fail);
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
    if (parallelWorthIt(request.dataset.count)) {
      await writeInTurn(serializeParallel(request.dataset, request.format, { onRecords: bar.add }), output);
    } else {
      const chunks = serializeRecords(counted(datasetRecords(request.dataset), bar.add), request.format);
      await pipeline(Readable.from(chunks), output);
    }
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
