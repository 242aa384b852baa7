/** `nova-images-mock serve`: the standalone HTTP server over the app. */
import { readFileSync } from 'node:fs';
import type { NovaImagesApp } from '../mocks/app.ts';
import { BUNDLED_DATASETS, DEFAULT_DATASET, isBundledDataset } from '../mocks/dataset.ts';
import { readServedDataset } from '../mocks/dataset-file.ts';
import type { CreateHandlersOptions } from '../mocks/handlers.ts';
import type { RunningServer } from '../mocks/http.ts';
import { isHttpUrl } from '../mocks/http-url.ts';
import {
  AUTH_MODES,
  type AuthMode,
  DEFAULT_TOKEN_TTL_SECONDS,
  MAX_TOKEN_TTL_SECONDS,
} from '../mocks/identity/identity.ts';
import { parseUsers, type UserEntry } from '../mocks/identity/users.ts';
import { parseDelay, parseRule } from '../mocks/injection/grammar.ts';
import { SCENARIO_NAMES } from '../mocks/injection/scenarios.ts';
import {
  DEFAULT_NOVA_RELEASE,
  NOVA_RELEASES,
  type NovaRelease,
  releaseProfile,
} from '../mocks/nova/release.ts';
import {
  DEFAULT_HOST,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_LIMIT,
  DEFAULT_METADATA_QUOTA,
  DEFAULT_PORT,
  DEFAULT_PROJECT_ID,
} from '../mocks/options.ts';
import { type PersistedStore, persistToFile } from '../mocks/persist-file.ts';
import { flagsHelp, integerFlag, parseFlags, UsageError } from './flags.ts';
import { whenLauncherExits } from './launcher-exit.ts';
import { watchDataset } from './watch-dataset.ts';

/** Each upload is held in one buffer: 1 GiB keeps a few of them within a Node process's memory. */
const MAX_IMAGE_BYTES = 1024 ** 3;
const ceilings = NOVA_RELEASES.map((release) => `${release} ${releaseProfile(release).maxVersion}`).join(
  ', ',
);
const otherDatasets = BUNDLED_DATASETS.filter((name) => name !== DEFAULT_DATASET).join(', ');
const otherReleases = NOVA_RELEASES.filter((release) => release !== DEFAULT_NOVA_RELEASE).join(' or ');

