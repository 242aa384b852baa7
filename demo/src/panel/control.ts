/**
 * The mock's own control plane (`/__mock/errors`, `/__mock/scenario`, `/__mock/reset`,
 * `/__mock/requests`), driven over HTTP exactly as any other runtime of the mock is.
 */
import type { ErrorRule, JournalEntry, RuleView } from '../../../mocks/browser.ts';

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`/__mock/${path}`, {
    method,
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /__mock/${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const mockControl = {
  rules: async (): Promise<RuleView[]> => ((await control('GET', 'errors')) as { rules: RuleView[] }).rules,
  add: async (rule: ErrorRule): Promise<void> => {
    await control('POST', 'errors', rule);
  },
  remove: async (id: string): Promise<void> => {
    await control('DELETE', `errors/${encodeURIComponent(id)}`);
  },
  scenario: async (name: string): Promise<void> => {
    await control('POST', 'scenario', { name: name || null });
  },
  currentScenario: async (): Promise<string> =>
    ((await control('GET', 'scenario')) as { scenario: string | null }).scenario ?? '',
  reset: async (): Promise<void> => {
    await control('POST', 'reset');
  },
  requests: async (): Promise<JournalEntry[]> =>
    ((await control('GET', 'requests')) as { requests: JournalEntry[] }).requests,
};

/** A `once` rule that already fired. */
export function usedUp(rule: RuleView): boolean {
  return rule.times !== undefined && rule.hits >= rule.times;
}

/** `1000–3000 ms` for a drawn delay, `300 ms` for a fixed one. */
export function formatDelay(delayMs: number | readonly [number, number]): string {
  return typeof delayMs === 'number' ? `${delayMs} ms` : `${delayMs[0]}–${delayMs[1]} ms`;
}

export function describeRule(rule: RuleView): string {
  const endpoint = Array.isArray(rule.endpoint) ? rule.endpoint.join(', ') : (rule.endpoint ?? '*');
  const parts = [rule.status === undefined ? 'latency' : String(rule.status), 'on', endpoint];
  if (rule.imageId) parts.push(`image ${rule.imageId}`);
  if (rule.times !== undefined) parts.push(`×${rule.times}`);
  if (rule.every !== undefined) parts.push(`every ${rule.every}`);
  if (rule.probability !== undefined) parts.push(`@${Math.round(rule.probability * 100)}%`);
  if (rule.after !== undefined) parts.push(`after ${rule.after}`);
  if (rule.delayMs) parts.push(`+${formatDelay(rule.delayMs)}`);
  if (rule.scenario) parts.push(`[${rule.scenario}]`);
  parts.push(usedUp(rule) ? '(used)' : `(hits: ${rule.hits})`);
  return parts.join(' ');
}
