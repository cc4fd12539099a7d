// Writes the server refused, told to the officer in words and kept (with what they wrote)
// until they dismiss them: a refusal is never swallowed.
import { config } from './config.js';
import { db } from './db.js';

function changed() {
  window.dispatchEvent(new CustomEvent('conflicts:changed'));
}

export async function addConflict({ message, item, status }) {
  await (await db()).add('conflicts', {
    message, status, user_id: item.user_id, kind: item.kind, body: item.body, meta: item.meta,
    client_id: item.client_id, at: new Date().toISOString(),
  });
  changed();
}

export async function conflicts() {
  return (await (await db()).getAll('conflicts')).filter((c) => c.user_id === config.me.id);
}

export async function dismiss(id) {
  await (await db()).delete('conflicts', id);
  changed();
}
