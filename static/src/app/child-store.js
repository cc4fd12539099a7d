// The child's card (Philomena profile, photo, associates, places), kept on the phone after it
// was opened once so that it still opens with no signal. Opening it online is audited; a
// child outside the officer's own work asks why first (lib/api.js, the reason dialog), and
// with no signal the copy kept here opens without asking (nothing reaches the server).
import { api } from '../lib/api.js';
import { cached, remember } from './db.js';

// Read after the card: the reason given for the card (if one was asked) still holds for it.
async function photoBlob(url) {
  if (!url) return null;
  try {
    const blob = await api(url, { as: 'blob' });
    await remember(`photo:${url}`, blob);
    return blob;
  } catch { /* no signal, or refused: the copy below */ }
  return cached(`photo:${url}`);
}

/** {card, photo (object URL or null), fresh} or null when never opened and no signal. */
export async function loadChild(id) {
  let card = null;
  let fresh = false;
  try {
    card = await api(`/api/children/${id}`);
    await remember(`child:${id}`, card);
    fresh = true;
  } catch (err) {
    if (err.status !== 0 && err.status !== 404) throw err;
    card = await cached(`child:${id}`);
  }
  if (!card) return null;
  const blob = await photoBlob(card.photo_url);
  return { card, fresh, photo: blob ? URL.createObjectURL(blob) : null };
}

/** The copy kept on this phone, without asking the server (no audit, no signal needed):
 * {card, photo} or null when the card was never opened here. For naming the child on lists. */
export async function keptChild(id) {
  const card = id ? await cached(`child:${id}`) : null;
  if (!card) return null;
  const blob = card.photo_url ? await cached(`photo:${card.photo_url}`) : null;
  return { card, photo: blob ? URL.createObjectURL(blob) : null };
}
