// When a position fix is worth sending: a minute has passed AND the officer moved 50 m
// (whichever comes later), or five minutes have passed standing still, so the sergeant's map
// never calls an on-duty officer's fix stale (it does after 30 minutes). No DOM: node tests it.
export const MIN_INTERVAL_MS = 60_000;
export const MIN_MOVE_M = 50;
export const HEARTBEAT_MS = 5 * 60_000;

/** Great-circle distance in metres between {lat, lon} points. */
export function metres(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** last and fix are {lat, lon, at (ms)}; no last fix means send. */
export function worthSending(last, fix) {
  if (!last) return true;
  const elapsed = fix.at - last.at;
  return (elapsed >= MIN_INTERVAL_MS && metres(last, fix) >= MIN_MOVE_M) || elapsed >= HEARTBEAT_MS;
}
