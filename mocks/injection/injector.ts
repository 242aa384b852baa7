/**
 * Decides, before anything changes state, whether a request is answered with an injected error,
 * delayed, or let through. Rules fire in order; the first that fires with a status wins, and the
 * delays of every rule that fires add up. Hit counts are kept per rule.
 */

import { randomSeed, seededRandom } from './random.ts';
import {
  type ErrorRule,
  MAX_DELAY_MS,
  RuleError,
  ruleSelects,
  validateDelay,
  validateRule,
} from './rules.ts';

/**
 * Rules kept at once: each may hold a message of up to a body's size, so a client that adds rules
 * in a loop and never clears them would otherwise grow the mock without end.
 */
export const MAX_RULES = 1_000;

export interface RuleView extends ErrorRule {
  id: string;
  /** Times the rule fired (answered or delayed a request). */
  hits: number;
  /** Requests the rule selected (endpoint, image and method matched). */
  matched: number;
  /** The scenario that added the rule, if any. */
  scenario?: string;
}

export interface InjectionRequest {
  endpoint: string;
  method: string;
  imageId?: string;
}

/** What to do with a request: wait `delayMs`, then answer `status` (if any). */
export interface Injection {
  status?: ErrorRule['status'];
  delayMs: number;
  message?: string;
  retryAfter?: number;
  /** The rule that chose the status: an id, or `request` for a per-request rule. */
  ruleId?: string;
}

interface RuleState {
  id: string;
  rule: ErrorRule;
  hits: number;
  matched: number;
  scenario?: string;
}

export interface InjectorOptions {
  rules?: readonly ErrorRule[];
  /** Seed of the generator behind `probability` and delay ranges. Default: random. */
  seed?: number;
  /** Latency added to every request: ms or [min, max]. */
  latency?: number | [number, number];
}

export interface ScenarioRules {
  name: string;
  rules: readonly ErrorRule[];
}

/** What changed: the rules (added, removed, hit, a scenario switched) or everything (`reset`). */
export type InjectorChange = 'rules' | 'reset';

export class ErrorInjector {
  readonly seed: number;
  #random: () => number;
  #rules: RuleState[] = [];
  #nextId = 1;
  #scenario: string | null = null;
  #latency: number | [number, number] | undefined;
  readonly #initialRules: ErrorRule[];
  #initialScenario: ScenarioRules | null = null;
  readonly #scenarioListeners: ((name: string | null) => void)[] = [];
  readonly #changeListeners: ((change: InjectorChange) => void)[] = [];
  readonly #waiting = new Set<() => void>();

