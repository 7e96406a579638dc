// Evals (admin): the runs, a new run from a CSV file, and one run's page: progress, cancel, the per-policy table,
// cost against success rate per policy (Chart.js) with the recommended point, every answer (as text, linked to its
// request in the log), the report.
import { html, nothing, state, api, toast, fmt } from './lib.js';

const POLICIES = ['local', 'cloud', 'current', 'cascade'];
const POLL_MS = 1000;
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
let timer = null;
let plot = null;

export function enter([id]) {
  clearTimeout(timer);
  state.evalError = null;
  if (id) {
    state.evalId = id;
    state.evalRun = null;
    loadRun(id);
  } else {
    state.evalId = null;
    loadList();
  }
}

/** Whether the page still shows what a timer was set for (the person may have gone elsewhere). */
const showing = (id) => state.page === 'evals' && state.evalId === id;

async function loadList() {
  try {
    state.evalRuns = (await api('/api/evals')).data;
  } catch (e) {
    state.evalRuns = state.evalRuns || [];
    toast(e.message);
  }
  if (showing(null) && state.evalRuns.some((r) => r.status === 'running')) {
    timer = setTimeout(loadList, POLL_MS);
  }
}

async function loadRun(id) {
  try {
    const run = await api(`/api/evals/${encodeURIComponent(id)}`);
    if (!showing(id)) return;
    state.evalRun = run;
    requestAnimationFrame(draw);
    if (run.status === 'running') timer = setTimeout(() => loadRun(id), POLL_MS);
  } catch (e) {
    if (showing(id)) state.evalRun = { missing: e.message };
  }
}

const percent = (v) => (v == null ? '–' : `${Math.round(v * 100)}%`);
const cost = (v) => (v == null ? '–' : fmt.usd(v));
const split = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);

async function start(e) {
  e.preventDefault();
  const f = e.target.elements;
  const file = f.csv.files[0];
  if (!file) return;
  const q = new URLSearchParams();
  if (f.name.value.trim()) q.set('name', f.name.value.trim());
  const chosen = [...e.target.querySelectorAll('input[name=policy]:checked')].map((c) => c.value);
  if (!chosen.length) {
    state.evalError = 'Choose at least one policy.';
    return;
  }
  if (chosen.length < POLICIES.length) q.set('policies', chosen.join(','));
  if (split(f.thresholds.value).length) q.set('thresholds', split(f.thresholds.value).join(','));
  for (const k of ['target', 'reference', 'local', 'judge', 'concurrency', 'timeout']) {
    if (f[k].value.trim()) q.set(k, f[k].value.trim());
  }
  if (!f.stream.checked) q.set('stream', 'false');
  state.evalError = null;
  state.evalStarting = true;
  try {
    const run = await api(`/api/evals?${q}`, { method: 'POST', body: await file.text(), type: 'text/csv' });
    location.hash = `#/evals/${run.id}`;
  } catch (error) {
    state.evalError = error.message;
  } finally {
    state.evalStarting = false;
  }
}

async function cancel(run) {
  try {
    state.evalRun = await api(`/api/evals/${encodeURIComponent(run.id)}/cancel`, { method: 'POST' });
    loadRun(run.id);
  } catch (e) {
    toast(e.message);
    loadRun(run.id);
  }
}

async function remove(run) {
  if (!confirm(`Delete the eval run '${run.name}' and its results?`)) return;
  try {
    await api(`/api/evals/${encodeURIComponent(run.id)}`, { method: 'DELETE' });
    location.hash = '#/evals';
  } catch (e) {
    toast(e.message);
  }
}

function progressOf(r) {
  const p = r.progress || { done: 0, total: 0 };
  return html`<span class="eval-progress"><progress max=${p.total || 1} value=${p.done}></progress>
    ${p.done}/${p.total}</span>`;
}

function recommendedOf(r) {
  const best = r.recommended;
  if (!best) return r.status === 'running' ? '…' : '–';
  return best.threshold != null ? String(best.threshold) : best.policy;
}

