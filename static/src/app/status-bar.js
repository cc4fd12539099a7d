// Always on screen: online or not, how many writes wait on this phone, when it last synced,
// and the writes the server refused, in words, until the officer dismisses them.
import { conflicts, dismiss } from './conflicts.js';
import { escapeHtml, timeOf } from './config.js';
import { count } from './outbox.js';
import { state, syncNow } from './sync.js';

/** What the officer recorded in a refused write, so that none of it is lost. */
function details(c) {
  if (c.kind === 'sighting') {
    return `<details><summary>What you recorded</summary><pre>${escapeHtml(JSON.stringify(c.body, null, 1))}</pre></details>`;
  }
  const written = [c.body, ...(c.later || [])].flatMap((b) => [b?.result, b?.note]).filter(Boolean);
  if (!written.length) return '';
  return `<details open><summary>What you wrote</summary>${written.map((w) => `<p class="written">${escapeHtml(w)}</p>`).join('')}</details>`;
}

export function mountStatusBar(bar, conflictBox) {
  const net = bar.querySelector('[data-part="net"]');
  const waiting = bar.querySelector('[data-part="outbox"]');
  const synced = bar.querySelector('[data-part="synced"]');
  const send = bar.querySelector('[data-part="send"]');

  async function draw() {
    const n = await count();
    const online = state.online && navigator.onLine;
    bar.dataset.net = online ? 'online' : 'offline';
    net.textContent = state.signedOut ? 'Signed out' : online ? 'Online' : 'Offline';
    waiting.dataset.count = String(n);
    waiting.textContent = n === 0 ? 'Nothing waiting to send'
      : `${n} waiting to send`;
    synced.textContent = state.lastSynced ? `Last synced ${timeOf(state.lastSynced)}` : 'Not synced yet';
    send.hidden = n === 0;
    send.textContent = state.signedOut ? 'Sign in to send' : 'Send now';
  }

  async function drawConflicts() {
    const rows = await conflicts();
    conflictBox.hidden = rows.length === 0;
    conflictBox.querySelector('[data-part="list"]').innerHTML = rows.map((c) => `
      <li class="conflict" data-conflict-id="${c.id}">
        <p>${escapeHtml(c.message)}</p>
        ${details(c)}
        <button type="button" data-dismiss="${c.id}">Understood</button>
      </li>`).join('');
  }

  send.addEventListener('click', () => {
    if (state.signedOut) window.location.assign(`/login?next=${encodeURIComponent(location.pathname)}`);
    else syncNow();
  });
  conflictBox.addEventListener('click', (e) => {
    const id = e.target.closest('[data-dismiss]')?.dataset.dismiss;
    if (id) dismiss(Number(id));
  });
  for (const name of ['outbox:changed', 'sync:state', 'online', 'offline']) window.addEventListener(name, draw);
  window.addEventListener('conflicts:changed', drawConflicts);
  setInterval(draw, 30_000);
  draw();
  drawConflicts();
}
