/**
 * The conformance corpus (tests/conformance/corpus/*.json): requests as data, expanded the same
 * way by the recorder (against the real Nova + Glance) and by the replay (against the mock).
 *
 * A corpus file names a dataset and the service its paths are below (`nova`, the default, or
 * `glance`: the real Glance's root, the mock's `/image`), and holds sequences of steps. Every
 * sequence starts from the freshly loaded dataset, so a sequence of writes then reads compares state after each step.
 * `expand` multiplies a sequence over named values (`${name}` in any string of its steps);
 * `random` sequences are drawn from a seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../mocks/injection/random.ts';
import type { RawRequest } from './raw-http.ts';

export const CONFORMANCE_DIR = new URL('.', import.meta.url).pathname;
export const CORPUS_DIR = join(CONFORMANCE_DIR, 'corpus');
export const SNAPSHOT_DIR = join(CONFORMANCE_DIR, 'snapshots');
export const EXPORTED_DIR = join(CONFORMANCE_DIR, 'exported');

/** Callers, in the oracle's `X-Auth-Token: user:project[:roles]` convention (oracle/lib/oracle_auth.py). */
export const CALLERS: Readonly<Record<string, { user: string; project: string; roles: string[] } | null>> = {
  /** The owner of the bundled images. */
  own: { user: 'demo', project: '6f70656e737461636b20342065766572', roles: ['member', 'reader'] },
  /** A project images are shared with. */
  other: { user: 'alt', project: 'edec047093eca3df648e69d942656b6b', roles: ['member', 'reader'] },
  /** A project with nothing of its own, shared nothing. */
  third: { user: 'third', project: 'c5f4f1c36c61c1c427c93b4a7c93cca8', roles: ['member', 'reader'] },
  /** The owner of api-samples-foreign's foreign image. */
  foreign: { user: 'foreign', project: '0f7e1a2b3c4d4e5f8a9b0c1d2e3f4a5b', roles: ['member', 'reader'] },
  admin: { user: 'admin', project: '6f70656e737461636b20342065766572', roles: ['admin', 'member', 'reader'] },
  reader: { user: 'viewer', project: '6f70656e737461636b20342065766572', roles: ['reader'] },
  /** No X-Auth-Token at all. */
  none: null,
};

/** The token a caller sends: exactly what oracle_auth.parse_token reads back. */
export function tokenOf(caller: string): string | undefined {
  const entry = CALLERS[caller];
  if (entry === undefined) throw new Error(`unknown caller ${caller}`);
  if (entry === null) return undefined;
  const defaults = entry.user === 'admin' ? 'admin,member,reader' : 'member,reader';
  const roles = entry.roles.join(',');
  return roles === defaults ? `${entry.user}:${entry.project}` : `${entry.user}:${entry.project}:${roles}`;
}

export interface Step {
  /** What the step checks, named when it differs. */
  note?: string;
  method: string;
  /** The request target, sent byte for byte. */
  path: string;
  /** A key of CALLERS; default `own`. */
  caller?: string;
  headers?: Record<string, string>;
  /** A JSON body (sent with `Content-Type: application/json` unless `headers` say otherwise). */
  json?: unknown;
  /** A raw body, as UTF-8 text. */
  body?: string;
  /** A raw body as hex bytes (invalid UTF-8 and the like). */
  bodyHex?: string;
  /** A large body: `prefix` + `char` × `count` + `suffix`. */
  bodyFill?: { prefix?: string; char: string; count: number | string; suffix?: string };
  /** The Host header; default the server's `host:port`; '' sends none. */
  host?: string;
}

export interface Sequence {
  name: string;
  steps: Step[];
}

interface SequenceSpec extends Sequence {
  /** name → values; a value may bind several names at once (`{"method": "GET", "path": "/"}`). */
  expand?: Record<string, Array<string | Record<string, string>>>;
}

interface RandomSpec {
  name: string;
  seed: number;
  length: number;
  images: string[];
  callers: string[];
  keys: string[];
  values: string[];
}

/** The API a corpus speaks to: Nova's root, or Glance's (the real one's `/`, the mock's `/image`). */
export type Service = 'nova' | 'glance';

export interface CorpusFile {
  description: string;
  /** Default `nova`. */
  service?: Service;
  /** A bundled dataset name, or a file in tests/conformance/datasets (`datasets/x.json`). */
  dataset: string;
  sequences?: SequenceSpec[];
  random?: RandomSpec[];
}

export interface Corpus {
  name: string;
  service: Service;
  dataset: string;
  sequences: Sequence[];
}

/** Every corpus file, expanded. */
export function readCorpora(only?: readonly string[]): Corpus[] {
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((name) => !only || only.length === 0 || only.includes(name))
    .sort()
    .map((name) => {
      const file = JSON.parse(readFileSync(join(CORPUS_DIR, `${name}.json`), 'utf8')) as CorpusFile;
      return { name, service: file.service ?? 'nova', dataset: file.dataset, sequences: expandCorpus(file) };
    });
}