const FLAGS = {
  host: { type: 'string', value: 'HOST', help: `address to listen on (default ${DEFAULT_HOST})` },
  port: { type: 'string', value: 'PORT', help: `port (default ${DEFAULT_PORT}; 0 picks a free port)` },
  dataset: {
    type: 'string',
    value: 'NAME|PATH',
    help: `${DEFAULT_DATASET} (default), ${otherDatasets}, or a dataset file`,
  },
  watch: {
    type: 'boolean',
    help: 'reload the --dataset file when it changes (an invalid edit keeps the last good state)',
  },
  persist: {
    type: 'string',
    value: 'FILE',
    help: [
      'keep the images in FILE across restarts (loaded from it when it exists, else from',
      '--dataset); every write is on disk before its answer; reset goes back to the dataset',
    ],
  },
  'public-url': {
    type: 'string',
    value: 'URL',
    help: "base of the links in responses (default: the request's origin)",
  },
  'glance-url': {
    type: 'string',
    value: 'URL',
    help: 'base of the alternate (Glance) links (default: <public url>/image)',
  },
  'project-id': { type: 'string', value: 'ID', help: `the caller's project (default ${DEFAULT_PROJECT_ID})` },
  'nova-release': {
    type: 'string',
    value: 'R',
    help: `${DEFAULT_NOVA_RELEASE} (default) or ${otherReleases}: which Nova to be (README "Release profiles")`,
  },
  'max-microversion': {
    type: 'string',
    value: 'X.Y',
    help: `a lower microversion ceiling than the release's (${ceilings})`,
  },
  'max-limit': {
    type: 'string',
    value: 'N',
    help: `[api] max_limit for next links (default ${DEFAULT_MAX_LIMIT})`,
  },
  'metadata-quota': {
    type: 'string',
    value: 'N',
    help: `metadata items per image, -1 = unlimited (default ${DEFAULT_METADATA_QUOTA})`,
  },
  'max-image-bytes': {
    type: 'string',
    value: 'N',
    help: `largest Glance upload kept in memory, up to ${MAX_IMAGE_BYTES} (default ${DEFAULT_MAX_IMAGE_BYTES})`,
  },
  auth: {
    type: 'string',
    value: AUTH_MODES.join('|'),
    help: 'none (default): no token needed; token: 401 without a valid X-Auth-Token',
  },
  'token-ttl': {
    type: 'string',
    value: 'SECONDS',
    help: `lifetime of Keystone tokens, 1 to ${MAX_TOKEN_TTL_SECONDS} (10 years; default ${DEFAULT_TOKEN_TTL_SECONDS})`,
  },
  users: {
    type: 'string',
    value: 'FILE',
    help: [
      'only these users may log in (JSON [{"user","password","project","roles"}]',
      'or lines user:password[:project[:role,role]]); default: anyone, any password',
    ],
  },
  error: {
    type: 'string',
    multiple: true,
    value: 'RULE',
    help: [
      'inject errors, repeatable: ENDPOINT[:IMAGE]=STATUS|network|delay[xN][/N][+N][@P][~MS[-MS]]',
      "e.g. images.delete=403  'metadata.*=413@0.25'  images.show=404x1",
    ],
  },
  scenario: { type: 'string', value: 'NAME', help: SCENARIO_NAMES.join(', ') },
  latency: { type: 'string', value: 'MS|MIN-MAX', help: 'latency added to every request, e.g. 100-400' },
  'error-seed': {
    type: 'string',
    value: 'N',
    help: 'seed for probabilities and latency ranges (default random)',
  },
  'cors-origin': {
    type: 'string',
    multiple: true,
    value: 'ORIGIN',
    help: 'allowed browser origin, repeatable (default *); none = no CORS headers',
  },
  'cors-credentials': { type: 'boolean', help: 'allow credentials (with --cors-origin other than *)' },
  'allowed-host': {
    type: 'string',
    multiple: true,
    value: 'NAME',
    help: [
      'also accept control-plane and Keystone writes addressed to this host name,',
      'repeatable; * = any (default: IP addresses, localhost, *.localhost, and the',
      '--host and --public-url names)',
    ],
  },
  help: { type: 'boolean', short: 'h', help: 'this help' },
} as const;

export const SERVE_HELP = `Usage: nova-images-mock serve [flags]

Serves Nova's images API (and its version documents) over HTTP.

Flags:
${flagsHelp(FLAGS)}

Keystone v3 answers at <url>/identity/v3; the control plane at <url>/__mock/ (errors, scenario,
reset, requests).

Examples:
  nova-images-mock serve --port 0 --dataset demo --public-url http://openstack.example.com
  nova-images-mock serve --auth token --error 'images.show=404x1' --latency 100-400`;

type ServeFlags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/** The image service's module, loaded with the app's (after a dataset file's read has begun). */
const imageServiceModule = () => import('../mocks/glance/image-service.ts');

/** What the flags set up before the server listens: the app with its data, where to listen. */
interface ServeSetup {
  flags: ServeFlags;
  app: NovaImagesApp;
  port: number;
  persisted: PersistedStore | undefined;
}

