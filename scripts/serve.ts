/** `nova-images-mock serve`: the standalone HTTP server over the app. */
import { readFileSync } from 'node:fs';
import { isBundledDataset } from '../mocks/dataset.ts';
import { readDatasetFile } from '../mocks/dataset-file.ts';
import { createApp } from '../mocks/handlers.ts';
import { listen } from '../mocks/http.ts';
import { isHttpUrl } from '../mocks/http-url.ts';
import { AUTH_MODES, type AuthMode, MAX_TOKEN_TTL_SECONDS } from '../mocks/identity/identity.ts';
import { parseUsers, type UserEntry } from '../mocks/identity/users.ts';
import { parseDelay, parseRule } from '../mocks/injection/grammar.ts';
import { SCENARIO_NAMES } from '../mocks/injection/scenarios.ts';
import { NOVA_RELEASES, type NovaRelease } from '../mocks/nova/release.ts';
import { type PersistedStore, persistToFile } from '../mocks/persist-file.ts';
import { integerFlag, parseFlags, UsageError } from './flags.ts';
import { whenLauncherExits } from './launcher-exit.ts';
import { watchDataset } from './watch-dataset.ts';

export const SERVE_HELP = `Usage: nova-images-mock serve [flags]

Serves Nova's images API (and its version documents) over HTTP.

Flags:
  --host HOST             address to listen on (default 127.0.0.1)
  --port PORT             port (default 8774; 0 picks a free port)
  --dataset NAME|PATH     api-samples (default), api-samples-foreign, unit-fixtures, demo, or a dataset file
  --watch                 reload the --dataset file when it changes (an invalid edit keeps the last good state)
  --persist FILE          keep the images in FILE across restarts (loaded from it when it exists, else from
                          --dataset); every write is on disk before its answer; reset goes back to the dataset
  --public-url URL        base of the links in responses (default: the request's origin)
  --glance-url URL        base of the alternate (Glance) links (default: <public url>/image)
  --project-id ID         the caller's project (default 6f70656e737461636b20342065766572)
  --nova-release R        master (default) or zed: which Nova to be (README "Release profiles")
  --max-microversion X.Y  a lower microversion ceiling than the release's (master 2.104, zed 2.93)
  --max-limit N           [api] max_limit for next links (default 1000)
  --metadata-quota N      metadata items per image, -1 = unlimited (default 128)
  --auth none|token       none (default): no token needed; token: 401 without a valid X-Auth-Token
  --token-ttl SECONDS     lifetime of Keystone tokens, 1 to 315360000 (10 years; default 86400)
  --users FILE            only these users may log in (JSON [{"user","password","project","roles"}]
                          or lines user:password[:project[:role,role]]); default: anyone, any password
  --error RULE            inject errors, repeatable: ENDPOINT[:IMAGE]=STATUS|network|delay[xN][/N][+N][@P][~MS[-MS]]
                          e.g. images.delete=403  'metadata.*=413@0.25'  images.show=404x1
  --scenario NAME         ${SCENARIO_NAMES.join(', ')}
  --latency MS|MIN-MAX    latency added to every request, e.g. 100-400
  --error-seed N          seed for probabilities and latency ranges (default random)
  --cors-origin ORIGIN    allowed browser origin, repeatable (default *); none = no CORS headers
  --cors-credentials      allow credentials (with --cors-origin other than *)
  --allowed-host NAME     also accept control-plane and Keystone writes addressed to this host name,
                          repeatable; * = any (default: IP addresses, localhost and the --public-url host)
  -h, --help              this help

Keystone v3 answers at <url>/identity/v3; the control plane at <url>/__mock/ (errors, scenario,
reset, requests).

Examples:
  nova-images-mock serve --port 0 --dataset demo --public-url http://openstack.example.com
  nova-images-mock serve --auth token --error 'images.show=404x1' --latency 100-400`;

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  dataset: { type: 'string' },
  watch: { type: 'boolean' },
  persist: { type: 'string' },
  'public-url': { type: 'string' },
  'glance-url': { type: 'string' },
  'project-id': { type: 'string' },
  'nova-release': { type: 'string' },
  'max-microversion': { type: 'string' },
  'max-limit': { type: 'string' },
  'metadata-quota': { type: 'string' },
  auth: { type: 'string' },
  'token-ttl': { type: 'string' },
  users: { type: 'string' },
  error: { type: 'string', multiple: true },
  scenario: { type: 'string' },
  latency: { type: 'string' },
  'error-seed': { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'cors-credentials': { type: 'boolean' },
  'allowed-host': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runServe(argv: string[]): Promise<number> {
  let app: ReturnType<typeof createApp>;
  let flags: ReturnType<typeof parseFlags<typeof FLAGS>>;
  let port: number;
  let persisted: PersistedStore | undefined;
  try {
    flags = parseFlags(argv, FLAGS);
    if (flags.help) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    const datasetFile =
      flags.dataset === undefined || isBundledDataset(flags.dataset) ? undefined : flags.dataset;
    app = createApp({
      // A file is streamed in below (it may be larger than one string can hold).
      dataset: datasetFile === undefined ? flags.dataset : [],
      publicUrl: urlFlag('public-url', flags['public-url']),
      glanceUrl: urlFlag('glance-url', flags['glance-url']),
      projectId: flags['project-id'],
      novaRelease: releaseFlag(flags['nova-release']),
      maxMicroversion: flags['max-microversion'],
      maxLimit: integerFlag('max-limit', flags['max-limit'], 1),
      metadataQuota: integerFlag('metadata-quota', flags['metadata-quota'], -1),
      auth: authFlag(flags.auth),
      tokenTtlSeconds: integerFlag('token-ttl', flags['token-ttl'], 1, MAX_TOKEN_TTL_SECONDS),
      users: flags.users === undefined ? undefined : usersFile(flags.users),
      errors: (flags.error ?? []).map((rule) => ruleFlag(rule)),
      scenario: flags.scenario,
      latency: latencyFlag(flags.latency),
      errorSeed: integerFlag('error-seed', flags['error-seed'], 0),
    });
    port = integerFlag('port', flags.port, 0) ?? 8774;
    if (flags.watch && datasetFile === undefined) {
      throw new UsageError('--watch needs --dataset PATH, a dataset file');
    }
    if (datasetFile !== undefined) app.store.replaceAll((await readDatasetFile(datasetFile)).records);
    if (flags.persist !== undefined) {
      const file = flags.persist;
      persisted = persistToFile(app.store, file, () =>
        process.stdout.write(`nova-images-mock: reset: ${file} holds the dataset again\n`),
      );
    }
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write('Run nova-images-mock serve --help for usage.\n');
    return 2;
  }
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(app.fetch, {
      host: flags.host,
      port,
      cors: corsFlag(flags),
      allowedHosts: allowedHostsFlag(flags['allowed-host'], flags.host, flags['public-url']),
    });
  } catch (error) {
    process.stderr.write(`nova-images-mock serve: cannot listen: ${(error as Error).message}\n`);
    return 1;
  }
  const kept =
    persisted === undefined
      ? ''
      : `, kept in ${flags.persist}${persisted.restored ? ', restored from it' : ', from the dataset'}`;
  process.stdout.write(
    `nova-images-mock: Nova images API at ${running.url}/v2.1 (${app.store.size} images${kept})\n`,
  );
  const rules = app.errors.list().length;
  process.stdout.write(
    `nova-images-mock: Keystone v3 at ${running.url}/identity/v3 (auth ${app.identity.auth}), control plane at ${running.url}/__mock/` +
      `${app.errors.scenario ? `, scenario ${app.errors.scenario}` : ''}${rules ? `, ${rules} error rule(s)` : ''}\n`,
  );
  const stopWatching =
    flags.watch && flags.dataset !== undefined
      ? watchDataset(
          flags.dataset,
          (records) => app.store.replaceAll(records),
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
  return 0;
}

function releaseFlag(value: string | undefined): NovaRelease | undefined {
  if (value === undefined) return undefined;
  if (!NOVA_RELEASES.includes(value as NovaRelease))
    throw new UsageError(`--nova-release must be ${NOVA_RELEASES.join(' or ')}, got "${value}"`);
  return value as NovaRelease;
}

function authFlag(value: string | undefined): AuthMode | undefined {
  if (value === undefined) return undefined;
  if (!AUTH_MODES.includes(value as AuthMode))
    throw new UsageError(`--auth must be none or token, got "${value}"`);
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
