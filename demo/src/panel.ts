/**
 * The error panel: makes the cloud fail on purpose through the mock's own control plane
 * (`/__mock/errors`, `/__mock/scenario`, `/__mock/reset`, `/__mock/requests`), exactly as any
 * other runtime of the mock is driven over HTTP.
 */

import type { RuleView } from '../../mocks/errors/injector.ts';
import type { ErrorRule, InjectableStatus } from '../../mocks/errors/rules.ts';
import { field, h, select, show } from './dom.ts';
import { failure, info } from './messages.ts';

export const ENDPOINTS = [
  ['*', 'Every endpoint'],
  ['images.list', 'List images'],
  ['images.detail', 'List images (detail)'],
  ['images.show', 'Show image'],
  ['images.delete', 'Delete image'],
  ['metadata.list', 'List metadata'],
  ['metadata.show', 'Show metadata item'],
  ['metadata.create', 'Add metadata (POST)'],
  ['metadata.replace', 'Replace all metadata (PUT)'],
  ['metadata.set', 'Set metadata item (PUT key)'],
  ['metadata.delete', 'Delete metadata item'],
  ['identity.tokens', 'Keystone login'],
] as const;

export const SCENARIOS = [
  ['', 'None'],
  ['token-expired', 'token-expired: 401 after a few calls'],
  ['read-only', 'read-only: every write is 403'],
  ['vanishing-image', 'vanishing-image: listed, then 404'],
  ['metadata-quota', 'metadata-quota: metadata writes refused'],
  ['flaky', 'flaky: ~10% 503 and jitter'],
  ['slow', 'slow: 1–3 s latency'],
] as const;

const STATUSES = ['401', '403', '404', '413', '500', '503', 'network'] as const;

/** A rule as `GET /__mock/errors` lists it. */
export type Rule = RuleView;

export interface JournalEntry {
  time: string;
  method: string;
  path: string;
  /** 0 when the connection was dropped. */
  status: number;
  endpoint?: string | null;
  injected?: boolean;
}

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

