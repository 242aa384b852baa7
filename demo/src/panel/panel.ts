/**
 * The error panel: makes the cloud fail on purpose through the mock's own control plane, exactly as
 * any other runtime of the mock is driven over HTTP.
 */
import { h, once, show } from '../dom.ts';
import { describeRule, mockControl } from './control.ts';
import { injectFieldset } from './inject.ts';
import { latencyFieldset } from './latency.ts';
import { requestLog } from './log.ts';
import { PanelRules } from './rules.ts';
import { clearScenarioChoice, scenarioFieldset } from './scenario.ts';

export interface PanelHooks {
  /** After a reset the data is back to the dataset: reload what the page shows. */
  afterReset: () => void;
}

function rulesFieldset(panel: HTMLElement, rules: PanelRules, hooks: PanelHooks): HTMLElement {
  const list = h('ul', { class: 'rules', 'aria-label': 'Active rules' });
  rules.onChange(() =>
    show(
      list,
      ...(rules.rules.length === 0
        ? [h('li', { class: 'empty' }, 'No rules: the cloud is healthy.')]
        : rules.rules.map((rule) =>
            h(
              'li',
              { 'data-rule-id': rule.id },
              h('span', {}, describeRule(rule)),
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Remove rule ${describeRule(rule)}`,
                  onclick: () => rules.act(() => mockControl.remove(rule.id)),
                },
                'Remove',
              ),
            ),
          )),
    ),
  );
  const reset = h('button', { type: 'button', class: 'danger', 'data-action': 'reset' }, 'Reset the mock');
  reset.addEventListener('click', () =>
    once(reset, () =>
      rules.act(async () => {
        await mockControl.reset();
        clearScenarioChoice(panel);
        hooks.afterReset();
      }, 'The mock is reset: data restored, rules and scenario cleared.'),
    ),
  );
  return h('fieldset', {}, h('legend', {}, 'Active rules'), list, h('div', { class: 'actions' }, reset));
}

export function mountPanel(panel: HTMLElement, hooks: PanelHooks): void {
  const rules = new PanelRules();
  const log = requestLog();
  show(
    panel,
    h('h2', { id: 'panel-title' }, 'Break the cloud'),
    scenarioFieldset(rules),
    injectFieldset(rules),
    latencyFieldset(rules),
    rulesFieldset(panel, rules, hooks),
    log.section,
  );
  const poll = (): void => {
    Promise.all([log.refresh(), rules.refresh()])
      .catch(() => {})
      .finally(() => setTimeout(poll, 1000));
  };
  poll();
}
