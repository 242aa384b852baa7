/**
 * Latency: the slider is the panel's own delay rule (a fixed number of ms on every request);
 * a scenario's delay (a drawn range, like slow's 1000–3000 ms) is said beside it, never put on it.
 */
import type { RuleView } from '../../../mocks/browser.ts';
import { h } from '../dom.ts';
import { formatDelay, mockControl } from './control.ts';
import type { PanelRules } from './rules.ts';

const ownLatency = (rule: RuleView) =>
  rule.status === undefined && rule.scenario === undefined && typeof rule.delayMs === 'number';

export function latencyFieldset(rules: PanelRules): HTMLElement {
  const slider = h('input', {
    type: 'range',
    id: 'latency',
    name: 'latency',
    min: 0,
    max: 3000,
    step: 100,
    value: 0,
  });
  const output = h('output', { for: 'latency' }, '0 ms');
  const fromScenario = h('p', { class: 'hint', 'data-role': 'scenario-latency' });
  const render = () => {
    const own = rules.rules.find(ownLatency);
    if (document.activeElement !== slider) {
      slider.value = String(own?.delayMs ?? 0);
      output.textContent = `${slider.value} ms`;
    }
    const scenario = rules.rules.find((rule) => rule.status === undefined && rule.scenario && rule.delayMs);
    fromScenario.textContent =
      scenario?.delayMs === undefined
        ? ''
        : `Scenario ${scenario.scenario} adds ${formatDelay(scenario.delayMs)}.`;
  };
  rules.onChange(render);
  slider.addEventListener('input', () => {
    output.textContent = `${slider.value} ms`;
  });
  // One update at a time, each with the slider's latest value and the rules as they are now.
  let updates = Promise.resolve();
  slider.addEventListener('change', () => {
    updates = updates.then(() =>
      rules.act(async () => {
        const delayMs = Number(slider.value);
        const current = (await mockControl.rules()).filter(ownLatency);
        if (current.length === 1 && current[0]?.delayMs === delayMs) return;
        for (const rule of current) await mockControl.remove(rule.id);
        if (delayMs > 0) await mockControl.add({ delayMs });
      }),
    );
  });
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Latency'),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'latency' }, 'Added delay on every request'),
      slider,
      output,
    ),
    fromScenario,
  );
}