  constructor(options: InjectorOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.#random = seededRandom(this.seed);
    this.#latency = options.latency === undefined ? undefined : validateDelay(options.latency, 'latency');
    this.#initialRules = (options.rules ?? []).map(validateRule);
    for (const rule of this.#initialRules) this.add(rule);
  }

  /** Adds a rule (validated) at the end; returns it with its id. */
  add(rule: ErrorRule, scenario?: string): RuleView {
    if (this.#rules.length >= MAX_RULES) {
      throw new RuleError(`at most ${MAX_RULES} rules at once; DELETE /__mock/errors removes them`);
    }
    const state: RuleState = { id: `rule-${this.#nextId++}`, rule: validateRule(rule), hits: 0, matched: 0 };
    if (scenario !== undefined) state.scenario = scenario;
    this.#rules.push(state);
    this.#changed('rules');
    return view(state);
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((state) => state.id !== id);
    if (this.#rules.length === before) return false;
    this.#changed('rules');
    return true;
  }

  /** Removes every rule, a scenario's included. */
  clear(): void {
    this.#rules = [];
    this.#enterScenario(null);
    this.#changed('rules');
  }

  /** Calls `listener` after every change of the rules, their hit counts or the scenario. */
  onChange(listener: (change: InjectorChange) => void): void {
    this.#changeListeners.push(listener);
  }

  #changed(change: InjectorChange): void {
    for (const listener of this.#changeListeners) listener(change);
  }

  list(): RuleView[] {
    return this.#rules.map(view);
  }

  get scenario(): string | null {
    return this.#scenario;
  }

  /** Calls `listener` with the scenario's name (null: none) whenever the active scenario is set. */
  onScenarioChange(listener: (name: string | null) => void): void {
    this.#scenarioListeners.push(listener);
  }

  #enterScenario(name: string | null): void {
    this.#scenario = name;
    for (const listener of this.#scenarioListeners) listener(name);
  }

  /** Replaces the current scenario's rules (null: no scenario). */
  setScenario(scenario: ScenarioRules | null): RuleView[] {
    this.#rules = this.#rules.filter((state) => state.scenario === undefined);
    this.#enterScenario(scenario?.name ?? null);
    const added = (scenario?.rules ?? []).map((rule) => this.add(rule, scenario?.name));
    this.#changed('rules');
    return added;
  }

  /** Remembers the scenario active at start-up, which `reset()` restores. */
  setInitialScenario(scenario: ScenarioRules | null): void {
    this.#initialScenario = scenario;
    this.setScenario(scenario);
  }

  /** Back to the start-up state: its rules and scenario, counts at zero, the generator reseeded. */
  reset(): void {
    this.#rules = [];
    this.#nextId = 1;
    this.#random = seededRandom(this.seed);
    for (const rule of this.#initialRules) this.add(rule);
    this.setScenario(this.#initialScenario);
    this.#changed('reset');
  }

  /** A token was issued: rules with `resetOnAuth` count from zero again. */
  tokenIssued(): void {
    let changed = false;
    for (const state of this.#rules) {
      if (state.rule.resetOnAuth) {
        state.matched = 0;
        state.hits = 0;
        changed = true;
      }
    }
    if (changed) this.#changed('rules');
  }

  /**
   * What happens to a request: per-request rule first, then the rules in order. Undefined when
   * nothing fires and there is no latency.
   */
  decide(request: InjectionRequest, perRequest?: ErrorRule): Injection | undefined {
    let delayMs = this.#latency === undefined ? 0 : this.#draw(this.#latency);
    let chosen: Injection | undefined;
    if (perRequest && ruleSelects(perRequest, request)) {
      delayMs += perRequest.delayMs === undefined ? 0 : this.#draw(perRequest.delayMs);
      if (perRequest.status !== undefined) chosen = injectionOf(perRequest, 'request');
    }
    let fired = false;
    for (const state of this.#rules) {
      if (chosen) break;
      if (!this.#fires(state, request)) continue;
      state.hits++;
      fired = true;
      if (state.rule.delayMs !== undefined) delayMs += this.#draw(state.rule.delayMs);
      if (state.rule.status !== undefined) chosen = injectionOf(state.rule, state.id);
    }
    if (fired) this.#changed('rules');
    if (!chosen && delayMs === 0) return undefined;
    // Several rules' delays add up; the sum is held to the same bound as each.
    return { ...(chosen ?? {}), delayMs: Math.round(Math.min(delayMs, MAX_DELAY_MS)) };
  }

  /** Waits out an injected delay; `releaseDelays()` ends every wait at once. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.#waiting.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.#waiting.add(release);
    });
  }

  /** Ends every delay in progress (a server shutting down answers its delayed requests now). */
  releaseDelays(): void {
    for (const release of [...this.#waiting]) release();
  }

  #fires(state: RuleState, request: InjectionRequest): boolean {
    const { rule } = state;
    if (!ruleSelects(rule, request)) return false;
    state.matched++;
    if (rule.times !== undefined && state.hits >= rule.times) return false;
    const counted = state.matched - (rule.after ?? 0);
    if (counted <= 0) return false;
    if (rule.every !== undefined && counted % rule.every !== 0) return false;
    if (rule.probability !== undefined && !(this.#random() < rule.probability)) return false;
    return true;
  }

  #draw(delay: number | [number, number]): number {
    if (!Array.isArray(delay)) return delay;
    const [min, max] = delay;
    return min + this.#random() * (max - min);
  }
}

function injectionOf(rule: ErrorRule, ruleId: string): Injection {
  const injection: Injection = { status: rule.status, delayMs: 0, ruleId };
  if (rule.message !== undefined) injection.message = rule.message;
  if (rule.retryAfter !== undefined) injection.retryAfter = rule.retryAfter;
  return injection;
}

function view(state: RuleState): RuleView {
  const out: RuleView = { id: state.id, ...state.rule, hits: state.hits, matched: state.matched };
  if (state.scenario !== undefined) out.scenario = state.scenario;
  return out;
}

export { RuleError };
