/**
 * Replays recorded sequences against the mock, served as `serve --nova-release zed` serves it
 * (the standalone server on port 0) on the data load.py exported from the real Glance, with the
 * corpus's callers' oracle tokens registered as the mock's own tokens. A Glance corpus's paths
 * go below the mock's Glance root, `/image`.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { resetApp } from '../../mocks/control/actions.ts';
import { createApp } from '../../mocks/handlers.ts';
import { listen } from '../../mocks/http.ts';
import type { Token } from '../../mocks/identity/identity.ts';
import type { Dataset } from '../../mocks/types.ts';
import { CALLERS, type Sequence, type Service, type Step, tokenOf, toRawRequest } from './corpus.ts';
import { type Answer, normalise } from './normalise.ts';
import { type RawRequest, type RawResponse, sendRaw } from './raw-http.ts';
import { exportedFileOf } from './snapshot.ts';

/** Where the mock points its `alternate` links: Nova's `[glance] api_servers`. */
const GLANCE_URL = 'http://glance.invalid:9292';
/** Where the mock serves Glance v2, below its own origin. */
const GLANCE_MOUNT = '/image';

/** 5 s for an answer, and a second more per MiB sent (the Glance corpus uploads 16 MiB bodies). */
function answerTimeout(request: RawRequest): number {
  return 5_000 + Math.ceil((request.body?.byteLength ?? 0) / 1_048_576) * 1_000;
}

export interface MockUnderTest {
  /** Sends a sequence's steps from the dataset as loaded; the answers, normalised. */
  run(sequence: Sequence): Promise<Answer[]>;
  close(): Promise<void>;
}

function callerTokens(): Token[] {
  const now = Date.now();
  return Object.keys(CALLERS).flatMap((name) => {
    const entry = CALLERS[name];
    const id = tokenOf(name);
    if (!entry || id === undefined) return [];
    return [
      {
        id,
        user: { id: entry.user, name: entry.user },
        project: { id: entry.project, name: entry.project },
        roles: entry.roles.map((role) => ({ id: role, name: role })),
        methods: ['password'],
        issuedAt: new Date(now),
        expiresAt: new Date(now + 24 * 3600 * 1000),
        auditId: name,
      },
    ];
  });
}

/**
 * `inspect` sees every answer as it came, before normalising (the replay test validates Glance's
 * against Glance's schemas there).
 */
export async function startMock(
  dataset: string,
  service: Service = 'nova',
  inspect?: (step: Step, response: RawResponse) => void,
): Promise<MockUnderTest> {
  const records = (JSON.parse(readFileSync(exportedFileOf(dataset), 'utf8')) as Dataset).images;
  const app = createApp({ dataset: records, auth: 'token', novaRelease: 'zed', glanceUrl: GLANCE_URL });
  app.identity.restoreTokens(callerTokens());
  const server = await listen(app, { port: 0 });
  const url = new URL(server.url);
  return {
    async run(sequence) {
      resetApp(app);
      const mount = service === 'glance' ? GLANCE_MOUNT : '';
      const glance = service === 'glance' ? `${server.url}${GLANCE_MOUNT}` : GLANCE_URL;
      const origins = { nova: server.url, glance, runStart: new Date() };
      const answers: Answer[] = [];
      for (const step of sequence.steps) {
        const request = toRawRequest({ ...step, path: `${mount}${step.path}` }, url.host);
        const raw = await sendRaw(url.hostname, Number(url.port), request, answerTimeout(request));
        inspect?.(step, raw);
        answers.push(normalise(raw, origins));
      }
      return answers;
    },
    close: () => server.close(),
  };
}

/** A readable account of how two answers differ, or undefined when they are equal. */
export function difference(expected: Answer, actual: Answer): string | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  if ('noAnswer' in expected || 'noAnswer' in actual)
    return `expected ${show(expected)}, got ${show(actual)}`;
  const parts: string[] = [];
  if (expected.status !== actual.status || expected.reason !== actual.reason)
    parts.push(`status ${expected.status} ${expected.reason} ≠ ${actual.status} ${actual.reason}`);
  const names = new Set([...Object.keys(expected.headers), ...Object.keys(actual.headers)]);
  for (const name of names) {
    if (expected.headers[name] !== actual.headers[name])
      parts.push(
        `header ${name}: ${expected.headers[name] ?? '(none)'} ≠ ${actual.headers[name] ?? '(none)'}`,
      );
  }
  if (!isDeepStrictEqual(expected.body, actual.body))
    parts.push(`body ${show(expected.body)} ≠ ${show(actual.body)}`);
  return parts.join('; ');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
