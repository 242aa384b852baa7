/**
 * `nova-images-mock data`: a dataset's records as a plain REST collection (json-server 0.17.4),
 * to browse and edit. Edits persist to the file; `serve --dataset FILE --watch` picks them up.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { BUNDLED_DATASETS, isBundledDataset } from '../mocks/dataset.ts';
import { readServedDatasetFile } from '../mocks/dataset-file.ts';
import { datasetPath } from '../mocks/dataset-sync.ts';
import type { ImageRecord } from '../mocks/types.ts';
import { datasetDatabase, type LowDatabase } from './dataset-db.ts';
import { flagsHelp, integerFlag, parseFlags, UsageError } from './flags.ts';
import {
  type GetById,
  getByIdOf,
  madeInBackground,
  type RecordsSource,
  recordsAsRead,
} from './records-as-read.ts';

const DEFAULT_DATA_DATASET = 'demo';
const DEFAULT_DATA_PORT = 3001;
const HOST = '127.0.0.1';

const FLAGS = {
  dataset: {
    type: 'string',
    value: 'NAME|PATH',
    help: `${DEFAULT_DATA_DATASET} (default), ${BUNDLED_DATASETS.filter((name) => name !== DEFAULT_DATA_DATASET).join(', ')}, or a dataset file`,
  },
  port: { type: 'string', value: 'PORT', help: `port (default ${DEFAULT_DATA_PORT}; 0 picks a free port)` },
  help: { type: 'boolean', short: 'h', help: 'this help' },
} as const;

export const DATA_HELP = `Usage: nova-images-mock data [flags]

Serves a dataset's records with json-server at http://${HOST}:PORT/images: list, filter
(?status=saving), get, PATCH, PUT, POST and DELETE. Every edit is saved to the dataset file.

A bundled dataset is never edited in place: it is copied once to
./nova-images-data/<name>.json, and that copy is served (and kept for the next run).

Flags:
${flagsHelp(FLAGS)}

Examples:
  nova-images-mock data --dataset images.json
  curl -X PATCH -H 'Content-Type: application/json' -d '{"status": "killed"}' \\
    http://${HOST}:${DEFAULT_DATA_PORT}/images/<id>
  nova-images-mock serve --dataset images.json --watch   # the Nova API follows the edits`;

const WORKING_DIRECTORY = 'nova-images-data';

/** The lodash of json-server's database, with lodash-id's methods mixed in. */
interface JsonServerLodash {
  getById: GetById;
  mixin(methods: { getById: GetById }): void;
}

/** The slice of json-server 0.17.4's API used here (it ships no types). */
interface JsonServer {
  create(): { use(...handlers: unknown[]): void; listen(port: number, host: string): Server };
  defaults(options: { static: string; logger: boolean }): unknown[];
  router(database: LowDatabase): { db: { _: JsonServerLodash } };
}

const require = createRequire(import.meta.url);

const JSON_SERVER_MISSING =
  'nova-images-mock data: needs json-server 0.17.4, an optional peer dependency that is not installed.\n' +
  'Install it next to nova-images-mock: npm install --save-dev json-server@0.17.4\n' +
  '(for a global nova-images-mock: npm install --global json-server@0.17.4)\n';

/** json-server, loaded only here: it is an optional peer dependency, needed by `data` alone. */
export function loadJsonServer(): JsonServer | undefined {
  try {
    return require('json-server') as JsonServer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The file to serve: a copy of a bundled dataset (made once), or the given file itself. */
async function workingFile(dataset: string): Promise<string> {
  if (!isBundledDataset(dataset)) return resolve(dataset);
  const copy = resolve(WORKING_DIRECTORY, `${dataset}.json`);
  await mkdir(dirname(copy), { recursive: true });
  try {
    await copyFile(datasetPath(dataset), copy, constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return copy;
}

/** json-server over a dataset's database, listening on `port`; rejects when it cannot listen. */
export async function serveRecords(jsonServer: JsonServer, database: LowDatabase, port: number) {
  const app = jsonServer.create();
  const staticDirectory = join(dirname(require.resolve('json-server/package.json')), 'public');
  app.use(jsonServer.defaults({ static: staticDirectory, logger: false }));
  const router = jsonServer.router(database);
  // Finds a record of a file served from its bytes by the file's id table (recordsAsRead).
  router.db._.mixin({ getById: getByIdOf(router.db._.getById) });
  app.use(router);
  const server = app.listen(port, HOST);
  await new Promise<void>((listening, failed) => {
    server.once('listening', listening);
    server.once('error', failed);
  });
  return server;
}

/** Resolves when SIGINT or SIGTERM has closed the server. */
function closedOnSignal(server: Server): Promise<void> {
  return new Promise<void>((stopped) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => stopped());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runData(argv: string[]): Promise<number> {
  let flags: ReturnType<typeof parseFlags<typeof FLAGS>>;
  let port: number;
  try {
    flags = parseFlags(argv, FLAGS);
    port = integerFlag('port', flags.port, 0) ?? DEFAULT_DATA_PORT;
  } catch (error) {
    process.stderr.write(`nova-images-mock data: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write('Run nova-images-mock data --help for usage.\n');
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${DATA_HELP}\n`);
    return 0;
  }

  const jsonServer = loadJsonServer();
  if (jsonServer === undefined) {
    process.stderr.write(JSON_SERVER_MISSING);
    return 1;
  }

  let file: string;
  let database: LowDatabase;
  let madeAsRead: ImageRecord[] | undefined;
  try {
    file = await workingFile(flags.dataset ?? DEFAULT_DATA_DATASET);
    // json-server serves any JSON; refuse files the Nova mock could not load.
    // json-server edits its records in place, and saves them with their fields in the file's order.
    // A large file is served from its bytes, as `serve` serves it: each record made as json-server reads it.
    const { served, layout } = await readServedDatasetFile(file, 'editable');
    if (!Array.isArray(served)) madeAsRead = recordsAsRead(served as RecordsSource);
    database = datasetDatabase(file, { images: madeAsRead ?? (served as ImageRecord[]), layout });
  } catch (error) {
    process.stderr.write(`nova-images-mock data: ${(error as Error).message}\n`);
    return 1;
  }

  let server: Server;
  try {
    server = await serveRecords(jsonServer, database, port);
  } catch (error) {
    process.stderr.write(`nova-images-mock data: cannot listen: ${(error as Error).message}\n`);
    return 1;
  }
  // The records not read yet are made between requests, before the first write needs them all.
  if (madeAsRead !== undefined) madeInBackground(madeAsRead);
  const address = server.address();
  const url = `http://${HOST}:${typeof address === 'object' && address ? address.port : port}`;
  process.stdout.write(
    `nova-images-mock data: records of ${file} at ${url}/images (edits are saved to the file)\n`,
  );
  await closedOnSignal(server);
  return 0;
}
