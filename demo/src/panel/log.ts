/** The request log: the latest API calls the mock answered, newest first. */
import type { JournalEntry } from '../../../mocks/browser.ts';
import { h, show } from '../dom.ts';
import { mockControl } from './control.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const PROJECT = /\/[0-9a-f]{32}(?=\/)/;

/** `/v2.1/images/70a599e0…/metadata`: ids shortened, the project id left out (the full path is the title). */
function shortPath(path: string): string {
  return path.replace(PROJECT, '').replace(UUID, (id) => `${id.slice(0, 8)}…`);
}

function row(entry: JournalEntry): HTMLTableRowElement {
  return h(
    'tr',
    { class: entry.injected ? 'injected' : undefined },
    h('td', {}, entry.time.slice(11, 19)),
    h('td', {}, entry.method),
    h('td', {}, h('code', { title: entry.path }, shortPath(entry.path))),
    h('td', {}, `${entry.status === 0 ? 'network' : entry.status}${entry.injected ? ' ⚡' : ''}`),
  );
}

export function requestLog(): { section: HTMLElement; refresh: () => Promise<void> } {
  const body = h('tbody', {});
  const refresh = async () => {
    const entries = await mockControl.requests();
    show(
      body,
      ...entries
        .filter((entry) => !entry.path.startsWith('/__mock'))
        .slice(-25)
        .reverse()
        .map(row),
    );
  };
  const head = h(
    'thead',
    {},
    h('tr', {}, ...['Time', 'Method', 'Path', 'Status'].map((name) => h('th', { scope: 'col' }, name))),
  );
  const section = h(
    'div',
    { class: 'request-log' },
    h('h3', { id: 'log-title' }, 'Request log'),
    // Scrolls on its own, so it takes the focus: keyboard users can scroll it too.
    h(
      'div',
      { class: 'log', tabindex: 0, role: 'region', 'aria-labelledby': 'log-title' },
      h('table', {}, head, body),
    ),
  );
  return { section, refresh };
}
