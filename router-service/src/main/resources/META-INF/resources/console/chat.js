// Chat: a person's conversations (kept by the router in PostgreSQL), answers streamed from the router's own
// /v1/chat/completions, so keys, budgets and the request log apply as to any client.
import { html, nothing, repeat, live, state, api, toast, fmt } from './lib.js';
import { markdown } from './markdown.js';

let controller = null;
let renderedId = null;

/** Keeps the newest message in sight, unless the reader scrolled up to read something older. */
function follow(force = false) {
  const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 160;
  if (force || nearBottom) {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.scrollTo(0, document.documentElement.scrollHeight);   // the composer is sticky: scroll the page
    }));
  }
}

export function enter([id]) {
  if (!state.models) api('/console/api/models').then((m) => { state.models = m; }).catch(toast);
  loadList();
  if (!id) {
    state.chat = null;
    renderedId = null;
    return;
  }
  if (renderedId === id && state.chat?.id === id) return;
  renderedId = id;
  api(`/console/api/chats/${encodeURIComponent(id)}`).then((c) => { state.chat = c; follow(true); }).catch((e) => {
    toast(e.message);
    location.hash = '#/chat';
  });
}

async function loadList() {
  const q = state.chatQuery ? `?q=${encodeURIComponent(state.chatQuery)}` : '';
  try {
    state.chats = (await api(`/console/api/chats${q}`)).data;
  } catch (e) {
    toast(e.message);
  }
}

function draft() {
  if (!state.draft) state.draft = { model: 'auto', forceLocal: false };
  return state.draft;
}

function settings() {
  const c = state.chat;
  return c ? { model: c.model, forceLocal: c.force_local } : draft();
}

async function changeSettings(change) {
  if (state.chat) {
    state.chat = await api(`/console/api/chats/${state.chat.id}`, {
      method: 'PATCH', body: { model: change.model, force_local: change.forceLocal },
    });
  } else {
    state.draft = { ...draft(), ...change };
  }
}

/** Streams an answer to these messages; resolves to what the router said about it. */
async function stream(messages) {
  const s = settings();
  const body = { model: s.model || 'auto', stream: true, stream_options: { include_usage: true },
    messages: messages.map((m) => ({ role: m.role, content: m.content })) };
  if (s.forceLocal) body.tags = ['private'];
  controller = new AbortController();
  const answer = { content: '', started: performance.now(), firstAt: null, endAt: null };
  state.streaming = answer;
  const result = { role: 'assistant', content: '', stopped: false };
  try {
    const response = await fetch('/v1/chat/completions', {
      method: 'POST', signal: controller.signal, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.session.csrf },
      body: JSON.stringify(body),
    });
    result.backend = response.headers.get('X-Router-Backend');
    result.model = response.headers.get('X-Router-Model');
    result.request_id = response.headers.get('X-Request-Id');
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      result.error = data?.error?.message || `HTTP ${response.status}`;
      return result;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        for (const line of event.split('\n')) {
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') continue;
          let chunk;
          try { chunk = JSON.parse(data); } catch { continue; }
          if (chunk.error) result.error = chunk.error.message || 'the stream failed';
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) {
            if (answer.firstAt == null) answer.firstAt = performance.now();
            answer.content += delta;
            answer.chunks = (answer.chunks || 0) + 1;
            state.streaming = { ...answer };
            follow();
          }
          if (chunk.usage) {
            result.prompt_tokens = chunk.usage.prompt_tokens;
            result.completion_tokens = chunk.usage.completion_tokens;
          }
        }
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') result.stopped = true;
    else result.error = e.message;
  } finally {
    answer.endAt = performance.now();
    controller = null;
  }
  result.content = answer.content;
  const tokens = result.completion_tokens ?? answer.chunks;
  const seconds = answer.firstAt == null ? 0 : (answer.endAt - answer.firstAt) / 1000;
  if (tokens > 1 && seconds > 0) result.tokens_per_second = Math.round(((tokens - 1) / seconds) * 10) / 10;
  return result;
}