/** The app the flags describe, its dataset file streamed in and `--persist` attached. */
async function setUp(flags: ServeFlags): Promise<ServeSetup> {
  const datasetFile =
    flags.dataset === undefined || isBundledDataset(flags.dataset) ? undefined : flags.dataset;
  const options: CreateHandlersOptions = {
    // A file is streamed in below (it may be larger than one string can hold).
    dataset: datasetFile === undefined ? flags.dataset : [],
    publicUrl: urlFlag('public-url', flags['public-url']),
    glanceUrl: urlFlag('glance-url', flags['glance-url']),
    projectId: flags['project-id'],
    novaRelease: releaseFlag(flags['nova-release']),
    maxMicroversion: maxMicroversionFlag(flags['max-microversion'], releaseFlag(flags['nova-release'])),
    maxLimit: integerFlag('max-limit', flags['max-limit'], 1),
    metadataQuota: integerFlag('metadata-quota', flags['metadata-quota'], -1),
    maxImageBytes: integerFlag('max-image-bytes', flags['max-image-bytes'], 0, MAX_IMAGE_BYTES),
    auth: authFlag(flags.auth),
    tokenTtlSeconds: integerFlag('token-ttl', flags['token-ttl'], 1, MAX_TOKEN_TTL_SECONDS),
    users: flags.users === undefined ? undefined : usersFile(flags.users),
    errors: (flags.error ?? []).map((rule) => ruleFlag(rule)),
    scenario: flags.scenario,
    latency: latencyFlag(flags.latency),
    errorSeed: integerFlag('error-seed', flags['error-seed'], 0),
  };
  const port = integerFlag('port', flags.port, 0) ?? DEFAULT_PORT;
  if (flags.watch && datasetFile === undefined) {
    throw new UsageError('--watch needs --dataset PATH, a dataset file');
  }
  // The file's check threads start reading before the app's modules load (about half a second
  // of one core's start-up; handlers.ts is most of the server's modules).
  const reading = datasetFile === undefined ? undefined : readServedDataset(datasetFile);
  // Its refusal is awaited below; until then it is not unhandled.
  reading?.catch(() => {});
  let app: NovaImagesApp;
  try {
    app = (await import('../mocks/handlers.ts')).createApp(options);
  } catch (error) {
    // The app's refusal of an option comes first, as when the file was read after it.
    await reading?.catch(() => {});
    throw error;
  }
  if (reading !== undefined) (await imageServiceModule()).replaceAllServed(app.store, await reading);
  const file = flags.persist;
  const persisted =
    file === undefined
      ? undefined
      : persistToFile(app.store, file, () =>
          process.stdout.write(`nova-images-mock: reset: ${file} holds the dataset again\n`),
        );
  return { flags, app, port, persisted };
}

/** The two lines that say what is served where. */
function announce({ flags, app, persisted }: ServeSetup, url: string): void {
  const kept =
    persisted === undefined
      ? ''
      : `, kept in ${flags.persist}${persisted.restored ? ', restored from it' : ', from the dataset'}`;
  process.stdout.write(
    `nova-images-mock: Nova images API at ${url}/v2.1 (${app.store.size} images${kept})\n`,
  );
  const rules = app.errors.list().length;
  process.stdout.write(
    `nova-images-mock: Keystone v3 at ${url}/identity/v3 (auth ${app.identity.auth}), control plane at ${url}/__mock/` +
      `${app.errors.scenario ? `, scenario ${app.errors.scenario}` : ''}${rules ? `, ${rules} error rule(s)` : ''}\n`,
  );
}

