/**
 * The log-in form: Keystone v3 password authentication. The token is kept in sessionStorage; the
 * user and project names too, so that logging in again after a 401 starts from what was typed.
 */
import { login, type Session } from './api.ts';
import { field, focus, h, once, setTitle, show } from './dom.ts';
import { clearMessages, failure } from './messages.ts';

const SESSION_KEY = 'nova-demo-session';
const LAST_LOGIN_KEY = 'nova-demo-last-login';
export const IDENTITY_URL = '/identity/v3';

function read<T>(key: string): T | undefined {
  const text = sessionStorage.getItem(key);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  return read<Session>(SESSION_KEY);
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

function remember(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  sessionStorage.setItem(
    LAST_LOGIN_KEY,
    JSON.stringify({ user: session.user, project: session.project.name }),
  );
}

export function renderLogin(view: HTMLElement, onLogin: (session: Session) => void): void {
  const last = read<{ user: string; project: string }>(LAST_LOGIN_KEY);
  const user = h('input', {
    name: 'user',
    autocomplete: 'username',
    required: true,
    value: last?.user ?? 'demo',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    value: 'secret',
  });
  const project = h('input', { name: 'project', required: true, value: last?.project ?? 'demo' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const heading = h('h2', { id: 'login-title', tabindex: -1 }, 'Log in to the cloud');
  const form = h(
    'form',
    {
      class: 'login card',
      'aria-labelledby': 'login-title',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        once(submit, async () => {
          try {
            const session = await login(IDENTITY_URL, user.value, password.value, project.value);
            remember(session);
            clearMessages();
            onLogin(session);
          } catch (error) {
            failure(error, () => form.requestSubmit());
          }
        });
      },
    },
    heading,
    h(
      'p',
      { class: 'hint' },
      'Keystone v3 at ',
      h('code', {}, IDENTITY_URL),
      ' — any user name and password work; the project ',
      h('code', {}, 'demo'),
      ' owns the images.',
    ),
    field('User name', user),
    field('Password', password),
    field('Project', project),
    submit,
  );
  show(view, form);
  setTitle('Log in');
  focus(last ? password : user);
}