/** Adds (or, from seq on, replaces) a message, then streams and stores the answer. */
async function exchange(userMessage, fromSeq) {
  let chat = state.chat;
  if (!chat) {
    const s = draft();
    chat = await api('/console/api/chats', { method: 'POST', body: { model: s.model, force_local: s.forceLocal } });
    renderedId = chat.id;
    state.chat = chat;
    history.replaceState(null, '', `#/chat/${chat.id}`);
  }
  if (userMessage != null) {
    chat = await api(`/console/api/chats/${chat.id}/messages`, {
      method: 'POST', body: { role: 'user', content: userMessage, from_seq: fromSeq },
    });
    state.chat = chat;
    fromSeq = undefined;
  }
  follow(true);
  const context = fromSeq == null ? chat.messages : chat.messages.filter((m) => m.seq < fromSeq);
  const answer = await stream(context);
  state.chat = await api(`/console/api/chats/${chat.id}/messages`, {
    method: 'POST', body: { ...answer, from_seq: fromSeq },
  });
  state.streaming = null;
  follow();
  loadList();
  followUp(state.chat.id);
}

/** Until the new title and the answer's cost are in (both are written in the background), look again. */
async function followUp(id) {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    if (state.chat?.id !== id || state.streaming) return;
    const last = state.chat.messages[state.chat.messages.length - 1];
    if (state.chat.titled && (!last?.request_id || last.cost_usd != null)) return;
    const fresh = await api(`/console/api/chats/${id}`).catch(() => null);
    if (!fresh || state.chat?.id !== id || state.streaming) return;
    follow();
    state.chat = fresh;
    if (fresh.titled) loadList();
  }
}

async function send(e) {
  e.preventDefault();
  const box = e.target.elements.prompt;
  const text = box.value;
  if (!text.trim() || state.streaming) return;
  box.value = '';
  await exchange(text);
}

function keydown(e) {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    e.target.form.requestSubmit();
  }
}

async function rename() {
  const title = prompt('Rename the conversation', state.chat.title || '');
  if (title == null || !title.trim()) return;
  state.chat = await api(`/console/api/chats/${state.chat.id}`, { method: 'PATCH', body: { title } });
  loadList();
}

async function remove(id) {
  if (!confirm('Delete this conversation? It cannot be undone.')) return;
  await api(`/console/api/chats/${id}`, { method: 'DELETE' });
  if (state.chat?.id === id) {
    state.chat = null;
    renderedId = null;
    location.hash = '#/chat';
  }
  loadList();
}

function newChat() {
  state.chat = null;
  renderedId = null;
  state.editing = null;
  location.hash = '#/chat';
}

function meta(m) {
  const parts = [];
  if (m.backend) parts.push(html`<span class="served">${m.backend}/${m.model}</span>`);
  if (m.prompt_tokens != null || m.completion_tokens != null) {
    parts.push(html`<span class="tokens">${m.prompt_tokens ?? '?'} → ${m.completion_tokens ?? '?'} tokens</span>`);
  }
  if (m.tokens_per_second != null) parts.push(html`<span class="speed">${m.tokens_per_second} tok/s</span>`);
  if (m.request_id) {
    parts.push(html`<span class="cost">${m.cost_usd == null ? 'cost …' : fmt.usd(m.cost_usd)}</span>`);
    if (state.session.admin) parts.push(html`<a href="#/requests/${m.request_id}">request</a>`);
  }
  if (m.stopped) parts.push(html`<span class="warn">stopped</span>`);
  return html`<div class="meta">${parts.map((p, i) => html`${i ? ' · ' : ''}${p}`)}</div>`;
}

