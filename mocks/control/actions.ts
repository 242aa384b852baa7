/** What the control plane (and the runtimes' `mock.errors`, `mock.scenario`, `mock.reset`) do to an app. */
import type { NovaImagesApp } from '../app.ts';
import { parseRule } from '../injection/grammar.ts';
import type { RuleView, ScenarioRules } from '../injection/injector.ts';
import { type ErrorRule, RuleError, validateRule } from '../injection/rules.ts';
import { findScenario, SCENARIO_NAMES } from '../injection/scenarios.ts';

/** A rule given as an object or in the one-line grammar (`images.show=404x1`). */
export type RuleInput = ErrorRule | string;

export function toRule(input: RuleInput): ErrorRule {
  return typeof input === 'string' ? parseRule(input) : validateRule(input);
}

/** The rules of a named scenario for this app's data; RuleError for unknown names. */
export function scenarioRules(app: NovaImagesApp, name: string): ScenarioRules {
  const scenario = findScenario(name);
  if (!scenario) throw new RuleError(`unknown scenario '${name}'; known: ${SCENARIO_NAMES.join(', ')}`);
  const [first] = app.store.list({ projectId: app.config.projectId }, { limit: 1 });
  return { name, rules: scenario.rules({ firstListedImageId: first?.id }) };
}

/** Switches to a scenario (null: none); returns the rules it added. */
export function setScenario(app: NovaImagesApp, name: string | null): RuleView[] {
  return app.errors.setScenario(name === null ? null : scenarioRules(app, name));
}

/** `POST /__mock/reset`: the dataset as loaded, the start-up rules and scenario, an empty journal. Tokens stay valid. */
export function resetApp(app: NovaImagesApp): void {
  app.store.reset();
  app.errors.reset();
  app.journal.clear();
}

/** The error controls the runtimes return as `mock.errors`. */
export interface ErrorControls {
  /** Adds a rule (object or grammar string); returns it with its id. */
  add(rule: RuleInput): RuleView;
  remove(id: string): boolean;
  /** Removes every rule, a scenario's included. */
  clear(): void;
  /** The rules with their hit counts. */
  list(): RuleView[];
}

export function errorControls(app: NovaImagesApp): ErrorControls {
  return {
    add: (rule) => app.errors.add(toRule(rule)),
    remove: (id) => app.errors.remove(id),
    clear: () => app.errors.clear(),
    list: () => app.errors.list(),
  };
}
