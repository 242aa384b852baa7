/**
 * The demo: an OpenStack images browser that runs entirely on the browser mock. Where the user is
 * lives in the URL hash (route.ts); every move cancels what the page before it still had in flight.
 */
import './styles.css';
import { NovaClient, type Session } from './api.ts';
import { renderDetail } from './detail.ts';
import { h, show } from './dom.ts';
import { renderList } from './images.ts';
import { forgetSession, loadSession, renderLogin } from './login.ts';
import { failure, mountMessages, navigated } from './messages.ts';
import { startMock } from './mock.ts';
import { mountPanel } from './panel/panel.ts';
import { emptyFilters, hashOf, type Place, parsePlace } from './route.ts';

const view = document.querySelector<HTMLElement>('#view') as HTMLElement;
const who = document.querySelector<HTMLElement>('#who') as HTMLElement;
let inFlight: AbortController | undefined;
let shown: Place | undefined;

function go(place: Place): void {
  const hash = hashOf(place);
  if (location.hash === hash) route();
  else location.hash = hash;
}

function showWho(session: Session | undefined): void {
  if (!session) {
    show(who);
    return;
  }
  show(
    who,
    h('span', {}, `${session.user} @ ${session.project.name}`),
    h('a', { href: '#/login', class: 'link' }, 'Log out'),
  );
}

function route(): void {
  inFlight?.abort();
  inFlight = new AbortController();
  const place = parsePlace(location.hash);
  const previous = shown;
  shown = place;
  navigated();
  // Opening the log-in form is logging out.
  if (place.view === 'login') forgetSession();
  const session = loadSession();
  showWho(session);
  if (!session || place.view === 'login') {
    const next = place.view === 'login' ? place.next : location.hash;
    renderLogin(view, () => {
      location.hash = next && !next.startsWith('#/login') ? next : '#/images';
    });
    return;
  }
  const client = new NovaClient(session, inFlight.signal);
  const signal = inFlight.signal;
  if (place.view === 'image') {
    renderDetail(view, client, place, signal, {
      go,
      filterByServer: (server) =>
        go({
          view: 'list',
          list: { filters: { ...emptyFilters(), server }, limit: place.list.limit, markers: [] },
        }),
    });
    return;
  }
  renderList(view, client, place.list, signal, {
    go,
    // Back from an image: the keyboard focus returns to that image's row.
    returningFrom: previous?.view === 'image' ? previous.id : undefined,
  });
}

async function boot(): Promise<void> {
  mountMessages(
    document.querySelector('#messages') as HTMLElement,
    document.querySelector('#status') as HTMLElement,
    () => {
      forgetSession();
      // Log in again, then come back here.
      if (shown?.view !== 'login') go({ view: 'login', next: location.hash || '#/images' });
    },
  );
  try {
    await startMock();
  } catch (error) {
    show(view, h('h2', { tabindex: -1 }, 'The mock could not start'));
    failure(`The mock could not start: ${(error as Error).message}`);
    return;
  }
  mountPanel(document.querySelector('#panel') as HTMLElement, { afterReset: route });
  window.addEventListener('hashchange', route);
  route();
}

boot();
