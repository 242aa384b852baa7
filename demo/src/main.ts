/**
 * The demo: an OpenStack images browser that runs entirely on the browser mock. Routes:
 * `#/login`, `#/images`, `#/images/<id>`.
 */
import './styles.css';
import { NovaClient, type Session } from './api.ts';
import { renderDetail } from './detail.ts';
import { h, show } from './dom.ts';
import { listState, renderList, restartPaging } from './images.ts';
import { loadSession, renderLogin, saveSession } from './login.ts';
import { failure, mountMessages } from './messages.ts';
import { startMock } from './mock.ts';
import { mountPanel } from './panel.ts';

const view = document.querySelector<HTMLElement>('#view') as HTMLElement;
const who = document.querySelector<HTMLElement>('#who') as HTMLElement;
let session: Session | undefined;

function navigate(hash: string): void {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function logout(): void {
  session = undefined;
  saveSession(undefined);
  restartPaging();
}

function showWho(): void {
  if (!session) {
    show(who);
    return;
  }
  show(
    who,
    h('span', {}, `${session.user} @ ${session.project.name}`),
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          logout();
          navigate('#/login');
        },
      },
      'Log out',
    ),
  );
}

function route(): void {
  session = loadSession();
  showWho();
  const path = location.hash.replace(/^#/, '') || '/images';
  if (!session || path === '/login') {
    if (session && path === '/login') logout();
    showWho();
    renderLogin(view, (fresh) => {
      session = fresh;
      navigate('#/images');
    });
    return;
  }
  const client = new NovaClient(session);
  const detail = /^\/images\/([^/]+)$/.exec(path);
  if (detail?.[1]) {
    renderDetail(view, client, decodeURIComponent(detail[1]), {
      back: () => navigate('#/images'),
      filterByServer: (server) => {
        listState.filters = { name: '', status: '', type: '', server };
        restartPaging();
        navigate('#/images');
      },
    });
    return;
  }
  renderList(view, client, (id) => navigate(`#/images/${encodeURIComponent(id)}`));
}

async function boot(): Promise<void> {
  mountMessages(document.querySelector('#messages') as HTMLElement, () => {
    logout();
    if (location.hash !== '#/login') navigate('#/login');
  });
  try {
    await startMock();
  } catch (error) {
    failure(`The mock could not start: ${(error as Error).message}`);
    return;
  }
  mountPanel(document.querySelector('#panel') as HTMLElement, {
    afterReset: () => {
      restartPaging();
      route();
    },
  });
  window.addEventListener('hashchange', route);
  route();
}

boot();
