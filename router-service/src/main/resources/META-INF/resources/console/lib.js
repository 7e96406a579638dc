// The console's small shared layer: lit-html for rendering (every ${value} is text, never markup), a
// reactive store that re-renders on change, the API client (cookie login + CSRF header), formatting.
export { html, render, nothing, svg } from '/_static/lit-html/3.3.1/lit-html.js';
export { repeat } from '/_static/lit-html/3.3.1/directives/repeat.js';
export { unsafeHTML } from '/_static/lit-html/3.3.1/directives/unsafe-html.js';
export { live } from '/_static/lit-html/3.3.1/directives/live.js';

const listeners = new Set();
let scheduled = false;

/** The store: assigning a property (shallow) schedules one re-render in the next animation frame. */
export const state = new Proxy({}, {
  set(target, key, value) {
    target[key] = value;
    changed();
    return true;
  },
});

/** Schedules a re-render (after changing something nested in the store in place). */
export function changed() {
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      listeners.forEach((l) => l());
    });
  }
}

export function subscribe(listener) {
  listeners.add(listener);
}

/**
 * Calls the router's JSON API; throws an Error with the API's own message. The body is sent as JSON, or as it is
 * when a content type is given (e.g. a CSV file's text as text/csv).
 */
export async function api(path, { method = 'GET', body, signal, type } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = type || 'application/json';
  if (method !== 'GET' && state.session?.csrf) headers['X-CSRF-Token'] = state.session.csrf;
  const response = await fetch(path, {
    method, headers, signal, credentials: 'same-origin',
    body: body === undefined ? undefined : type ? body : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.error?.message || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return data;
}

/** A short-lived message at the top of the page. */
export function toast(text, kind = 'error') {
  state.toast = { text: String(text), kind, at: Date.now() };
  setTimeout(() => { if (state.toast && Date.now() - state.toast.at >= 4900) state.toast = null; }, 5000);
}

export const fmt = {
  usd(v) {
    const n = Number(v || 0);
    if (n === 0) return '$0';
    return n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
  },
  ms(v) { return v == null ? '–' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`; },
  time(iso) { return iso ? new Date(iso).toLocaleTimeString() : '–'; },
  dateTime(iso) { return iso ? new Date(iso).toLocaleString() : '–'; },
  ago(iso) {
    if (!iso) return '–';
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) return `${s} s ago`;
    if (s < 3600) return `${Math.round(s / 60)} min ago`;
    return `${Math.round(s / 3600)} h ago`;
  },
  num(v) { return v == null ? '–' : Number(v).toLocaleString(); },
};
