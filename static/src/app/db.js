// The phone's own database (IndexedDB through `idb`): the outbox of writes not yet sent, the
// conflicts the officer has not read yet, photos held on the phone, and copies of what the
// screens show so they open with no signal.
import { openDB } from 'idb';

let opened = null;

/** The one connection, opened on first use. */
export function db() {
  if (!opened) {
    opened = openDB('locate-officer', 1, {
      upgrade(database) {
        const outbox = database.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        outbox.createIndex('client_id', 'client_id', { unique: true });
        database.createObjectStore('conflicts', { keyPath: 'id', autoIncrement: true });
        database.createObjectStore('cache', { keyPath: 'key' });
        database.createObjectStore('photos', { keyPath: 'client_id' });
      },
      blocking() { opened?.then((d) => d.close()); opened = null; },
    });
  }
  return opened;
}

/** A cached value (or `fallback`). */
export async function cached(key, fallback = null) {
  const row = await (await db()).get('cache', key);
  return row ? row.value : fallback;
}

export async function remember(key, value) {
  await (await db()).put('cache', { key, value, saved_at: new Date().toISOString() });
}

export async function forget(key) {
  await (await db()).delete('cache', key);
}

/** Drop every copy of what the screens showed (on sign-out); never the outbox, nor the
 * refusals the officer has not read (each is shown only to the officer it belongs to). */
export async function forgetCopies() {
  const d = await db();
  const tx = d.transaction('cache', 'readwrite');
  await tx.store.clear();
  await tx.done;
}

/** Drop the copies of another officer's data (a shared phone); never the outbox. */
export async function keepOnlyFor(userId) {
  const owner = await cached('owner');
  if (owner !== null && owner !== userId) await forgetCopies();
  await remember('owner', userId);
}
