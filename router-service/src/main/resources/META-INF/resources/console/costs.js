// Costs: cost and savings over time per backend, model and key (Chart.js plots), budgets per key with the
// 80% mark, and the cost simulation.
import { html, nothing, state, api, toast, fmt } from './lib.js';

const charts = new Map();
const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const RANGES = [['1', 'last 24 hours'], ['7', 'last 7 days'], ['30', 'last 30 days'], ['90', 'last 90 days']];

export function enter() {
  if (!state.costDays) state.costDays = '7';
  load();
}

async function load() {
  try {
    const [series, day, month, keys] = await Promise.all([
      api(`/api/console/costs/series?days=${state.costDays}`),
      api('/api/costs?period=day'), api('/api/costs?period=month'), api('/admin/keys').catch(() => ({ data: [] })),
    ]);
    const sum = (f) => series.data.reduce((s, b) => s + Number(b[f] || 0), 0);
    const totals = { cost_usd: sum('cost_usd'), saved_usd: sum('saved_usd'), requests: sum('requests') };
    state.costs = { series, totals, day, month, keys: keys.data };
    requestAnimationFrame(draw);
  } catch (e) {
    toast(e.message);
  }
}

/** Every bucket of the range, also those without requests (a gap is a zero, not a missing bar). */
function bucketLabels(series) {
  const step = series.unit === 'hour' ? 3600e3 : 86400e3;
  const starts = [];
  for (let t = new Date(series.from).getTime(); t <= new Date(series.to).getTime(); t += step) {
    starts.push(t);
  }
  return starts;
}