/** Serves until SIGINT, SIGTERM or the launcher's exit, following the dataset file with `--watch`. */
async function serveUntilStopped(
  { flags, app, persisted }: ServeSetup,
  running: RunningServer,
): Promise<void> {
  const { replaceAllServed } = await imageServiceModule();
  const stopWatching =
    flags.watch && flags.dataset !== undefined
      ? watchDataset(
          flags.dataset,
          (served) => replaceAllServed(app.store, served),
          (line) => process.stderr.write(`nova-images-mock: ${line}\n`),
        )
      : undefined;
  await new Promise<void>((resolve) => {
    const stopWatchingLauncher = whenLauncherExits(() => stop());
    const stop = () => {
      stopWatching?.();
      stopWatchingLauncher();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // Delayed requests are answered now rather than keeping the process alive until they end.
      app.errors.releaseDelays();
      void running.close().then(() => {
        persisted?.close();
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runServe(argv: string[]): Promise<number> {
  let setup: ServeSetup;
  try {
    const flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    setup = await setUp(flags);
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write('Run nova-images-mock serve --help for usage.\n');
    return 2;
  }
  const { flags } = setup;
  let running: RunningServer;
  try {
    const { listen } = await import('../mocks/http.ts');
    running = await listen(setup.app, {
      host: flags.host,
      port: setup.port,
      cors: corsFlag(flags),
      allowedHosts: allowedHostsFlag(flags['allowed-host'], flags.host, flags['public-url']),
    });
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: cannot listen: ${(error as Error).message}\n`);
    return 1;
  }
  announce(setup, running.url);
  await serveUntilStopped(setup, running);
  return 0;
}

function releaseFlag(value: string | undefined): NovaRelease | undefined {
  if (value === undefined) return undefined;
  if (!NOVA_RELEASES.includes(value as NovaRelease))
    throw new UsageError(`--nova-release must be ${NOVA_RELEASES.join(' or ')}, got "${value}"`);
  return value as NovaRelease;
}

/** `X.Y` from 2.1 up to the release's own ceiling, or a UsageError saying which range. */
function maxMicroversionFlag(
  value: string | undefined,
  release: NovaRelease | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  try {
    releaseProfile(release, value);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^maxMicroversion/, '--max-microversion'));
  }
  return value;
}

function authFlag(value: string | undefined): AuthMode | undefined {
  if (value === undefined) return undefined;
  if (!AUTH_MODES.includes(value as AuthMode))
    throw new UsageError(`--auth must be ${AUTH_MODES.join(' or ')}, got "${value}"`);
  return value as AuthMode;
}

function urlFlag(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isHttpUrl(value))
    throw new UsageError(
      `--${name} must be an absolute http(s) URL such as http://openstack.example.com, got "${value}"`,
    );
  return value;
}

function usersFile(path: string): UserEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--users ${path}: ${(error as Error).message}`);
  }
  try {
    return parseUsers(text);
  } catch (error) {
    throw new UsageError(`--users ${path}: ${(error as Error).message}`);
  }
}

function ruleFlag(text: string) {
  try {
    return parseRule(text);
  } catch (error) {
    throw new UsageError(`--error ${text}: ${(error as Error).message}`);
  }
}

/** `--latency` in the rule grammar's delay syntax (parseDelay), with its range in order. */
function latencyFlag(value: string | undefined): number | [number, number] | undefined {
  if (value === undefined) return undefined;
  const refused = new UsageError(`--latency must be MS or MIN-MAX milliseconds, got "${value}"`);
  let delay: number | [number, number];
  try {
    delay = parseDelay(value);
  } catch {
    throw refused;
  }
  if (Array.isArray(delay) && delay[1] < delay[0]) throw refused;
  return delay;
}

/** `--allowed-host` names, plus the names the server was told are its own (`--host`, `--public-url`). */
function allowedHostsFlag(
  names: string[] | undefined,
  host: string | undefined,
  publicUrl: string | undefined,
): string[] | '*' {
  if (names?.includes('*')) return '*';
  const own = [host, publicUrl === undefined ? undefined : new URL(publicUrl).hostname];
  return [...(names ?? []), ...own.filter((name): name is string => name !== undefined)];
}

function corsFlag(flags: { 'cors-origin'?: string[]; 'cors-credentials'?: boolean }) {
  const origins = flags['cors-origin'];
  if (origins?.includes('none')) return false as const;
  if (origins === undefined || origins.includes('*')) return { origins: '*' as const };
  return { origins, credentials: flags['cors-credentials'] ?? false };
}
