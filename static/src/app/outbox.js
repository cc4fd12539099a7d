// The outbox: every write the officer makes is kept here first, with an id made on the phone,
// and leaves only when the server has answered it. Closing the app loses nothing.
import { config } from './config.js';
import { db } from './db.js';

const channel = 'BroadcastChannel' in self ? new BroadcastChannel('locate-outbox') : null;

function changed() {
  window.dispatchEvent(new CustomEvent('outbox:changed'));
  channel?.postMessage('changed');
}
channel?.addEventListener('message', () => window.dispatchEvent(new CustomEvent('outbox:changed')));

export function newId() {
  return crypto.randomUUID();
}

/**
 * Keep a write: kind ('task_action' | 'sighting' | 'position' | 'duty'), the URL, the method
 * and the exact JSON body to send, and `meta` for the screens (never sent). With `acted`,
 * the body carries the time of the tap as `acted_at`: the record says when the officer did
 * it, however long the phone then waits for signal. Resolves with it.
 */
export async function enqueue({ kind, url, method = 'POST', body, meta = {}, clientId, acted = false }) {
  const created = new Date().toISOString();
  const item = {
    client_id: clientId || body?.client_id || newId(),
    user_id: config.me.id, // sent only under this officer's session, never another's
    kind, url, method, body: acted ? { ...body, acted_at: created } : body, meta,
    created_at: created,
    attempts: 0,
    last_error: null,
  };
  item.seq = await (await db()).add('outbox', item);
  changed();
  window.dispatchEvent(new CustomEvent('outbox:added'));
  requestBackgroundSync();
  return item;
}

/** This officer's writes waiting, oldest first (the order they were made in). Another
 * officer's, on a shared phone, wait for that officer to sign in again. */
export async function pending() {
  return (await (await db()).getAll('outbox')).filter((item) => item.user_id === config.me.id);
}

export async function count() {
  return (await pending()).length;
}

/** Forget items the server has answered, in one transaction. */
export async function removeAll(items) {
  const tx = (await db()).transaction('outbox', 'readwrite');
  await Promise.all([...items.map((item) => tx.store.delete(item.seq)), tx.done]);
  changed();
}

export async function update(item) {
  await (await db()).put('outbox', item);
  changed();
}

/** Ask the browser to wake the service worker when a connection returns (Chromium only). */
async function requestBackgroundSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register('locate-outbox');
  } catch { /* no Background Sync here: 'online', app open and the timer still send */ }
}