function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  for (const key of keys) {
    const value = (body as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

export const mockControl = {
  rules: async (): Promise<Rule[]> => listOf<Rule>(await control('GET', 'errors'), 'rules', 'errors'),
  add: async (rule: ErrorRule): Promise<void> => {
    await control('POST', 'errors', rule);
  },
  remove: async (id: string): Promise<void> => {
    await control('DELETE', `errors/${encodeURIComponent(id)}`);
  },
  scenario: async (name: string): Promise<void> => {
    await control('POST', 'scenario', { name: name || null });
  },
  scenarios: async (): Promise<{ current: string; available: { name: string; description: string }[] }> => {
    const body = (await control('GET', 'scenario')) as
      | { scenario?: string | null; available?: { name: string; description: string }[] }
      | undefined;
    return { current: body?.scenario ?? '', available: body?.available ?? [] };
  },
  reset: async (): Promise<void> => {
    await control('POST', 'reset');
  },
  requests: async (): Promise<JournalEntry[]> =>
    listOf<JournalEntry>(await control('GET', 'requests'), 'requests', 'entries'),
};

/** A `once` rule that already fired. */
export function usedUp(rule: Rule): boolean {
  return rule.times !== undefined && (rule.hits ?? 0) >= rule.times;
}

export function describeRule(rule: Rule): string {
  const endpoint = Array.isArray(rule.endpoint) ? rule.endpoint.join(', ') : (rule.endpoint ?? '*');
  const parts = [rule.status === undefined ? 'latency' : String(rule.status), 'on', endpoint];
  if (rule.imageId) parts.push(`image ${rule.imageId}`);
  if (rule.times !== undefined) parts.push(`×${rule.times}`);
  if (rule.every !== undefined) parts.push(`every ${rule.every}`);
  if (rule.probability !== undefined) parts.push(`@${Math.round(rule.probability * 100)}%`);
  if (rule.after !== undefined) parts.push(`after ${rule.after}`);
  if (Array.isArray(rule.delayMs)) parts.push(`+${rule.delayMs[0]}–${rule.delayMs[1]} ms`);
  else if (rule.delayMs) parts.push(`+${rule.delayMs} ms`);
  if (rule.scenario) parts.push(`[${rule.scenario}]`);
  if (rule.hits !== undefined) parts.push(usedUp(rule) ? '(used)' : `(hits: ${rule.hits})`);
  return parts.join(' ');
}

export interface PanelHooks {
  /** After a reset the data is back to the dataset: reload what the page shows. */
  afterReset: () => void;
}

export function mountPanel(panel: HTMLElement, hooks: PanelHooks): void {
  const endpoint = select('endpoint', ENDPOINTS, '*');
  const toggles = h('div', { class: 'toggles', role: 'group', 'aria-label': 'Statuses to inject' });
  const modeName = 'inject-mode';
  const mode = (value: string, text: string, checked = false) =>
    h('label', {}, h('input', { type: 'radio', name: modeName, value, checked }), text);
  const probability = h('input', {
    type: 'number',
    name: 'probability',
    min: 1,
    max: 100,
    value: 50,
    'aria-label': 'Probability in percent',
  });
  const latency = h('input', { type: 'range', name: 'latency', min: 0, max: 3000, step: 100, value: 0 });
  const latencyOutput = h('output', { for: latency.id || 'latency' }, '0 ms');
  const scenario = select('scenario', SCENARIOS, '');
  const rulesList = h('ul', { class: 'rules', 'aria-label': 'Active rules' });
  const log = h('tbody', {});
  let rules: Rule[] = [];

  const sameToggle = (rule: Rule, status: string): boolean =>
    String(rule.status) === status && (rule.endpoint ?? '*') === endpoint.value;
  const injectedStatuses = (): Set<string> =>
    new Set(
      rules
        .filter(
          (rule) => (rule.endpoint ?? '*') === endpoint.value && rule.status !== undefined && !usedUp(rule),
        )
        .map((rule) => String(rule.status)),
    );

  const renderRules = (): void => {
    const active = injectedStatuses();
    for (const button of toggles.querySelectorAll('button')) {
      button.setAttribute('aria-pressed', String(active.has(button.dataset.status ?? '')));
    }
    const latencyRule = rules.find((rule) => rule.status === undefined && rule.delayMs);
    if (latencyRule && document.activeElement !== latency) {
      latency.value = String(latencyRule.delayMs);
      latencyOutput.textContent = `${latencyRule.delayMs} ms`;
    }
    show(
      rulesList,
      ...(rules.length === 0
        ? [h('li', { class: 'empty' }, 'No rules: the cloud is healthy.')]
        : rules.map((rule) =>
            h(
              'li',
              { 'data-rule-id': rule.id },
              h('span', {}, describeRule(rule)),
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Remove rule ${describeRule(rule)}`,
                  onclick: () => act(() => mockControl.remove(rule.id)),
                },
                'Remove',
              ),
            ),
          )),
    );
  };

  let shownRules = '';
  const refreshRules = async (): Promise<void> => {
    rules = await mockControl.rules();
    // Re-render only on change, so that polling never steals the keyboard focus.
    const text = JSON.stringify([endpoint.value, rules]);
    if (text === shownRules) return;
    shownRules = text;
    renderRules();
  };

  const act = async (action: () => Promise<void>, done?: string): Promise<void> => {
    try {
      await action();
      if (done) info(done);
    } catch (error) {
      failure(error);
    }
    await refreshRules().catch(() => {});
  };

  for (const status of STATUSES) {
    toggles.append(
      h(
        'button',
        {
          type: 'button',
          'data-status': status,
          'aria-pressed': 'false',
          onclick: () => {
            const target = endpoint.value;
            const existing = rules.filter((rule) => sameToggle(rule, status));
            // On: remove the rule(s). Off: drop used-up `once` rules, add a fresh one.
            const on = existing.some((rule) => !usedUp(rule));
            if (on) {
              act(async () => {
                for (const rule of existing) await mockControl.remove(rule.id);
              });
              return;
            }
            const chosen = (panel.querySelector(`input[name=${modeName}]:checked`) as HTMLInputElement | null)
              ?.value;
            const rule: ErrorRule = {
              status: status === 'network' ? 'network' : (Number(status) as InjectableStatus),
            };
            if (target !== '*') rule.endpoint = target;
            if (chosen === 'once') rule.times = 1;
            if (chosen === 'probability')
              rule.probability = Math.min(100, Math.max(1, Number(probability.value) || 50)) / 100;
            act(async () => {
              for (const old of existing) await mockControl.remove(old.id);
              await mockControl.add(rule);
            });
          },
        },
        status,
      ),
    );
  }
  endpoint.addEventListener('change', renderRules);

  latency.addEventListener('input', () => {
    latencyOutput.textContent = `${latency.value} ms`;
  });
  // One update at a time, each with the slider's latest value and the rules as they are now.
  let latencyUpdates = Promise.resolve();
  latency.addEventListener('change', () => {
    latencyUpdates = latencyUpdates.then(() =>
      act(async () => {
        const delayMs = Number(latency.value);
        const current = await mockControl.rules();
        const latencyRules = current.filter(
          (rule) => rule.status === undefined && rule.scenario === undefined,
        );
        if (latencyRules.length === 1 && latencyRules[0]?.delayMs === delayMs) return;
        for (const rule of latencyRules) await mockControl.remove(rule.id);
        if (delayMs > 0) await mockControl.add({ delayMs });
      }),
    );
  });

  const renderLog = (entries: JournalEntry[]): void => {
    const recent = entries
      .filter((entry) => !entry.path.startsWith('/__mock'))
      .slice(-25)
      .reverse();
    show(
      log,
      ...recent.map((entry) =>
        h(
          'tr',
          { class: entry.injected ? 'injected' : undefined },
          h('td', {}, entry.time.slice(11, 19)),
          h('td', {}, entry.method),
          h('td', {}, h('code', {}, entry.path)),
          h('td', {}, `${entry.status === 0 ? 'network' : entry.status}${entry.injected ? ' ⚡' : ''}`),
        ),
      ),
    );
  };

  const refreshLog = async (): Promise<void> => {
    renderLog(await mockControl.requests());
  };

  show(
    panel,
    h('h2', { id: 'panel-title' }, 'Break the cloud'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Scenario'),
      field('Scenario', scenario),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            'data-action': 'apply-scenario',
            onclick: () =>
              act(
                () => mockControl.scenario(scenario.value),
                scenario.value ? `Scenario ${scenario.value} is on.` : 'No scenario.',
              ),
          },
          'Apply scenario',
        ),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Inject an error'),
      field('Endpoint', endpoint),
      h(
        'div',
        { class: 'modes', role: 'radiogroup', 'aria-label': 'How often' },
        mode('once', 'Once', true),
        mode('always', 'Always'),
        mode('probability', 'Probability'),
        h('span', {}, probability, ' %'),
      ),
      toggles,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Latency'),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'latency' }, 'Added delay on every request'),
        latency,
        latencyOutput,
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Active rules'),
      rulesList,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'data-action': 'reset',
            onclick: () =>
              act(async () => {
                await mockControl.reset();
                scenario.value = '';
                latency.value = '0';
                latencyOutput.textContent = '0 ms';
                hooks.afterReset();
              }, 'The mock is reset: data restored, rules and scenario cleared.'),
          },
          'Reset the mock',
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'log-title' },
      h('h3', { id: 'log-title' }, 'Request log'),
      h(
        'div',
        { class: 'log' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Time'),
              h('th', { scope: 'col' }, 'Method'),
              h('th', { scope: 'col' }, 'Path'),
              h('th', { scope: 'col' }, 'Status'),
            ),
          ),
          log,
        ),
      ),
    ),
  );
  latency.id = 'latency';

  refreshRules().catch(() => {});
  mockControl
    .scenarios()
    .then(({ current, available }) => {
      for (const option of scenario.options) {
        const known = available.find((entry) => entry.name === option.value);
        if (known) option.title = known.description;
      }
      scenario.value = current;
    })
    .catch(() => {});
  const poll = (): void => {
    Promise.all([refreshLog(), refreshRules()])
      .catch(() => {})
      .finally(() => setTimeout(poll, 1000));
  };
  poll();
}
