// Status page of the gaming PC manager: polls GET /status every 2 s, toggles gaming mode, stops all models.
// A control token (when the service has one) comes from the token field or from #token=... in the URL.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let status = null;

  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    localStorage.setItem('gamingPcToken', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  $('token').value = localStorage.getItem('gamingPcToken') || '';
  $('token').addEventListener('change', () => localStorage.setItem('gamingPcToken', $('token').value.trim()));

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const token = $('token').value.trim();
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  function seconds(s) {
    if (s < 120) return s + ' s';
    return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }

  function render(s) {
    status = s;
    const mode = $('gaming-mode');
    mode.textContent = s.gaming_mode ? 'on' : 'off';
    mode.className = s.gaming_mode ? 'on' : 'off';
    $('gaming-since').textContent = s.since ? '(' + s.why + ' since ' + new Date(s.since).toLocaleString() + ')' : '';
    const toggle = $('toggle');
    toggle.textContent = s.gaming_mode ? 'Turn gaming mode off' : 'Turn gaming mode on';
    toggle.disabled = false;
    const rows = $('models');
    rows.replaceChildren(...s.models.map((m) => {
      const tr = document.createElement('tr');
      tr.dataset.model = m.name;
      for (const v of [m.name, m.engine, m.state + (m.reason ? ' (' + m.reason + ')' : ''), m.in_flight,
                       m.last_use ? new Date(m.last_use).toLocaleTimeString() : '–']) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      return tr;
    }));
    $('in-flight').textContent = s.in_flight;
    $('idle').textContent = seconds(s.idle_seconds);
    $('idle-shutdown').textContent = s.idle_shutdown_at ? new Date(s.idle_shutdown_at).toLocaleTimeString()
      : (s.idle_shutdown_after_seconds > 0 ? 'nothing loaded' : 'disabled');
    $('gpu-memory').textContent = s.gpu_memory ? s.gpu_memory.used_mb + ' / ' + s.gpu_memory.total_mb + ' MiB' : 'unknown';
    const d = s.detection;
    $('detection').textContent = (d.game ? 'game running: ' + d.game : (d.active ? 'watching' : 'idle'))
      + ' (processes: ' + (d.processes.length ? d.processes.join(', ') : 'none') + '; nvidia-smi: ' + d.nvidia_smi + ')';
  }

  async function call(method, path, body) {
    const response = await fetch(path, { method, headers: headers(), body: body && JSON.stringify(body) });
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(json && json.error ? json.error.message : 'HTTP ' + response.status);
    }
    return json;
  }

  async function refresh() {
    try {
      render(await call('GET', '/status'));
      $('message').textContent = '';
    } catch (e) {
      $('message').textContent = 'Cannot read the status: ' + e.message;
    }
  }

  async function control(path, body) {
    try {
      render(await call('POST', path, body));
      $('message').textContent = '';
    } catch (e) {
      $('message').textContent = e.message;
    }
  }

  $('toggle').addEventListener('click', () => control('/gaming-mode', { enabled: !(status && status.gaming_mode) }));
  $('stop-all').addEventListener('click', () => control('/stop-all'));
  refresh();
  setInterval(refresh, 2000);
})();
