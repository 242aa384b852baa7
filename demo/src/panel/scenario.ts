/** Scenario: a named preset of rules from the package (`SCENARIOS`), with what it does. */
import { SCENARIOS } from '../../../mocks/browser.ts';
import { field, h, once, select } from '../dom.ts';
import { mockControl } from './control.ts';
import type { PanelRules } from './rules.ts';

export function scenarioFieldset(rules: PanelRules): HTMLElement {
  const choice = select(
    'scenario',
    [['', 'None'], ...SCENARIOS.map(({ name }) => [name, name] as const)],
    '',
  );
  const description = h('p', { class: 'hint', id: 'scenario-description', 'aria-live': 'polite' });
  choice.setAttribute('aria-describedby', description.id);
  const describe = () => {
    description.textContent =
      SCENARIOS.find(({ name }) => name === choice.value)?.description ?? 'No scenario: only your own rules.';
  };
  choice.addEventListener('change', describe);
  const apply = h('button', { type: 'button', 'data-action': 'apply-scenario' }, 'Apply scenario');
  apply.addEventListener('click', () =>
    once(apply, () =>
      rules.act(
        () => mockControl.scenario(choice.value),
        choice.value ? `Scenario ${choice.value} is on.` : 'No scenario.',
      ),
    ),
  );
  mockControl
    .currentScenario()
    .then((current) => {
      choice.value = current;
      describe();
    })
    .catch(() => {});
  describe();
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Scenario'),
    field('Scenario', choice),
    description,
    h('div', { class: 'actions' }, apply),
  );
}

/** After a reset no scenario is on. */
export function clearScenarioChoice(panel: HTMLElement): void {
  const choice = panel.querySelector<HTMLSelectElement>('select[name=scenario]');
  if (!choice) return;
  choice.value = '';
  choice.dispatchEvent(new Event('change'));
}
