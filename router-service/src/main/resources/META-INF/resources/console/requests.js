// Requests: the request log, newest first, live, filterable; one request's page with its routing explanation.
import { html, nothing, repeat, state, api, toast, fmt } from './lib.js';

const MAX_ROWS = 500;
const empty = { from: '', to: '', backend: '', key: '', status: '', tag: '', task: '' };

function filters() {
  if (!state.logFilters) state.logFilters = { ...empty };
  return state.logFilters;
}

export function enter([id]) {
  if (id) {
    state.requestId = id;
    state.request = null;
    state.explain = null;
    api(`/api/logs/${encodeURIComponent(id)}`).then((r) => { state.request = r; }).catch((e) => {
      state.request = { missing: e.message };
    });
  } else {
    state.requestId = null;
    load();
  }
}

function iso(local) {
  return local ? new Date(local).toISOString() : '';
}

async function load() {
  const f = filters();
  const q = new URLSearchParams({ size: '200', traffic: 'household' });   // eval runs are on the Evals page
  if (f.from) q.set('from', iso(f.from));
  if (f.to) q.set('to', iso(f.to));
  for (const k of ['backend', 'key', 'status']) if (f[k]) q.set(k, f[k]);
  try {
    const page = await api(`/api/logs?${q}`);
    state.logRows = page.data;
    state.logTotal = page.total;
  } catch (e) {
    toast(e.message);
  }
}

/** Whether a row passes the filters (time, backend, key and status as the server does; tag and task type here). */
function matches(r) {
  const f = filters();
  if (f.from && new Date(r.ts) < new Date(f.from)) return false;
  if (f.to && new Date(r.ts) >= new Date(f.to)) return false;
  if (f.backend && r.backend !== f.backend) return false;
  if (f.key && r.client_key !== f.key) return false;
  if (f.status && String(r.status) !== f.status) return false;
  if (f.tag && !(r.tags || []).includes(f.tag)) return false;
  if (f.task && r.task_type !== f.task) return false;
  return true;
}

/** A row from the live stream. */
export function arrived(row) {
  if (!state.logRows || !matches(row)) return;
  if (state.logRows.some((r) => r.id === row.id)) return;
  const rows = [row, ...state.logRows].sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0)).slice(0, MAX_ROWS);
  state.logTotal = (state.logTotal || 0) + 1;
  state.logRows = rows;
}

function setFilter(e) {
  filters()[e.target.name] = e.target.value.trim();
  state.logFilters = { ...filters() };
  if (['from', 'to', 'backend', 'key', 'status'].includes(e.target.name)) load();
}

function backends() {
  return (state.overview?.backends || []).map((b) => b.name);
}

function statusClass(s) {
  return s >= 500 ? 'bad' : s >= 400 ? 'warn' : 'ok';
}

function table() {
  const rows = (state.logRows || []).filter(matches);
  return html`<div class="scroll"><table id="request-log" class="log"><thead><tr>
      <th>time</th><th>key</th><th>model asked</th><th>served by</th><th>status</th><th>tokens</th>
      <th>latency</th><th>ttft</th><th>cost</th><th>tags</th></tr></thead>
    <tbody>${repeat(rows, (r) => r.id, (r) => html`<tr data-id=${r.id} @click=${() => { location.hash = `#/requests/${r.id}`; }}>
      <td><a href="#/requests/${r.id}">${fmt.time(r.ts)}</a></td>
      <td>${r.client_key || '–'}</td>
      <td>${r.requested_model || 'auto'}</td>
      <td>${r.backend || '–'}${r.served_model ? html`<span class="muted">/${r.served_model}</span>` : nothing}</td>
      <td><span class="badge ${statusClass(r.status)}">${r.status}</span>${r.cache_hit ? html` <span class="muted">cache</span>` : nothing}</td>
      <td>${r.prompt_tokens} → ${r.completion_tokens}</td>
      <td>${fmt.ms(r.latency_ms)}</td><td>${fmt.ms(r.ttft_ms)}</td>
      <td>${fmt.usd(r.cost_usd)}</td>
      <td class="wrap">${[...(r.tags || []), r.task_type].filter(Boolean).join(' ')}</td>
    </tr>`)}</tbody></table></div>
    <p class="muted small">${rows.length} shown of ${state.logTotal ?? 0} matching in the log${state.live ? ', new ones appear as they are logged' : ''}.</p>`;
}