function newRunForm() {
  return html`<form id="new-eval" class="grid-form" @submit=${start}>
      <label>prompts (CSV) <input id="eval-csv" name="csv" type="file" accept=".csv,text/csv" required></label>
      <label>name <input name="name" placeholder="eval and the time"></label>
      <fieldset class="policies"><legend>policies</legend>
        ${POLICIES.map((p) => html`<label class="check"><input type="checkbox" name="policy" value=${p} checked> ${p}</label>`)}
      </fieldset>
      <label>cascade thresholds <input name="thresholds" placeholder="0.3, 0.5, 0.7, 0.9"></label>
      <label>quality target <input name="target" type="number" min="0" max="1" step="0.01" placeholder="0.95"></label>
      <label>cloud reference <input name="reference" placeholder="the savings reference"></label>
      <label>local model <input name="local" placeholder="the local alias"></label>
      <label>judge model <input name="judge" placeholder="small"></label>
      <label>in parallel <input name="concurrency" type="number" min="1" max="16" placeholder="2"></label>
      <label>seconds per prompt <input name="timeout" type="number" min="1" max="600" placeholder="60"></label>
      <label class="check"><input type="checkbox" name="stream" checked> stream the answers (time to first token)</label>
      <button type="submit" id="start-eval" ?disabled=${state.evalStarting}>Start the run</button>
    </form>
    ${state.evalError ? html`<p class="error" role="alert" id="eval-error">${state.evalError}</p>` : nothing}
    <p class="muted small">Columns: prompt (required), system, expected, check, task_type, tags; checks exact:, contains:,
      regex:, json, json:&lt;schema&gt;, code, judge. ./eval.sh runs the same from a terminal.</p>`;
}

function list() {
  const runs = state.evalRuns;
  return html`<h1>Evals</h1>
    <section><h2>Runs</h2>
      ${!runs ? html`<p class="loading">Reading the runs…</p>` : !runs.length ? html`<p class="muted">No eval has run yet.</p>`
        : html`<div class="scroll"><table id="evals" class="log"><thead><tr><th>name</th><th>status</th><th>progress</th>
          <th>prompts</th><th>recommended threshold</th><th>started</th></tr></thead>
          <tbody>${runs.map((r) => html`<tr data-id=${r.id} data-status=${r.status}
              @click=${() => { location.hash = `#/evals/${r.id}`; }}>
            <td class="wrap"><a href="#/evals/${r.id}">${r.name}</a></td>
            <td><span class="badge ${status(r.status)}">${r.status}</span></td>
            <td>${progressOf(r)}</td><td>${r.prompts ?? '–'}</td><td>${recommendedOf(r)}</td>
            <td>${fmt.dateTime(r.created_at)}</td></tr>`)}</tbody></table></div>`}
    </section>
    <section><h2>New run</h2>${newRunForm()}</section>`;
}

function status(s) {
  return s === 'done' ? 'ok' : s === 'running' ? 'warn' : 'bad';
}

function draw() {
  const r = state.evalRun;
  const canvas = document.getElementById('eval-plot');
  plot?.destroy();
  plot = null;
  if (!r || !canvas || !window.Chart) return;
  const points = (r.policies || []).filter((p) => p.success_rate != null && p.cost_usd != null);
  const best = r.recommended?.policy;
  plot = new window.Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: points.map((p, i) => ({
        label: p.policy === best ? `${p.policy} (recommended)` : p.policy,
        data: [{ x: Number(p.cost_usd), y: Math.round(p.success_rate * 1000) / 10 }],
        backgroundColor: COLORS[i % COLORS.length],
        borderColor: p.policy === best ? '#111' : COLORS[i % COLORS.length],
        pointStyle: p.policy === best ? 'rectRot' : 'circle',
        pointRadius: p.policy === best ? 11 : 6,
        pointHoverRadius: p.policy === best ? 13 : 8,
        borderWidth: p.policy === best ? 3 : 1,
        clip: false,                    // a point at 0% or 100% is drawn whole, not cut by the frame
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, layout: { padding: 12 },
      plugins: {
        title: { display: true, text: 'Cost against success rate, per policy' },
        legend: { position: 'bottom', labels: { usePointStyle: true } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt.usd(c.parsed.x)}, ${c.parsed.y}%` } },
      },
      scales: {
        x: { title: { display: true, text: 'cost (USD)' }, beginAtZero: true, ticks: { callback: (v) => fmt.usd(v) } },
        y: { title: { display: true, text: 'success rate (%)' }, min: 0, max: 100 },
      },
    },
  });
}

function policyTable(r) {
  const best = r.recommended?.policy;
  return html`<div class="scroll"><table id="eval-policies"><thead><tr><th>policy</th><th>success</th><th>cost</th>
      <th>cost / prompt</th><th>latency p50</th><th>p95</th><th>ttft p50</th><th>local share</th><th>escalations</th>
      </tr></thead><tbody>${(r.policies || []).map((p) => html`<tr data-policy=${p.policy}
        class=${p.policy === best ? 'recommended' : ''}>
      <td title=${p.label || ''}>${p.policy === best ? '★ ' : ''}${p.policy}</td>
      <td>${percent(p.success_rate)} <span class="muted">(${p.passed}/${p.prompts}${p.errors ? `, ${p.errors} errors` : ''})</span></td>
      <td>${cost(p.cost_usd)}</td><td>${cost(p.cost_per_prompt_usd)}</td>
      <td>${fmt.ms(p.latency_ms?.p50)}</td><td>${fmt.ms(p.latency_ms?.p95)}</td><td>${fmt.ms(p.ttft_ms?.p50)}</td>
      <td>${percent(p.local_share)}</td><td>${p.escalations ?? '–'}</td></tr>`)}</tbody></table></div>`;
}

