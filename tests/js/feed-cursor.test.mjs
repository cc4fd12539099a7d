// Run by tests/unit/test_js_units.py with `node --test`: the live feed's position on the
// client (which events to apply, which to forget), the same module the map and phone run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { covers, FeedPosition, holdsAll, parseCursor } from '../../static/src/lib/feed-cursor.js';

test('a cursor is a snapshot: below xmin covered, in progress not, at or above xmax not', () => {
  const s = parseCursor('100:110:103,107');
  assert.deepEqual([s.xmin, s.xmax, [...s.xip]], [100, 110, [103, 107]]);
  assert.equal(covers(s, 99), true);
  assert.equal(covers(s, 100), true); // xmin itself finished unless listed in progress
  assert.equal(covers(s, 103), false); // was still running when the state was read
  assert.equal(covers(s, 109), true);
  assert.equal(covers(s, 110), false);
  assert.equal(parseCursor('nonsense'), null);
  assert.deepEqual(parseCursor('5:5:'), { xmin: 5, xmax: 5, xip: new Set() });
});

test('an event the loaded state already holds is not applied again', () => {
  const p = new FeedPosition();
  p.reset('100:110:103');
  assert.equal(p.admit({ id: 1, xid: 99 }), false);
  assert.equal(p.admit({ id: 2, xid: 103 }), true); // committed after the state was read
});

test('live then catch-up, or catch-up then live: once either way', () => {
  const p = new FeedPosition();
  p.reset('100:100:');
  assert.equal(p.admit({ id: 7, xid: 101 }), true); // live, before connect fired
  assert.equal(p.admit({ id: 7, xid: 101 }), false); // the catch-up sends it too
  assert.equal(p.admit({ id: 5, xid: 100 }), true); // a lower id that committed later
  p.advance('102:102:');
  assert.equal(p.applied.size, 0); // both covered now: no catch-up can send them again
  assert.equal(p.admit({ id: 5, xid: 100 }), false);
});

test('an applied event not yet covered by the cursor is remembered until it is', () => {
  const p = new FeedPosition();
  p.reset('100:100:');
  p.admit({ id: 9, xid: 104 }); // live; its transaction ran while the catch-up read
  p.advance('101:105:104');
  assert.equal(p.applied.has(9), true);
  assert.equal(p.admit({ id: 9, xid: 104 }), false);
  p.advance('105:105:');
  assert.equal(p.applied.has(9), false);
});

test('an older answer arriving late never moves the position back', () => {
  const p = new FeedPosition();
  p.reset('100:100:');
  // Two catch-ups were asked; the newer answer (sees 100..104) lands first.
  p.admit({ id: 21, xid: 103 });
  p.advance('105:105:');
  assert.equal(p.applied.size, 0);
  // The older one (read while 103 ran) lands after: keep the newer position, or the next
  // catch-up from the old cursor would send event 21 again and it would be applied twice.
  p.advance('101:104:103');
  assert.equal(p.cursor, '105:105:');
  assert.equal(p.admit({ id: 21, xid: 103 }), false);
});

test('one snapshot holds all of another only when it sees every transaction the other sees', () => {
  const a = parseCursor('100:105:102');
  assert.equal(holdsAll(parseCursor('100:105:102'), a), true); // the same
  assert.equal(holdsAll(parseCursor('103:108:105'), a), true); // 102 finished since
  assert.equal(holdsAll(parseCursor('100:108:102,106'), a), true); // 102 still running
  assert.equal(holdsAll(parseCursor('100:104:102'), a), false); // older: 104 unseen
  assert.equal(holdsAll(parseCursor('100:108:101'), a), false); // 101 seen by a, not by it
  assert.equal(holdsAll(parseCursor('1:1:'), null), true); // from nowhere, anything
});
