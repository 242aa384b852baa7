/** The login form: Keystone v3 password authentication, the token kept in sessionStorage. */
import { login, type Session } from './api.ts';
import { field, h, show } from './dom.ts';
import { clearMessages, failure } from './messages.ts';

const SESSION_KEY = 'nova-demo-session';
export const IDENTITY_URL = '/identity/v3';

export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

export function renderLogin(view: HTMLElement, onLogin: (session: Session) => void): void {
  const user = h('input', { name: 'user', autocomplete: 'username', required: true, value: 'demo' });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    value: 'secret',
  });
  const project = h('input', { name: 'project', required: true, value: 'demo' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h(
    'form',
    {
      class: 'login card',
      'aria-labelledby': 'login-title',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        try {
          const session = await login(IDENTITY_URL, user.value, password.value, project.value);
          saveSession(session);
          clearMessages();
          onLogin(session);
        } catch (error) {
          failure(error, () => form.requestSubmit());
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', { id: 'login-title' }, 'Log in to the cloud'),
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
  user.focus();
}
