/**
 * The control plane of a running mock, `<origin><base path>/__mock/...` (every runtime). Never
 * subject to error injection or auth, never journaled. JSON in, JSON out; bad input is 400 with
 * `{"error": {"code": 400, "message": "..."}}`.
 *
 *   GET    /__mock/errors        {"rules": [...with hits], "scenario": name|null, "seed": n}
 *   POST   /__mock/errors        a rule object, or {"rule": "images.show=404x1"}  -> 201 {"rule": {...}}
 *   DELETE /__mock/errors        every rule (a scenario's too)                       -> 204
 *   DELETE /__mock/errors/{id}   one rule                                            -> 204 | 404
 *   GET    /__mock/scenario      {"scenario": name|null, "rules": [...], "available": [{name, description}]}
 *   POST   /__mock/scenario      {"name": "flaky"} or {"name": null}                 -> 200 {"scenario", "rules"}
 *   POST   /__mock/reset         dataset, start-up rules and scenario, empty journal -> 204
 *   GET    /__mock/requests      {"requests": [{time, method, path, status, endpoint, injected, rule?, delayMs?}]}
 *   DELETE /__mock/requests      empties the journal                                 -> 204
 */
import type { NovaImagesApp } from '../app.ts';
import { RuleError } from '../injection/rules.ts';
import { SCENARIOS } from '../injection/scenarios.ts';
import { jsonDepth } from '../nova/json-depth.ts';
import { readRequestBody } from '../request-body.ts';
import { resetApp, setScenario, toRule } from './actions.ts';

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
}

const error = (status: number, message: string) => json(status, { error: { code: status, message } });

/** A rule or scenario body nests three levels; a far deeper one is refused before anything walks it. */
const MAX_CONTROL_BODY_DEPTH = 32;

class BodyTooLarge extends Error {}

async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const { text, tooLarge } = await readRequestBody(request, maxBytes);
  if (tooLarge) throw new BodyTooLarge(`the body is larger than ${maxBytes} bytes`);
  if (text.trim() === '') throw new RuleError('expected a JSON body');
  if (jsonDepth(text) > MAX_CONTROL_BODY_DEPTH)
    throw new RuleError(`the body nests deeper than ${MAX_CONTROL_BODY_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RuleError(`the body is not valid JSON: ${(cause as Error).message}`);
  }
}

/** A path segment decoded, or undefined when its escapes are malformed (`%zz`): no rule has that id. */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function scenarioState(app: NovaImagesApp) {
  return {
    scenario: app.errors.scenario,
    rules: app.errors.list().filter((rule) => rule.scenario !== undefined),
  };
}

type ControlHandler = (
  app: NovaImagesApp,
  request: Request,
  match: RegExpExecArray,
) => Promise<Response> | Response;

/** One entry per route: its path below `/__mock` and a handler per method. */
const ROUTES: ReadonlyArray<readonly [RegExp, Readonly<Partial<Record<string, ControlHandler>>>]> = [
  [
    /^\/errors$/,
    {
      GET: (app) =>
        json(200, { rules: app.errors.list(), scenario: app.errors.scenario, seed: app.errors.seed }),
      POST: async (app, request) => {
        const body = await readJson(request, app.config.maxBodyBytes);
        const input =
          typeof body === 'object' && body !== null && 'rule' in body && typeof body.rule === 'string'
            ? body.rule
            : body;
        return json(201, { rule: app.errors.add(toRule(input as Parameters<typeof toRule>[0])) });
      },
      DELETE: (app) => {
        app.errors.clear();
        return json(204);
      },
    },
  ],
  [
    /^\/errors\/([^/]+)$/,
    {
      DELETE: (app, _request, [, segment = '']) => {
        const id = decodedSegment(segment);
        return id !== undefined && app.errors.remove(id)
          ? json(204)
          : error(404, `no rule with id '${id ?? segment}'`);
      },
    },
  ],
  [
    /^\/scenario$/,
    {
      GET: (app) =>
        json(200, {
          ...scenarioState(app),
          available: SCENARIOS.map(({ name, description }) => ({ name, description })),
        }),
      POST: async (app, request) => {
        const body = await readJson(request, app.config.maxBodyBytes);
        const name = typeof body === 'object' && body !== null && 'name' in body ? body.name : undefined;
        if (name !== null && typeof name !== 'string') {
          throw new RuleError('expected {"name": "<scenario>"} or {"name": null}');
        }
        setScenario(app, name);
        return json(200, scenarioState(app));
      },
    },
  ],
  [
    /^\/reset$/,
    {
      POST: (app) => {
        resetApp(app);
        return json(204);
      },
    },
  ],
  [
    /^\/requests$/,
    {
      GET: (app) => json(200, { requests: app.journal.entries() }),
      DELETE: (app) => {
        app.journal.clear();
        return json(204);
      },
    },
  ],
];

function route(app: NovaImagesApp, request: Request, path: string): Promise<Response> | Response {
  for (const [pattern, methods] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const handler = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
    if (handler) return handler(app, request, match);
    return error(405, `${request.method} is not allowed on /__mock${path}`);
  }
  return error(
    404,
    `unknown control route /__mock${path}; see /__mock/errors, /__mock/scenario, /__mock/reset, /__mock/requests`,
  );
}

/** A request below `/__mock`; `path` is the path below the mock's base path. */
export async function handleControl(app: NovaImagesApp, request: Request, path: string): Promise<Response> {
  const below = path.replace(/^\/+__mock/, '').replace(/\/+$/, '');
  try {
    return await route(app, request, below);
  } catch (cause) {
    if (cause instanceof RuleError) return error(400, cause.message);
    if (cause instanceof BodyTooLarge) return error(413, cause.message);
    // Never msw's 500 with a stack trace in the body: name the error, nothing more.
    return error(500, `unexpected ${(cause as Error)?.name ?? 'error'} in the control plane`);
  }
}
