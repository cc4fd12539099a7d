// Writes the server refused, told to the officer in words and kept (with what they wrote)
// until they dismiss them: a refusal is never swallowed.
import { config } from './config.js';
import { db } from './db.js';
import { dropPhoto } from './photo.js';

function changed() {
  window.dispatchEvent(new CustomEvent('conflicts:changed'));
}

export async function addConflict({ message, item, status, later = [] }) {
  await (await db()).add('conflicts', {
    message, status, user_id: item.user_id, kind: item.kind, body: item.body, meta: item.meta,
    client_id: item.client_id, at: new Date().toISOString(),
    // What the officer wrote in the steps that fell with it (a completion's result).
    later: later.map((i) => i.body),
  });
  changed();
}

export async function conflicts() {
  return (await (await db()).getAll('conflicts')).filter((c) => c.user_id === config.me.id);
}

/** The officer has read it: forget it, and the photo held with a refused sighting. */
export async function dismiss(id) {
  const store = await db();
  const conflict = await store.get('conflicts', id);
  await store.delete('conflicts', id);
  if (conflict?.kind === 'sighting') await dropPhoto(conflict.client_id);
  changed();
}
