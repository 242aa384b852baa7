/**
 * The one-line rule grammar of `serve --error RULE`, `X-Mock-Error`, `?__mock_error=` and
 * `POST /__mock/errors {"rule": "..."}`:
 *
 *   [ENDPOINT[|ENDPOINT…][:IMAGE_ID]=]ACTION[MODIFIERS][,OPTION=VALUE…]
 *
 * ACTION is a status (400 401 403 404 409 413 429 500 503), `network` or `delay`; MODIFIERS are
 * `xN` (times), `/N` (every Nth), `+N` (after N), `@P` (probability, `0.25` or `25%`), `~MS` or
 * `~MIN-MAX` (delay). OPTIONs: times, every, after, probability, delay, image, method,
 * retry-after, message (message takes the rest of the text, commas included).
 * Examples: `images.delete=403`, `metadata.*=413@0.25`, `images.show=404x1`,
 * `images.list=503/3`, `*=delay~100-400`, `images.show:70a599e0-31e7-49b7-b260-868f441e862b=404`.
 */
import { type ErrorRule, RuleError, validateRule } from './rules.ts';

function number(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new RuleError(`${what} must be a number, got '${text}'`);
  return Number(text);
}

function probability(text: string): number {
  return text.endsWith('%') ? number(text.slice(0, -1), 'probability') / 100 : number(text, 'probability');
}

/**
 * A delay as every text input writes it (`~MS` in a rule, `delay=`, `--latency`): `MS` or
 * `MIN-MAX` milliseconds, optionally suffixed `ms`. Its bounds are validateDelay's.
 */
export function parseDelay(text: string): number | [number, number] {
  const match = /^(\d+)(?:-(\d+))?(?:ms)?$/.exec(text);
  if (!match) throw new RuleError(`delay must be MS or MIN-MAX milliseconds, got '${text}'`);
  return match[2] === undefined ? Number(match[1]) : [Number(match[1]), Number(match[2])];
}

function applyOption(rule: Record<string, unknown>, key: string, value: string): void {
  switch (key) {
    case 'times':
    case 'every':
    case 'after':
      rule[key] = number(value, key);
      return;
    case 'probability':
      rule.probability = probability(value);
      return;
    case 'delay':
      rule.delayMs = parseDelay(value);
      return;
    case 'image':
      rule.imageId = value;
      return;
    case 'method':
      rule.method = value;
      return;
    case 'retry-after':
      rule.retryAfter = number(value, 'retry-after');
      return;
    case 'endpoint':
      rule.endpoint = value.includes('|') ? value.split('|') : value;
      return;
    default:
      throw new RuleError(
        `unknown option '${key}' (times, every, after, probability, delay, image, method, retry-after, message)`,
      );
  }
}

/** Parses one rule in the grammar above; throws RuleError naming what is wrong. */
export function parseRule(text: string): ErrorRule {
  const source = text.trim();
  if (source === '') throw new RuleError('empty rule');
  const rule: Record<string, unknown> = {};
  const messageAt = source.search(/,message=/);
  const head = messageAt >= 0 ? source.slice(0, messageAt) : source;
  if (messageAt >= 0) rule.message = source.slice(messageAt + ',message='.length);
  const [main = '', ...options] = head.split(',');
  const equals = main.indexOf('=');
  let action = main;
  if (equals >= 0) {
    const target = main.slice(0, equals).trim();
    action = main.slice(equals + 1).trim();
    const colon = target.indexOf(':');
    const endpoints = (colon >= 0 ? target.slice(0, colon) : target).split('|');
    if (colon >= 0) rule.imageId = target.slice(colon + 1);
    rule.endpoint = endpoints.length === 1 ? endpoints[0] : endpoints;
  }
  const match = /^(\d{3}|network|delay)?((?:x\d+|\/\d+|\+\d+|@[\d.]+%?|~\d+(?:-\d+)?(?:ms)?)*)$/.exec(action);
  if (!match) {
    throw new RuleError(
      `cannot read '${action}': expected STATUS|network|delay then xN (times), /N (every), +N (after), @P (probability), ~MS or ~MIN-MAX (delay)`,
    );
  }
  const [, verb, modifiers = ''] = match;
  if (verb !== undefined && verb !== 'delay') rule.status = verb === 'network' ? 'network' : Number(verb);
  for (const [, kind, value = ''] of modifiers.matchAll(/([x/+@~])([^x/+@~]+)/g)) {
    if (kind === 'x') rule.times = number(value, 'times');
    else if (kind === '/') rule.every = number(value, 'every');
    else if (kind === '+') rule.after = number(value, 'after');
    else if (kind === '@') rule.probability = probability(value);
    else rule.delayMs = parseDelay(value);
  }
  for (const option of options) {
    const at = option.indexOf('=');
    if (at < 0) throw new RuleError(`option '${option}' must be KEY=VALUE`);
    applyOption(rule, option.slice(0, at).trim(), option.slice(at + 1).trim());
  }
  return validateRule(rule);
}

/** Renders a rule back in the grammar (for listings and the serve banner). */
export function formatRule(rule: ErrorRule): string {
  const endpoints = Array.isArray(rule.endpoint) ? rule.endpoint.join('|') : (rule.endpoint ?? '*');
  const untargeted = rule.endpoint === undefined && rule.imageId === undefined;
  const target = untargeted ? '' : `${endpoints}${rule.imageId ? `:${rule.imageId}` : ''}=`;
  let text = `${target}${rule.status ?? 'delay'}`;
  if (rule.times !== undefined) text += `x${rule.times}`;
  if (rule.every !== undefined) text += `/${rule.every}`;
  if (rule.after !== undefined) text += `+${rule.after}`;
  if (rule.probability !== undefined) text += `@${rule.probability}`;
  if (rule.delayMs !== undefined)
    text += `~${Array.isArray(rule.delayMs) ? rule.delayMs.join('-') : rule.delayMs}`;
  if (rule.method !== undefined) text += `,method=${rule.method}`;
  if (rule.retryAfter !== undefined) text += `,retry-after=${rule.retryAfter}`;
  if (rule.message !== undefined) text += `,message=${rule.message}`;
  return text;
}
