// The console's shell: login, navigation by #hash, the live event stream, and the pages.
import { html, render, nothing, state, subscribe, api, toast } from './lib.js';
import * as overview from './overview.js';
import * as requests from './requests.js';
import * as costs from './costs.js';
import * as chat from './chat.js';
import * as keys from './keys.js';
import * as evals from './evals.js';

const PAGES = [
  { id: 'overview', title: 'Overview', admin: true, page: overview },
  { id: 'requests', title: 'Requests', admin: true, page: requests },
  { id: 'costs', title: 'Costs', admin: true, page: costs },
  { id: 'evals', title: 'Evals', admin: true, page: evals },
  { id: 'chat', title: 'Chat', admin: false, page: chat },
  { id: 'keys', title: 'Keys', admin: true, page: keys },
];

let events = null;

function route() {
  const [id, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const admin = state.session?.admin;
  let page = PAGES.find((p) => p.id === id && (admin || !p.admin));
  if (!page) {
    page = admin ? PAGES[0] : PAGES.find((p) => p.id === 'chat');
    history.replaceState(null, '', `#/${page.id}`);
  }
  state.page = page.id;
  page.page.enter?.(rest.map(decodeURIComponent));
}

/** One EventSource for the live pages (admins only): overview snapshots and request-log rows. */
function connect() {
  if (events || !state.session?.admin) return;
  events = new EventSource('/api/console/events');
  events.addEventListener('overview', (e) => { state.overview = JSON.parse(e.data); state.live = true; });
  events.addEventListener('request', (e) => requests.arrived(JSON.parse(e.data)));
  events.onerror = () => { state.live = false; };
  events.onopen = () => { state.live = true; };
}

async function loadSession() {
  state.session = await api('/console/api/session');
  if (state.session.logged_in) {
    connect();
    route();
  }
}

async function login(e) {
  e.preventDefault();
  const key = e.target.elements.key.value;
  try {
    state.session = await api('/console/api/login', { method: 'POST', body: { key } });
    e.target.reset();
    connect();
    route();
  } catch (error) {
    state.loginError = error.message;
  }
}

async function logout() {
  await api('/console/api/logout', { method: 'POST' }).catch(() => {});
  events?.close();
  events = null;
  location.hash = '';
  await loadSession();
}

function loginView() {
  return html`<main class="login">
    <h1>Local AI Router</h1>
    <form id="login-form" @submit=${login}>
      <label for="login-key">Admin key or your client key</label>
      <input id="login-key" name="key" type="password" autocomplete="current-password" required autofocus>
      <button id="login-button" type="submit">Log in</button>
      ${state.loginError ? html`<p class="error" role="alert" id="login-error">${state.loginError}</p>` : nothing}
    </form>
    <p class="hint">The key stays on the router: the console keeps only an HttpOnly session cookie.</p>
  </main>`;
}

function shell() {
  const s = state.session;
  const page = PAGES.find((p) => p.id === state.page);
  return html`
    <header class="top">
      <a class="brand" href="#/${s.admin ? 'overview' : 'chat'}">Local AI Router</a>
      <nav>
        ${PAGES.filter((p) => s.admin || !p.admin).map((p) => html`<a id="nav-${p.id}" href="#/${p.id}"
          class=${p.id === state.page ? 'active' : ''}>${p.title}</a>`)}
      </nav>
      <span class="who">
        ${s.admin ? html`<span class="live ${state.live ? 'on' : ''}" title="live updates">${state.live ? 'live' : 'offline'}</span>` : nothing}
        ${s.name}
        ${s.kind !== 'open' ? html`<button class="link" id="logout" @click=${logout}>Log out</button>` : nothing}
      </span>
    </header>
    ${state.toast ? html`<div class="toast ${state.toast.kind}" role="status">${state.toast.text}</div>` : nothing}
    <main id="page-${state.page}">${page ? page.page.view() : nothing}</main>`;
}

function view() {
  const s = state.session;
  if (!s) return html`<p class="loading">Loading the console…</p>`;
  if (!s.logged_in) return loginView();
  return shell();
}

const root = document.getElementById('app');
root.replaceChildren();                 // the static 'Loading…' is not lit-html's to replace
subscribe(() => render(view(), root));
window.addEventListener('hashchange', () => state.session?.logged_in && route());
window.addEventListener('unhandledrejection', (e) => toast(e.reason?.message || e.reason));
loadSession().catch((e) => {
  root.textContent = `The console could not reach the router: ${e.message}`;
});