export function expandCorpus(file: CorpusFile): Sequence[] {
  const sequences = (file.sequences ?? []).flatMap(expandSequence);
  for (const spec of file.random ?? []) sequences.push(randomSequence(spec));
  const names = new Set<string>();
  for (const { name } of sequences) {
    if (names.has(name)) throw new Error(`duplicate sequence name ${name}`);
    names.add(name);
  }
  return sequences;
}

function expandSequence(spec: SequenceSpec): Sequence[] {
  let bindings: Array<Record<string, string>> = [{}];
  for (const [name, values] of Object.entries(spec.expand ?? {})) {
    bindings = bindings.flatMap((binding) =>
      values.map((value) => ({ ...binding, ...(typeof value === 'string' ? { [name]: value } : value) })),
    );
  }
  return bindings.map((binding) => {
    const label = Object.values(binding).join(' ');
    return {
      name: label ? `${spec.name} [${label}]` : spec.name,
      steps: spec.steps.map((step) => substitute(step, binding) as Step),
    };
  });
}

function substitute(value: unknown, binding: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{(\w+)\}/g, (whole, name: string) => binding[name] ?? whole);
  if (Array.isArray(value)) return value.map((item) => substitute(item, binding));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        substitute(key, binding) as string,
        substitute(item, binding),
      ]),
    );
  }
  return value;
}

/** Writes of every kind by several callers, each followed by reads of the state it left. */
function randomSequence(spec: RandomSpec): Sequence {
  const random = seededRandom(spec.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pairs = () => {
    // No prototype: `__proto__` is one of the keys drawn, and must stay an ordinary key.
    const out: Record<string, string> = Object.create(null);
    const count = Math.floor(random() * 3);
    for (let index = 0; index < count; index++) out[pick(spec.keys)] = pick(spec.values);
    return out;
  };
  const steps: Step[] = [];
  for (let index = 0; index < spec.length; index++) {
    const image = pick(spec.images);
    const caller = pick(spec.callers);
    const key = pick(spec.keys);
    const base = `/v2.1/images/${image}`;
    const writes: Step[] = [
      { method: 'POST', path: `${base}/metadata`, caller, json: { metadata: pairs() } },
      { method: 'PUT', path: `${base}/metadata`, caller, json: { metadata: pairs() } },
      {
        method: 'PUT',
        path: `${base}/metadata/${key}`,
        caller,
        json: { meta: Object.fromEntries([[key, pick(spec.values)]]) },
      },
      { method: 'DELETE', path: `${base}/metadata/${key}`, caller },
    ];
    if (random() < 0.05) writes.push({ method: 'DELETE', path: base, caller });
    steps.push(pick(writes));
    const reader = pick(spec.callers);
    steps.push({ method: 'GET', path: base, caller: reader });
    if (random() < 0.3) steps.push({ method: 'GET', path: '/v2.1/images/detail', caller: reader });
    if (random() < 0.2) steps.push({ method: 'GET', path: `${base}/metadata/${key}`, caller: reader });
  }
  return { name: spec.name, steps };
}

/** The bytes a step sends to `host:port`. */
export function toRawRequest(step: Step, hostPort: string): RawRequest {
  const headers: Array<[string, string]> = [];
  const host = step.host ?? hostPort;
  if (host !== '') headers.push(['Host', host]);
  const token = tokenOf(step.caller ?? 'own');
  if (token !== undefined) headers.push(['X-Auth-Token', token]);
  const body = bodyOf(step);
  const given = new Set(Object.keys(step.headers ?? {}).map((name) => name.toLowerCase()));
  if (step.json !== undefined && !given.has('content-type'))
    headers.push(['Content-Type', 'application/json']);
  for (const [name, value] of Object.entries(step.headers ?? {})) headers.push([name, value]);
  if (body && !given.has('content-length') && !given.has('transfer-encoding'))
    headers.push(['Content-Length', String(body.byteLength)]);
  headers.push(['Connection', 'close']);
  return { method: step.method, target: step.path, headers, ...(body ? { body } : {}) };
}

function bodyOf(step: Step): Uint8Array | undefined {
  if (step.json !== undefined) return Buffer.from(JSON.stringify(step.json));
  if (step.body !== undefined) return Buffer.from(step.body);
  if (step.bodyHex !== undefined) return Buffer.from(step.bodyHex, 'hex');
  if (step.bodyFill) {
    const { prefix = '', char, count, suffix = '' } = step.bodyFill;
    return Buffer.from(prefix + char.repeat(Number(count)) + suffix);
  }
  return undefined;
}