function message(m, last) {
  const busy = !!state.streaming;
  if (m.role === 'user') {
    if (state.editing === m.seq) {
      return html`<div class="message user editing" data-seq=${m.seq}>
        <form @submit=${(e) => { e.preventDefault(); const t = e.target.elements.edit.value; state.editing = null; exchange(t, m.seq); }}>
          <textarea name="edit" rows="3" .value=${m.content}></textarea>
          <div class="row"><button type="submit">Send</button>
          <button type="button" @click=${() => { state.editing = null; }}>Cancel</button></div>
        </form></div>`;
    }
    return html`<div class="message user" data-seq=${m.seq}><div class="text plain">${m.content}</div>
      <div class="tools"><button class="link edit" ?disabled=${busy} @click=${() => { state.editing = m.seq; }}>Edit</button></div></div>`;
  }
  return html`<div class="message assistant" data-seq=${m.seq}>
    <div class="text md">${markdown(m.content)}</div>
    ${m.error ? html`<p class="error">${m.error}</p>` : nothing}
    ${meta(m)}
    ${last ? html`<div class="tools"><button class="link regenerate" ?disabled=${busy}
      @click=${() => exchange(null, m.seq)}>Regenerate</button></div>` : nothing}
  </div>`;
}

function sidebar() {
  return html`<aside class="chats">
    <button id="new-chat" @click=${newChat}>New chat</button>
    <input id="chat-search" type="search" placeholder="Search chats" .value=${state.chatQuery || ''}
      @input=${(e) => { state.chatQuery = e.target.value; loadList(); }}>
    <ul id="chat-list">${repeat(state.chats || [], (c) => c.id, (c) => html`<li data-id=${c.id}
        class=${state.chat?.id === c.id ? 'active' : ''}>
      <a href="#/chat/${c.id}">${c.title || 'New chat'}</a>
      <span class="muted small">${fmt.ago(c.updated_at)}</span></li>`)}</ul>
  </aside>`;
}

function selector() {
  const s = settings();
  const m = state.models || { aliases: ['auto'], models: [] };
  return html`<div class="settings">
    <select id="model" aria-label="model" @change=${(e) => changeSettings({ model: e.target.value })}>
      <optgroup label="Aliases">${m.aliases.map((a) => html`<option ?selected=${a === s.model}>${a}</option>`)}</optgroup>
      <optgroup label="Models">${m.models.map((a) => html`<option ?selected=${a === s.model}>${a}</option>`)}</optgroup>
    </select>
    <label class="switch"><input id="force-local" type="checkbox" .checked=${live(!!s.forceLocal)}
      @change=${(e) => changeSettings({ forceLocal: e.target.checked })}> force local</label>
  </div>`;
}

export function view() {
  const c = state.chat;
  const messages = c?.messages || [];
  const lastAssistant = [...messages].reverse().find((m) => m.role === 'assistant');
  const s = state.streaming;
  return html`<div class="chat-page">
    ${sidebar()}
    <section class="conversation">
      <div class="conversation-head">
        <h1 id="chat-title">${c ? c.title || 'New chat' : 'New chat'}</h1>
        ${c ? html`<button class="link" id="rename" @click=${rename}>Rename</button>
          <button class="link danger" id="delete-chat" @click=${() => remove(c.id)}>Delete</button>` : nothing}
      </div>
      <div id="messages" class="messages">
        ${messages.map((m) => message(m, m === lastAssistant && messages[messages.length - 1] === m))}
        ${s ? html`<div class="message assistant streaming"><div class="text md">${markdown(s.content)}</div>
          <div class="meta">${s.firstAt == null ? 'waiting for the first token…' : 'streaming…'}</div></div>` : nothing}
        ${!c && !s ? html`<p class="muted">Ask anything. The router picks the backend, or choose one below.</p>` : nothing}
      </div>
      <form id="composer" class="composer" @submit=${send}>
        <textarea id="prompt" name="prompt" rows="2" placeholder="Message (Enter sends, Shift+Enter breaks the line)"
          @keydown=${keydown}></textarea>
        <div class="row">${selector()}
          ${s ? html`<button type="button" id="stop" class="danger" @click=${() => controller?.abort()}>Stop</button>`
            : html`<button type="submit" id="send">Send</button>`}</div>
      </form>
    </section>
  </div>`;
}
