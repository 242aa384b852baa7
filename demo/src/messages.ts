/** The page's messages: one live region, errors worded for users, with Nova's own message. */
import { ApiError } from './api.ts';
import { h, show } from './dom.ts';

const HEADLINES: Record<ApiError['problem'], string> = {
  auth: 'Your session has ended. Please log in again.',
  forbidden: 'You are not allowed to do that.',
  quota: 'Too many properties on this image.',
  gone: 'This image is gone.',
  network: 'Cannot reach the cloud (network error).',
  invalid: 'The cloud refused the request.',
  server: 'The cloud had a problem.',
};

let region: HTMLElement;
let onAuthLost: () => void = () => {};

/** `authLost` runs on any 401: the page drops the token and shows the login form. */
export function mountMessages(element: HTMLElement, authLost: () => void): void {
  region = element;
  onAuthLost = authLost;
}

export function clearMessages(): void {
  show(region);
}

export function info(text: string): void {
  show(region, h('p', { class: 'message info', 'data-kind': 'info' }, text));
}

/** Shows an error; `retry` adds a Retry button (network errors and 5xx). */
export function failure(error: unknown, retry?: () => void): void {
  if (!(error instanceof ApiError)) {
    show(region, h('p', { class: 'message error', 'data-kind': 'bug', role: 'alert' }, String(error)));
    return;
  }
  if (error.problem === 'auth') onAuthLost();
  const status = error.status === 0 ? 'network' : String(error.status);
  const canRetry = retry && (error.problem === 'network' || error.problem === 'server');
  show(
    region,
    h(
      'div',
      { class: 'message error', 'data-kind': error.problem, 'data-status': status, role: 'alert' },
      h('strong', {}, HEADLINES[error.problem]),
      ' ',
      h(
        'span',
        { class: 'nova-message' },
        error.status === 0 ? error.message : `${error.status}: ${error.message}`,
      ),
      canRetry &&
        h(
          'button',
          {
            type: 'button',
            class: 'retry',
            onclick: () => {
              clearMessages();
              retry();
            },
          },
          'Retry',
        ),
    ),
  );
}
