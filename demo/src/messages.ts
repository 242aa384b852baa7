/**
 * The page's messages: one at a time, each dismissable, gone when the user moves to another page
 * (unless it explains that move, like "Deleted image …" or "Your session has ended"). Errors are
 * worded by the headline table, with Nova's own message after it. A separate status region says
 * what is loading.
 */
import { ApiError } from './api.ts';
import { h, show } from './dom.ts';

let region: HTMLElement;
let statusRegion: HTMLElement;
let onAuthLost: () => void = () => {};

/** `authLost` runs on a 401 from the API: the page drops the token and shows the log-in form. */
export function mountMessages(messages: HTMLElement, status: HTMLElement, authLost: () => void): void {
  region = messages;
  statusRegion = status;
  onAuthLost = authLost;
}

/** What is pending, or what just finished, for screen readers (the page shows it too). */
export function announce(text: string): void {
  statusRegion.textContent = text;
}

export function clearMessages(): void {
  show(region);
}

/** The user moved to another page: what was said about the last one goes, unless it was carried. */
export function navigated(): void {
  for (const message of region.querySelectorAll<HTMLElement>('.message')) {
    if (message.dataset.carry === 'true') delete message.dataset.carry;
    else message.remove();
  }
}

function dismissButton(): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss message', onclick: () => clearMessages() },
    '×',
  );
}

/** `carry`: the message is about the page the user is being sent to, so it survives that move. */
export function info(text: string, carry = false): void {
  show(
    region,
    h(
      'div',
      {
        class: 'message info',
        'data-kind': 'info',
        role: 'status',
        'data-carry': carry ? 'true' : undefined,
      },
      h('span', {}, text),
      dismissButton(),
    ),
  );
}

function retryButton(retry: () => void, after?: number): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'retry',
      onclick: () => {
        clearMessages();
        retry();
      },
    },
    after ? `Retry (the cloud asks to wait ${after} s)` : 'Retry',
  );
}

/** Shows an error; `retry` adds a Retry button where the headline table says it may help. */
export function failure(error: unknown, retry?: () => void): void {
  if (!(error instanceof ApiError)) {
    show(
      region,
      h(
        'div',
        { class: 'message error', 'data-kind': 'bug', role: 'alert' },
        h('span', {}, String(error)),
        dismissButton(),
      ),
    );
    return;
  }
  const { headline } = error;
  const status = error.status === 0 ? 'network' : String(error.status);
  show(
    region,
    h(
      'div',
      {
        class: 'message error',
        'data-kind': headline.problem,
        'data-status': status,
        'data-endpoint': error.endpoint,
        'data-carry': headline.problem === 'auth' ? 'true' : undefined,
        role: 'alert',
      },
      h('strong', {}, headline.text),
      ' ',
      h(
        'span',
        { class: 'nova-message' },
        error.status === 0 ? error.message : `${error.status}: ${error.message}`,
      ),
      retry && headline.retry && retryButton(retry, error.retryAfter),
      dismissButton(),
    ),
  );
  if (headline.problem === 'auth') onAuthLost();
}
