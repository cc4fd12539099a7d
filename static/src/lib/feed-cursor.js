// Where a client stands in the live feed, and which events it has applied.
//
// The server answers a cursor: a PostgreSQL snapshot "xmin:xmax:xip,..." (the transactions
// whose changes the client's state holds). Catch-up from it returns every event committed
// since, whatever order transactions committed in; events also arrive live, before or after
// their catch-up. So: apply each id once, and forget an applied id only when the cursor the
// client holds already covers its transaction (no catch-up can send it again).

/** Parse a cursor into {xmin, xmax, xip:Set}; null when it is not one. */
export function parseCursor(cursor) {
  const m = /^(\d+):(\d+):([\d,]*)$/.exec(cursor || '');
  if (!m) return null;
  const xip = new Set(m[3] ? m[3].split(',').map(Number) : []);
  return { xmin: Number(m[1]), xmax: Number(m[2]), xip };
}

/** True when the transaction `xid` is visible in the snapshot (its events are in the state). */
export function covers(snapshot, xid) {
  if (!snapshot || typeof xid !== 'number') return false;
  if (xid < snapshot.xmin) return true;
  return xid < snapshot.xmax && !snapshot.xip.has(xid);
}

/** True when snapshot `b` sees everything `a` sees (PostgreSQL's snapshots only ever grow
 * with time, so of two answers the later one is the superset). */
export function holdsAll(b, a) {
  if (!a) return true;
  if (!b || b.xmax < a.xmax) return false;
  // Whatever b still lists as running must be running or unstarted for a as well.
  // (Below b.xmin, and in [b.xmin, b.xmax) outside b.xip, b sees all.)
  for (const xid of b.xip) if (xid < a.xmax && !a.xip.has(xid)) return false;
  return true;
}

export class FeedPosition {
  constructor() {
    this.reset(null);
  }

  /** Start again from a cursor (after a mark: the state loaded next holds everything it covers). */
  reset(cursor) {
    this.cursor = cursor;
    this.snapshot = parseCursor(cursor);
    this.applied = new Map(); // event id -> xid, for events the cursor does not cover yet
  }

  /** True when this event should be applied now (and remember it); false for a repeat or
   * for an event the loaded state already holds. */
  admit(event) {
    if (this.applied.has(event.id)) return false;
    if (covers(this.snapshot, event.xid)) return false;
    this.applied.set(event.id, event.xid);
    return true;
  }

  /** Move to the cursor a catch-up answered, once its events have been admitted. Never
   * back: an answer that arrives after a newer one (a reply delayed past a reconnect) would
   * uncover events already applied and forgotten, and the next catch-up would apply them
   * again. */
  advance(cursor) {
    const snapshot = parseCursor(cursor);
    if (!snapshot || !holdsAll(snapshot, this.snapshot)) return;
    this.cursor = cursor;
    this.snapshot = snapshot;
    for (const [id, xid] of this.applied) {
      if (covers(snapshot, xid)) this.applied.delete(id);
    }
  }
}
