// Keys (admin): create (the key is shown once), list, revoke; budgets and limits.
import { html, nothing, state, api, toast, fmt } from './lib.js';

export function enter() {
  state.createdKey = null;
  load();
}

async function load() {
  try {
    state.keys = (await api('/admin/keys')).data;
  } catch (e) {
    state.keys = [];
    toast(e.message);
  }
}

const list = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean);
const amount = (v) => (v === '' ? null : Number(v));

async function create(e) {
  e.preventDefault();
  const f = e.target.elements;
  const body = {
    name: f.name.value.trim(),
    daily_budget_usd: amount(f.daily.value),
    monthly_budget_usd: amount(f.monthly.value),
    requests_per_minute: f.rpm.value === '' ? null : Number(f.rpm.value),
    allowed_backends: list(f.backends.value),
    forced_tags: list(f.tags.value),
    over_budget: f.over.value,
  };
  try {
    state.createdKey = await api('/admin/keys', { method: 'POST', body });
    e.target.reset();
    load();
  } catch (error) {
    toast(error.message);
  }
}

async function revoke(k) {
  if (!confirm(`Revoke the key '${k.name}'? Whoever uses it is refused from now on.`)) return;
  try {
    await api(`/admin/keys/${k.id}`, { method: 'DELETE' });
    load();
  } catch (e) {
    toast(e.message);
  }
}

export function view() {
  const created = state.createdKey;
  return html`<h1>Keys</h1>
    ${created ? html`<div class="created" id="created-key" role="status">
      <p>Key <strong>${created.info.name}</strong> created. ${created.note}</p>
      <code class="secret" id="new-key">${created.key}</code>
      <button @click=${() => navigator.clipboard?.writeText(created.key).then(() => toast('Copied', 'ok'))}>Copy</button>
      <button class="link" @click=${() => { state.createdKey = null; }}>Done, hide it</button></div>` : nothing}
    <section><h2>New key</h2>
      <form id="new-key-form" class="grid-form" @submit=${create}>
        <label>name <input name="name" required placeholder="laptop, alice, bot"></label>
        <label>daily budget (USD) <input name="daily" type="number" min="0" step="0.01"></label>
        <label>monthly budget (USD) <input name="monthly" type="number" min="0" step="0.01"></label>
        <label>requests per minute <input name="rpm" type="number" min="1" step="1"></label>
        <label>allowed backends <input name="backends" placeholder="all; or gpu-3070, opencode"></label>
        <label>forced tags <input name="tags" placeholder="e.g. private"></label>
        <label>over budget <select name="over"><option value="local">serve locally</option>
          <option value="refuse">refuse (429)</option></select></label>
        <button type="submit" id="create-key">Create key</button>
      </form></section>
    <section><h2>All keys</h2>
      <div class="scroll"><table id="keys"><thead><tr><th>name</th><th>key</th><th>budgets</th><th>limit</th>
        <th>backends</th><th>forced tags</th><th>over budget</th><th>created</th><th></th></tr></thead>
        <tbody>${(state.keys || []).map((k) => html`<tr data-key=${k.name} class=${k.revoked_at ? 'revoked' : ''}>
          <td>${k.name}</td><td><code>${k.prefix}</code></td>
          <td>${k.daily_budget_usd != null ? `${fmt.usd(k.daily_budget_usd)}/day` : ''}
            ${k.monthly_budget_usd != null ? `${fmt.usd(k.monthly_budget_usd)}/month` : ''}
            ${k.daily_budget_usd == null && k.monthly_budget_usd == null ? '–' : ''}</td>
          <td>${k.requests_per_minute ? `${k.requests_per_minute}/min` : '–'}</td>
          <td class="wrap">${k.allowed_backends.join(', ') || 'all'}</td>
          <td>${k.forced_tags.join(', ') || '–'}</td><td>${k.over_budget}</td>
          <td>${fmt.dateTime(k.created_at)}</td>
          <td>${k.revoked_at ? html`<span class="muted">revoked ${fmt.dateTime(k.revoked_at)}</span>`
            : html`<button class="danger revoke" @click=${() => revoke(k)}>Revoke</button>`}</td></tr>`)}</tbody></table></div>
      <p class="muted small">Only a hash of each key is stored: a key cannot be shown again after it is created.</p>
    </section>`;
}
