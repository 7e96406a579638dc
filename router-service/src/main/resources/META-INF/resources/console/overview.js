// Overview: traffic of the last minute, money, every backend's state, the GPU services' models, gaming mode.
import { html, nothing, state, api, toast, fmt } from './lib.js';

export function enter() {
  if (!state.overview) api('/api/console/overview').then((o) => { state.overview = o; }).catch(toast);
}

async function act(path, body, what) {
  state.busy = what;
  try {
    await api(path, { method: 'POST', body });
    state.overview = await api('/api/console/overview');
  } catch (e) {
    toast(e.message);
  } finally {
    state.busy = null;
  }
}

function card(label, value, id) {
  return html`<div class="card" id=${id}><div class="value">${value}</div><div class="label">${label}</div></div>`;
}

function gamingPanel(b) {
  const s = b.service;
  if (!s) return html`<p class="muted">The gaming PC does not answer its status (${b.state}).</p>`;
  const on = s.gaming_mode === true;
  return html`
    <div class="gaming">
      <span>Gaming mode <strong id="gaming-mode" data-on=${String(on)}>${on ? 'on' : 'off'}</strong>
        ${s.since ? html`<span class="muted">since ${fmt.dateTime(s.since)}${s.why ? ` (${s.why})` : ''}</span>` : nothing}</span>
      <button id="gaming-toggle" ?disabled=${state.busy != null}
        @click=${() => act('/api/console/gaming-mode', { enabled: !on }, 'gaming')}>
        ${on ? 'Turn gaming mode off' : 'Turn gaming mode on'}</button>
      <button id="stop-all" class="danger" ?disabled=${state.busy != null}
        @click=${() => confirm('Unload every model on the gaming PC now?') && act('/api/console/stop-all', undefined, 'stop')}>
        Stop all</button>
      ${s.idle_shutdown_at ? html`<span class="muted">models unload at ${fmt.time(s.idle_shutdown_at)}
        (idle ${s.idle_seconds} s of ${s.idle_shutdown_after_seconds} s)</span>` : nothing}
    </div>`;
}

function models(b) {
  const s = b.service;
  const list = s?.models || [];
  if (!list.length) return nothing;
  const canControl = !b.gaming_pc;
  return html`<table class="models"><thead><tr><th>${b.name} model</th><th>state</th><th>in flight</th><th>idle</th>
    ${canControl ? html`<th></th>` : nothing}</tr></thead><tbody>
    ${list.map((m) => html`<tr data-model=${m.name}>
      <td>${m.name}</td>
      <td><span class="badge ${m.state}">${m.state}</span>${m.reason ? html` <span class="muted">${m.reason}</span>` : nothing}</td>
      <td>${m.in_flight ?? 0}</td>
      <td>${m.last_use ? fmt.ago(m.last_use) : '–'}</td>
      ${canControl ? html`<td class="actions">
        <button ?disabled=${m.state !== 'not_loaded' && m.state !== 'error'}
          @click=${() => act(`/api/console/backends/${encodeURIComponent(b.name)}/models/${encodeURIComponent(m.name)}/load`, undefined, 'model')}>Load</button>
        <button ?disabled=${m.state === 'not_loaded'}
          @click=${() => act(`/api/console/backends/${encodeURIComponent(b.name)}/models/${encodeURIComponent(m.name)}/unload`, undefined, 'model')}>Unload</button>
      </td>` : nothing}
    </tr>`)}</tbody></table>`;
}

export function view() {
  const o = state.overview;
  if (!o) return html`<p class="loading">Reading the household…</p>`;
  const t = o.traffic;
  const pc = o.backends.find((b) => b.gaming_pc);
  return html`
    <h1>Overview</h1>
    <section class="cards">
      ${card('requests / s (last min)', t.requests_per_second.toFixed(2), 'rps')}
      ${card('latency p50 / p95', html`${fmt.ms(t.latency_p50_ms)} <small>/ ${fmt.ms(t.latency_p95_ms)}</small>`, 'latency')}
      ${card('time to first token p50', fmt.ms(t.ttft_p50_ms), 'ttft')}
      ${card('errors / fallbacks', `${t.errors} / ${t.fallbacks}`, 'errors')}
      ${card('cost today', html`${fmt.usd(o.today.cost_usd)} <small>saved ${fmt.usd(o.today.saved_usd)}</small>`, 'cost-today')}
      ${card('cost this month', html`${fmt.usd(o.month.cost_usd)} <small>saved ${fmt.usd(o.month.saved_usd)}</small>`, 'cost-month')}
    </section>
    ${pc ? html`<section><h2>Gaming PC</h2>${gamingPanel(pc)}</section>` : nothing}
    <section>
      <h2>Backends</h2>
      <div class="scroll"><table id="backends"><thead><tr><th>backend</th><th>where</th><th>state</th><th>in flight</th><th>models</th></tr></thead>
        <tbody>${o.backends.map((b) => html`<tr data-backend=${b.name} data-state=${b.state}>
          <td>${b.name}</td><td>${b.location}</td>
          <td><span class="badge ${b.state}">${b.state.replace('_', ' ')}</span></td>
          <td>${b.in_flight}${b.max_in_flight > 0 ? ` / ${b.max_in_flight}` : ''}</td>
          <td class="wrap">${b.models.join(', ')}</td></tr>`)}</tbody></table></div>
    </section>
    <section>
      <h2>GPU models</h2>
      ${o.backends.filter((b) => b.service?.models?.length).map((b) => html`<div class="scroll">${models(b)}</div>`)}
      ${o.backends.some((b) => b.service?.models?.length) ? nothing : html`<p class="muted">No GPU service reports its models right now.</p>`}
    </section>
    <p class="muted small">Updated ${fmt.time(o.time)}</p>`;
}
