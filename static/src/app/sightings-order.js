// Pure rules for the list of a child's latest sightings (tested in tests/js): one entry per
// sighting however it arrived, newest first, and how long ago in words.

/** Newest first, one per client id (a live event and a load may bring the same one): the
 * first list's copy wins (pass the newest news first), except that a copy still waiting in
 * the outbox never hides the server's. */
export function merged(...lists) {
  const seen = new Map();
  for (const f of lists.flat()) {
    const key = f.properties.client_id || f.id;
    const old = seen.get(key);
    if (!old || (old.properties.waiting && !f.properties.waiting)) seen.set(key, f);
  }
  // Times come as '+00:00' from the server and 'Z' from the phone: compare them as times. The
  // form gives minutes only, so ties are common: the one recorded later comes first.
  const at = (x, key) => Date.parse(x.properties[key]) || 0;
  return [...seen.values()].sort((a, b) => (at(b, 'observed_at') - at(a, 'observed_at'))
    || (at(b, 'recorded_at') - at(a, 'recorded_at')));
}

/** What the task screen lists: the newest `n`, and every one of the officer's own still
 * waiting to send, however old (the form gives minutes only, so others' sightings of the same
 * minute can sort above them, and an unsent sighting must never drop out of sight). */
export function shownOnTask(list, n) {
  return list.filter((f, i) => i < n || f.properties.waiting);
}

export function ago(iso, now = Date.now()) {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min ago` : `${Math.floor(hours / 24)} days ago`;
}
