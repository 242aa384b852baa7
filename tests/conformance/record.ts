/**
 * `npm run conformance:record [corpus ...]`: asks a real Nova + Glance every request of the
 * corpus (a Glance corpus's straight to Glance) and writes the answers to
 * tests/conformance/snapshots, which the replay test compares the mock with; the Glance corpus's
 * answers to `GET /v2/schemas/*` are also the schema documents the mock serves
 * (mocks/glance-api/schemas/). Needs Debian 12's python3-nova and python3-glance (oracle/up.sh installs them
 * with apt when missing) and /usr/bin/python3.
 *
 * The oracle is started with oracle/up.sh and stopped at the end; with ORACLE_STATE pointing at
 * the state file of one already running, that one is used and left running. Each corpus's
 * dataset is loaded with oracle/load.py, whose export of what Glance really holds is what the
 * replay serves (tests/conformance/exported); a sequence that wrote is followed by a reload.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFORMANCE_DIR,
  type Corpus,
  EXPORTED_DIR,
  readCorpora,
  SNAPSHOT_DIR,
  toRawRequest,
} from './corpus.ts';
import { normalise, type Origins } from './normalise.ts';
import { sendRaw } from './raw-http.ts';
import { datasetFileOf, exportedFileOf, type Snapshot } from './snapshot.ts';

const ORACLE = join(CONFORMANCE_DIR, 'oracle');
const PYTHON = '/usr/bin/python3';

function readState(path: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) state[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  return state;
}

function packageVersion(name: string): string {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not a template
  return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' });
}

function load(dataset: string, out: string, statePath: string): void {
  execFileSync(
    PYTHON,
    [join(ORACLE, 'load.py'), datasetFileOf(dataset), '--state', statePath, '--out', out],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

async function recordCorpus(corpus: Corpus, statePath: string, origins: Origins): Promise<Snapshot> {
  const target = new URL(corpus.service === 'glance' ? origins.glance : origins.nova);
  const exported = exportedFileOf(corpus.dataset);
  mkdirSync(EXPORTED_DIR, { recursive: true });
  load(corpus.dataset, exported, statePath);
  rmSync(`${exported}.report.json`, { force: true });
  const scratch = join(tmpdir(), `conformance-reload-${process.pid}.json`);
  const snapshot: Snapshot = {
    recorded: {
      nova: packageVersion('python3-nova'),
      glance: packageVersion('python3-glance'),
      at: new Date().toISOString(),
    },
    service: corpus.service,
    dataset: corpus.dataset,
    sequences: [],
  };
  let dirty = false;
  for (const sequence of corpus.sequences) {
    if (dirty) load(corpus.dataset, scratch, statePath);
    const steps: Snapshot['sequences'][number]['steps'] = [];
    for (const step of sequence.steps) {
      const raw = await sendRaw(target.hostname, Number(target.port), toRawRequest(step, target.host));
      steps.push({ request: step, response: normalise(raw, origins) });
    }
    snapshot.sequences.push({ name: sequence.name, steps });
    // A refused write changes nothing; anything else may have, so the next sequence reloads. A
    // `_method` in the query routes a GET as any method (mocks/nova/method-override.ts).
    dirty = steps.some(
      ({ request, response }) =>
        ((request.method !== 'GET' && request.method !== 'HEAD') || request.path.includes('_method')) &&
        ('noAnswer' in response || response.status < 400 || response.status >= 500),
    );
    process.stderr.write(`  ${corpus.name}: ${sequence.name} (${steps.length})\n`);
  }
  return snapshot;
}

const GLANCE_SCHEMAS = join(CONFORMANCE_DIR, '..', '..', 'mocks', 'glance-api', 'schemas');

/** Glance's own schema documents, as the Glance corpus received them, in the project's format. */
function saveGlanceSchemas(snapshot: Snapshot): void {
  const written: string[] = [];
  for (const { steps } of snapshot.sequences) {
    for (const { request, response } of steps) {
      const name = /^\/v2\/schemas\/(image|images|member|members)$/.exec(request.path)?.[1];
      if (!name || request.method !== 'GET' || 'noAnswer' in response || response.status !== 200) continue;
      const file = join(GLANCE_SCHEMAS, `${name}.json`);
      writeFileSync(file, `${JSON.stringify(response.body, null, 2)}\n`);
      written.push(file);
    }
  }
  execFileSync('npx', ['biome', 'format', '--write', ...written], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const given = process.env.ORACLE_STATE;
  const statePath = given ?? join(tmpdir(), `nova-images-mock-conformance-${process.pid}.env`);
  const startHere = given === undefined || !existsSync(given);
  if (startHere)
    execFileSync(join(ORACLE, 'up.sh'), {
      env: { ...process.env, ORACLE_STATE: statePath },
      stdio: 'inherit',
    });
  try {
    const state = readState(statePath);
    const origins: Origins = {
      nova: state.NOVA_URL ?? '',
      glance: state.GLANCE_URL ?? '',
      runStart: new Date(),
    };
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    for (const corpus of readCorpora(only)) {
      const snapshot = await recordCorpus(corpus, statePath, origins);
      writeFileSync(join(SNAPSHOT_DIR, `${corpus.name}.json`), `${JSON.stringify(snapshot, null, 1)}\n`);
      if (corpus.service === 'glance') saveGlanceSchemas(snapshot);
      const count = snapshot.sequences.reduce((sum, sequence) => sum + sequence.steps.length, 0);
      console.log(`${corpus.name}: ${snapshot.sequences.length} sequences, ${count} requests recorded`);
    }
  } finally {
    if (startHere)
      execFileSync(join(ORACLE, 'down.sh'), {
        env: { ...process.env, ORACLE_STATE: statePath },
        stdio: 'inherit',
      });
  }
}

await main();
