// Run by tests/unit/test_js_units.py with `node --test`: the live feed's position on the
// client (which events to apply, which to forget), the same module the map and phone run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { covers, FeedPosition, parseCursor } from '../../static/src/lib/feed-cursor.js';

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
