/** The panel's view of the mock's rules: read on change and every second, shared by its sections. */
import type { RuleView } from '../../../mocks/browser.ts';
import { failure, info } from '../messages.ts';
import { mockControl } from './control.ts';

export class PanelRules {
  rules: RuleView[] = [];
  private shown = '';
  private readonly listeners: (() => void)[] = [];

  /** `listener` runs whenever the rules changed (never on an unchanged poll, so focus stays put). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async refresh(): Promise<void> {
    this.rules = await mockControl.rules();
    const text = JSON.stringify(this.rules);
    if (text === this.shown) return;
    this.shown = text;
    for (const listener of this.listeners) listener();
  }

  /** A control-plane action, then the rules as they are now; `done` is said on success. */
  async act(action: () => Promise<void>, done?: string): Promise<void> {
    try {
      await action();
      if (done) info(done);
    } catch (error) {
      failure(error);
    }
    await this.refresh().catch(() => {});
  }
}