function list() {
  const f = filters();
  return html`<h1>Requests</h1>
    <form class="filters" @change=${setFilter} @submit=${(e) => e.preventDefault()}>
      <label>from <input type="datetime-local" name="from" .value=${f.from}></label>
      <label>to <input type="datetime-local" name="to" .value=${f.to}></label>
      <label>backend <select name="backend" .value=${f.backend}><option value="">any</option>
        ${backends().map((b) => html`<option ?selected=${b === f.backend}>${b}</option>`)}</select></label>
      <label>key <input name="key" placeholder="key name" .value=${f.key} size="10"></label>
      <label>status <input name="status" inputmode="numeric" placeholder="200" .value=${f.status} size="4"></label>
      <label>tag <input name="tag" placeholder="private" .value=${f.tag} size="8"></label>
      <label>task <input name="task" placeholder="code" .value=${f.task} size="8"></label>
      <button type="button" @click=${() => { state.logFilters = { ...empty }; load(); }}>Clear</button>
    </form>
    ${state.logRows ? table() : html`<p class="loading">Reading the log…</p>`}`;
}

async function explain(r) {
  // The log keeps no prompt unless router.log.content is on: then the rules see the same prompt again.
  const body = { model: r.requested_model || 'auto', messages: [{ role: 'user', content: r.prompt_text || '' }] };
  if (r.tags?.length) body.tags = r.tags;
  const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': state.session.csrf };
  if (r.task_type) headers['X-Task-Type'] = r.task_type;
  try {
    const response = await fetch('/v1/route/explain', { method: 'POST', headers, body: JSON.stringify(body) });
    const data = await response.json();
    state.explain = response.ok ? data : { error: data?.error?.message || `HTTP ${response.status}` };
  } catch (e) {
    state.explain = { error: e.message };
  }
}

const target = (t) => `${t.backend}/${t.model}`;

function explanation(r) {
  const d = state.explain;
  if (!d) {
    return html`<button id="explain" @click=${() => explain(r)}>Explain the routing now</button>
      <p class="muted small">Runs the routing policy again on this request's model, tags and task type${r.prompt_text ? ' and its stored prompt' : ' (the prompt is not stored, so size rules see an empty one)'}, against the house as it is now.</p>`;
  }
  if (d.error) return html`<p class="error">${d.error}</p>`;
  const rules = d.rules || [];
  return html`<div id="explanation">
    <p>Now: <strong>${(d.chain || []).map(target).join(' → ') || 'no backend'}</strong> — ${d.reason}</p>
    <h3>Rules tried</h3>
    <ol class="rules">${rules.map((x) => html`<li class=${x.matched ? 'matched' : ''}><strong>${x.name}</strong>
      ${x.matched ? html` matched` : html` <span class="muted">${(x.why || []).join('; ')}</span>`}</li>`)}</ol>
    <h3>Filters</h3>
    ${(d.filters || []).length ? nothing : html`<p class="muted">None removed anything.</p>`}
    <ul>${(d.filters || []).map((x) => html`<li><strong>${x.name}</strong> removed ${(x.removed || []).map(target).join(', ') || 'nothing'}
      ${x.why ? html`<span class="muted"> — ${x.why}</span>` : nothing}</li>`)}</ul>
    ${d.panic ? html`<p class="warn">Panic: ${d.panic}</p>` : nothing}
  </div>`;
}

function detail() {
  const r = state.request;
  if (!r) return html`<p class="loading">Reading the request…</p>`;
  if (r.missing) return html`<h1>Request</h1><p class="error">${r.missing}</p><a href="#/requests">All requests</a>`;
  const fields = Object.entries(r).filter(([k]) => !['prompt_text', 'answer_text'].includes(k));
  return html`<p><a href="#/requests">← All requests</a></p>
    <h1>Request <code>${r.id}</code></h1>
    <section><h2>Why it went where it went</h2>
      <p id="route-reason">${r.backend ? html`Served by <strong>${r.backend}/${r.served_model}</strong>: ` : nothing}${r.route_reason || '–'}</p>
      ${r.error ? html`<p class="error">${r.error}</p>` : nothing}
      ${explanation(r)}</section>
    <section><h2>Everything the log keeps</h2>
      <table class="fields" id="request-fields">${fields.map(([k, v]) => html`<tr><th>${k}</th>
        <td>${Array.isArray(v) ? v.join(', ') : v == null ? '–' : String(v)}</td></tr>`)}</table>
      ${r.prompt_text != null ? html`<h3>Prompt</h3><pre class="text">${r.prompt_text}</pre>` : nothing}
      ${r.answer_text != null ? html`<h3>Answer</h3><pre class="text">${r.answer_text}</pre>` : nothing}
    </section>`;
}

export function view() {
  return state.requestId ? detail() : list();
}
