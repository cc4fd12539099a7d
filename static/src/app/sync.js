// Sending the outbox: in order, one at a time (fixes kept offline go together, see
// position-batch.js), when the phone comes online, when the app
// opens, on a timer that backs off while sends keep failing, and when the service worker's
// Background Sync wakes us. An answer in the 2xx range removes the item; a refusal (4xx)
// removes it too and becomes a conflict told in words; no connection, a server error, a
// lapsed session or a rate limit keeps it for the next try.
import { addConflict } from './conflicts.js';
import { describeRefusal } from './refusals.js';
import { batchRequest, runOf } from './position-batch.js';
import { pending, removeAll, update } from './outbox.js';
import { remember, cached } from './db.js';

const BASE_DELAY = 5_000;
const MAX_DELAY = 5 * 60_000;
const handlers = new Map(); // kind -> fn(item, responseBody) after the server accepted it
const senders = new Map(); // kind -> fn(item) => { status, body } for multi-request writes

let running = null;
let again = false; // something was queued during a send: go round once more
let failures = 0;
let timer = null;
let token = document.querySelector('meta[name="csrf-token"]')?.content || null;

export const state = { online: navigator.onLine, lastSynced: null, signedOut: false };

/** Call fn(item, body) when an item of this kind has been accepted by the server. */
export function onSent(kind, fn) {
  handlers.set(kind, fn);
}

function announce() {
  window.dispatchEvent(new CustomEvent('sync:state', { detail: { ...state } }));
}

async function freshToken() {
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.ok) token = (await res.json()).csrf_token;
  return res.status;
}

/**
 * One request to the server: a JSON body or a FormData form. Resolves with the status (0
 * when there was no connection) and the parsed answer; never throws.
 */
export async function request({ url, method = 'POST', json, form }, retried = false) {
  const headers = { Accept: 'application/json', 'X-CSRFToken': token || '' };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, {
      method, credentials: 'same-origin', headers,
      body: json !== undefined ? JSON.stringify(json) : form,
    });
  } catch {
    return { status: 0, body: null };
  }
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  // A page copy from an older session carries an old CSRF token: fetch a new one, once.
  if (res.status === 400 && !retried && /CSRF/i.test(body?.message || '')) {
    if ((await freshToken()) === 200) return request({ url, method, json, form }, true);
  }
  return { status: res.status, body };
}

/** Send an item of this kind with fn(item) instead of as one JSON request (for writes
 * made of more than one request, such as a sighting and then its photo). */
export function sendWith(kind, fn) {
  senders.set(kind, fn);
}

function send(item) {
  const sender = senders.get(item.kind);
  return sender ? sender(item) : request({ url: item.url, method: item.method, json: item.body });
}

/** True for an answer that means "try again later" rather than yes or no. */
export function keeps(status) {
  return status === 0 || status >= 500 || status === 401 || status === 429 || status === 408;
}

async function drain() {
  const items = await pending();
  let sent = 0;
  const fallen = new Set(); // seqs of steps that fell with a refused step before them
  for (let at = 0; at < items.length;) {
    if (fallen.has(items[at].seq)) { at += 1; continue; }
    const run = runOf(items, at); // one write, or a run of position fixes sent as one
    at += run.length;
    const [item] = run;
    const { status, body } = await (run.length > 1 ? request(batchRequest(run)) : send(item));
    if (keeps(status)) {
      item.attempts += 1;
      item.last_error = status === 0 ? 'No connection' : `Server answered ${status}`;
      await update(item);
      state.online = status !== 0 && navigator.onLine;
      state.signedOut = status === 401;
      failures += 1;
      announce();
      schedule();
      return sent;
    }
    state.online = true;
    state.signedOut = false;
    const accepted = status >= 200 && status < 300;
    // Later steps queued on a task whose step was refused cannot apply either (each names the
    // version the one before would have made): they go with it, told in the same message.
    const later = accepted || item.kind !== 'task_action' ? []
      : items.slice(at).filter((i) => i.kind === 'task_action' && i.meta.taskId === item.meta.taskId);
    later.forEach((i) => fallen.add(i.seq));
    await removeAll([...run, ...later]);
    for (const done of run) {
      if (!accepted) {
        const message = await describeRefusal(done, status, body, later);
        if (message) await addConflict({ message, item: done, status, later });
      }
      const handler = handlers.get(accepted ? done.kind : `${done.kind}:refused`);
      try { await handler?.(done, body); } catch (err) { console.error(err); }
    }
    sent += run.length + later.length;
  }
  failures = 0;
  if (sent) await markSynced();
  announce();
  return sent;
}

/** The server answered us (a write, or the task list): what the status bar calls synced. */
export async function markSynced() {
  state.lastSynced = new Date().toISOString();
  state.online = true;
  await remember('last_synced', state.lastSynced);
  announce();
}

/** Send what waits now (joins a send already under way). */
export function syncNow() {
  if (running) { again = true; return running; }
  running = drain().finally(() => {
    running = null;
    if (again) { again = false; syncNow(); }
  });
  return running;
}

function schedule() {
  clearTimeout(timer);
  const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.min(failures - 1, 10));
  timer = setTimeout(syncNow, delay);
}

/** Start sending: now, on 'online', on the service worker's Background Sync, and every minute. */
export async function startSync() {
  state.lastSynced = await cached('last_synced');
  window.addEventListener('online', () => { state.online = true; announce(); failures = 0; syncNow(); });
  window.addEventListener('offline', () => { state.online = false; announce(); });
  window.addEventListener('outbox:added', () => syncNow());
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type === 'OUTBOX_SYNC') syncNow();
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) syncNow(); });
  setInterval(() => { if (failures === 0) syncNow(); }, 60_000);
  announce();
  return syncNow();
}