function label(iso, unit) {
  const d = new Date(iso);
  return unit === 'hour' ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

function stacked(series, by, field) {
  const starts = bucketLabels(series);
  const groups = [...new Set(series.data.map((b) => b[by] || 'none'))];
  return {
    labels: starts.map((s) => label(s, series.unit)),
    datasets: groups.map((g, i) => ({
      label: g,
      backgroundColor: COLORS[i % COLORS.length],
      data: starts.map((s) => series.data.filter((b) => new Date(b.start).getTime() === s && (b[by] || 'none') === g)
        .reduce((sum, b) => sum + Number(b[field] || 0), 0)),
    })),
  };
}

function chart(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  charts.get(id)?.destroy();
  charts.set(id, new window.Chart(canvas, config));
}

const money = { ticks: { callback: (v) => `$${v}` } };

function draw() {
  const c = state.costs;
  if (!c) return;
  const options = (title) => ({
    responsive: true, maintainAspectRatio: false, animation: false,
    plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
    scales: { x: { stacked: true }, y: { stacked: true, ...money } },
  });
  chart('cost-by-backend', { type: 'bar', data: stacked(c.series, 'backend', 'cost_usd'), options: options('Cost per backend') });
  chart('saved-by-backend', { type: 'bar', data: stacked(c.series, 'backend', 'saved_usd'), options: options('Saved against the cloud reference, per backend') });
  chart('cost-by-model', { type: 'bar', data: stacked(c.series, 'model', 'cost_usd'), options: options('Cost per model') });
  chart('cost-by-key', { type: 'bar', data: stacked(c.series, 'key', 'cost_usd'), options: options('Cost per key') });
}

function spent(totals, name) {
  return totals.groups.filter((g) => g.key === name).reduce((s, g) => s + Number(g.cost_usd || 0), 0);
}

function budgetBar(used, budget, label) {
  if (budget == null) return nothing;
  const ratio = Number(budget) === 0 ? (used > 0 ? 1 : 0) : used / Number(budget);
  const pct = Math.min(100, ratio * 100);
  return html`<div class="budget ${ratio >= 1 ? 'over' : ratio >= 0.8 ? 'near' : ''}" title="${(ratio * 100).toFixed(0)}%">
    <span class="budget-label">${label}: ${fmt.usd(used)} of ${fmt.usd(budget)}</span>
    <div class="bar"><div class="fill" style="width:${pct}%"></div><div class="mark" title="80%"></div></div></div>`;
}

function budgets() {
  const c = state.costs;
  const withBudget = c.keys.filter((k) => !k.revoked_at && (k.daily_budget_usd != null || k.monthly_budget_usd != null));
  if (!withBudget.length) return html`<p class="muted">No key has a budget. Set one on the Keys page.</p>`;
  return html`<div id="budgets">${withBudget.map((k) => html`<div class="budget-key" data-key=${k.name}>
    <strong>${k.name}</strong>
    ${budgetBar(spent(c.day, k.name), k.daily_budget_usd, 'today')}
    ${budgetBar(spent(c.month, k.name), k.monthly_budget_usd, 'this month')}</div>`)}</div>
    <p class="muted small">The line marks 80%, where the router warns.</p>`;
}

async function simulate(e) {
  e.preventDefault();
  const f = e.target.elements;
  const n = (v) => (v === '' ? null : Number(v));
  try {
    state.simulation = await api('/api/costs/simulate', { method: 'POST', body: {
      days: n(f.days.value), requests_per_day: n(f.rpd.value), prompt_tokens: n(f.prompt.value),
      completion_tokens: n(f.completion.value) } });
  } catch (error) {
    toast(error.message);
  }
}

function simulation() {
  const s = state.simulation;
  return html`<form id="simulate" class="grid-form" @submit=${simulate}>
      <label>days <input name="days" type="number" min="1" value="30"></label>
      <label>requests per day <input name="rpd" type="number" min="0" step="any" placeholder="from the log"></label>
      <label>prompt tokens <input name="prompt" type="number" min="0" placeholder="from the log"></label>
      <label>completion tokens <input name="completion" type="number" min="0" placeholder="from the log"></label>
      <button type="submit">Simulate</button></form>
    ${s ? html`<div id="simulation"><p>${s.days} days × ${s.requests_per_day.toFixed(1)} requests/day,
      ${Math.round(s.prompt_tokens)} → ${Math.round(s.completion_tokens)} tokens each (${s.workload}).</p>
      <table><thead><tr><th>scenario</th><th>cost</th><th>basis</th></tr></thead><tbody>
      ${s.scenarios.map((x) => html`<tr><td>${x.name}</td><td>${x.cost_usd == null ? '–' : fmt.usd(x.cost_usd)}</td>
        <td class="wrap muted">${x.basis}</td></tr>`)}</tbody></table>
      ${s.hybrid_saves_usd != null ? html`<p>The hybrid setup saves <strong>${fmt.usd(s.hybrid_saves_usd)}</strong>.</p>` : nothing}</div>` : nothing}`;
}

export function view() {
  const c = state.costs;
  return html`<h1>Costs</h1>
    <div class="row">
      <label>range <select id="cost-range" @change=${(e) => { state.costDays = e.target.value; load(); }}>
        ${RANGES.map(([v, l]) => html`<option value=${v} ?selected=${v === state.costDays}>${l}</option>`)}</select></label>
      ${c ? html`<span>Spent <strong id="cost-total">${fmt.usd(c.totals.cost_usd)}</strong>,
        saved <strong>${fmt.usd(c.totals.saved_usd)}</strong> against the cloud reference,
        over ${fmt.num(c.totals.requests)} requests</span>` : nothing}
    </div>
    ${c ? html`<section class="plots">
        <div class="plot"><canvas id="cost-by-backend"></canvas></div>
        <div class="plot"><canvas id="saved-by-backend"></canvas></div>
        <div class="plot"><canvas id="cost-by-model"></canvas></div>
        <div class="plot"><canvas id="cost-by-key"></canvas></div>
      </section>
      <section><h2>Budgets</h2>${budgets()}</section>` : html`<p class="loading">Adding up…</p>`}
    <section><h2>What would it cost?</h2>${simulation()}</section>`;
}
