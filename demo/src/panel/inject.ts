/** Inject an error: an endpoint, how often, and one toggle per status the package can inject. */
import {
  type ErrorRule,
  INJECTABLE_STATUSES,
  RULE_ENDPOINTS,
  type RuleEndpoint,
  type RuleView,
} from '../../../mocks/browser.ts';
import { field, h, select } from '../dom.ts';
import { mockControl, usedUp } from './control.ts';
import type { PanelRules } from './rules.ts';

/** Nova's and Keystone's calls by what they do; Glance's by their rule names (`glance.images.show`). */
const NOVA_LABELS: Record<Exclude<RuleEndpoint, `glance.${string}`>, string> = {
  'images.list': 'List images',
  'images.detail': 'List images (detail)',
  'images.show': 'Show image',
  'images.delete': 'Delete image',
  'metadata.list': 'List metadata',
  'metadata.show': 'Show metadata item',
  'metadata.create': 'Add metadata (POST)',
  'metadata.replace': 'Replace all metadata (PUT)',
  'metadata.set': 'Set metadata item (PUT key)',
  'metadata.delete': 'Delete metadata item',
  'identity.tokens': 'Keystone log-in',
};
const labelOf = (name: RuleEndpoint): string => (NOVA_LABELS as Record<string, string>)[name] ?? name;
const TOGGLES = [...INJECTABLE_STATUSES.map(String), 'network'] as const;
const MODE = 'inject-mode';

function modes(): { group: HTMLElement; probability: HTMLInputElement } {
  const mode = (value: string, text: string, checked = false) =>
    h('label', {}, h('input', { type: 'radio', name: MODE, value, checked }), text);
  const probability = h('input', {
    type: 'number',
    name: 'probability',
    min: 1,
    max: 100,
    value: 50,
    'aria-label': 'Probability in percent',
  });
  const group = h(
    'div',
    { class: 'modes', role: 'radiogroup', 'aria-label': 'How often' },
    mode('once', 'Once', true),
    mode('always', 'Always'),
    mode('probability', 'Probability'),
    h('span', {}, probability, ' %'),
  );
  return { group, probability };
}

/** The rule a toggle adds, from the panel's current choices. */
function ruleFrom(status: string, endpoint: string, mode: string | undefined, percent: number): ErrorRule {
  const rule: ErrorRule = {
    status: status === 'network' ? 'network' : (Number(status) as ErrorRule['status']),
  };
  if (endpoint !== '*') rule.endpoint = endpoint;
  if (mode === 'once') rule.times = 1;
  if (mode === 'probability') rule.probability = Math.min(100, Math.max(1, percent || 50)) / 100;
  return rule;
}

export function injectFieldset(rules: PanelRules): HTMLElement {
  const endpoint = select('endpoint', [
    ['*', 'Every endpoint'],
    ...RULE_ENDPOINTS.map((name) => [name, labelOf(name)] as const),
  ]);
  const { group, probability } = modes();
  const toggles = h('div', { class: 'toggles', role: 'group', 'aria-label': 'Statuses to inject' });
  const sameToggle = (rule: RuleView, status: string) =>
    rule.scenario === undefined &&
    String(rule.status) === status &&
    (rule.endpoint ?? '*') === endpoint.value;
  const toggle = (status: string) => {
    const existing = rules.rules.filter((rule) => sameToggle(rule, status));
    // On: remove the rule(s). Off: drop used-up `once` rules, add a fresh one.
    const on = existing.some((rule) => !usedUp(rule));
    const mode = group.querySelector<HTMLInputElement>(`input[name=${MODE}]:checked`)?.value;
    rules.act(async () => {
      for (const rule of existing) await mockControl.remove(rule.id);
      if (!on) await mockControl.add(ruleFrom(status, endpoint.value, mode, Number(probability.value)));
    });
  };
  for (const status of TOGGLES) {
    toggles.append(
      h(
        'button',
        { type: 'button', 'data-status': status, 'aria-pressed': 'false', onclick: () => toggle(status) },
        status,
      ),
    );
  }
  const render = () => {
    for (const button of toggles.querySelectorAll('button')) {
      const status = button.dataset.status ?? '';
      const on = rules.rules.some((rule) => sameToggle(rule, status) && !usedUp(rule));
      button.setAttribute('aria-pressed', String(on));
    }
  };
  rules.onChange(render);
  endpoint.addEventListener('change', render);
  return h('fieldset', {}, h('legend', {}, 'Inject an error'), field('Endpoint', endpoint), group, toggles);
}