function recommendation(r) {
  const best = r.recommended;
  if (r.status === 'running') return html`<p class="muted" id="eval-recommendation">The recommendation comes at the end.</p>`;
  if (!best) return html`<p id="eval-recommendation">No threshold recommended${r.recommendation_note ? `: ${r.recommendation_note}` : '.'}</p>`;
  return html`<p id="eval-recommendation">Recommended: <strong>${best.policy}</strong>${best.threshold != null
    ? html` (threshold <strong>${best.threshold}</strong>)` : nothing}, success ${percent(best.success_rate)} at
    ${cost(best.cost_usd)}${best.saves_usd != null ? html`, saving ${cost(best.saves_usd)} against the reference` : nothing}.
    <span class="muted">${best.reason || ''}</span></p>`;
}

function results(r) {
  const rows = r.results || [];
  if (!rows.length) return nothing;
  return html`<details id="eval-results"><summary>Every answer (${rows.length})</summary>
    <div class="scroll"><table><thead><tr><th>line</th><th>policy</th><th>passed</th><th>check</th><th>served by</th>
      <th>latency</th><th>cost</th><th>answer</th></tr></thead>
      <tbody>${rows.map((x) => html`<tr class=${x.passed ? '' : 'failed'}>
        <td>${x.line}</td><td>${x.policy}</td>
        <td><span class="badge ${x.passed ? 'ok' : 'bad'}">${x.passed ? 'yes' : 'no'}</span></td>
        <td class="wrap">${x.check}<div class="muted small">${x.error || x.detail || ''}</div></td>
        <td>${x.request_id ? html`<a class="request" href="#/requests/${x.request_id}">${x.backend || 'request'}</a>`
          : x.backend || '–'}${x.model ? html`<span class="muted">/${x.model}</span>` : nothing}</td>
        <td>${fmt.ms(x.latency_ms)}</td><td>${cost(x.cost_usd)}</td>
        <td class="wrap answer">${x.answer || ''}</td></tr>`)}</tbody></table></div></details>`;
}

function runPage() {
  const r = state.evalRun;
  if (!r) return html`<p><a href="#/evals">← All runs</a></p><p class="loading">Reading the run…</p>`;
  if (r.missing) return html`<p><a href="#/evals">← All runs</a></p><p class="error">${r.missing}</p>`;
  const running = r.status === 'running';
  return html`<p><a href="#/evals">← All runs</a></p>
    <div id="eval-run" data-status=${r.status} data-id=${r.id}>
    <div class="conversation-head"><h1>${r.name}</h1>
      <span class="badge ${status(r.status)}" id="eval-status">${r.status}</span></div>
    <div class="row">
      <span id="eval-progress">${progressOf(r)}</span>
      <span class="muted">${r.prompts} prompts · started ${fmt.dateTime(r.created_at)}${r.finished_at
        ? ` · ended ${fmt.dateTime(r.finished_at)}` : ''}</span>
      ${running ? html`<button id="cancel-eval" class="danger" @click=${() => cancel(r)}>Cancel</button>`
        : html`<a id="eval-report" href="/api/evals/${r.id}/report.html" target="_blank" rel="noopener">HTML report</a>
          <button class="link danger" id="delete-eval" @click=${() => remove(r)}>Delete</button>`}
    </div>
    ${(r.csv_errors || []).length ? html`<section><h2>Skipped CSV lines</h2><ul id="csv-errors">
      ${r.csv_errors.map((e) => html`<li data-line=${e.line}>line ${e.line}: ${e.message}</li>`)}</ul></section>` : nothing}
    <section><h2>Per policy</h2>${policyTable(r)}${recommendation(r)}</section>
    <section class="plots"><div class="plot"><canvas id="eval-plot"></canvas></div></section>
    <section>${results(r)}</section>
    <p class="muted small">Settings: ${(r.settings?.policies || []).join(', ')}; reference ${r.settings?.reference || '–'};
      thresholds ${(r.settings?.thresholds || []).join(', ')}; target ${r.settings?.target ?? '–'};
      local ${r.settings?.local || 'tagged private'}; judge ${r.settings?.judge || '–'};
      ${r.settings?.concurrency ?? '–'} in parallel, ${r.settings?.timeout_s ?? '–'} s per prompt${r.settings?.stream === false ? ', whole answers' : ', streamed'}.</p></div>`;
}

export function view() {
  return state.evalId ? runPage() : list();
}
