// Run by tests/unit/test_js_units.py with `node --test`: which outbox items go together.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { batchRequest, runOf } from '../../static/src/app/position-batch.js';

const item = (kind, n) => ({ kind, seq: n, body: { n } });
const kinds = (run) => run.map((i) => `${i.kind}${i.seq}`);

test('a sighting or task action goes alone', () => {
  const items = [item('sighting', 1), item('position', 2), item('position', 3)];
  assert.deepEqual(kinds(runOf(items, 0)), ['sighting1']);
});

test('consecutive fixes go together, stopping at the next other write', () => {
  const items = [item('position', 1), item('position', 2), item('duty', 3), item('position', 4)];
  assert.deepEqual(kinds(runOf(items, 0)), ['position1', 'position2']);
  assert.deepEqual(kinds(runOf(items, 2)), ['duty3']);
  assert.deepEqual(kinds(runOf(items, 3)), ['position4']);
});

test('a run is capped', () => {
  const items = Array.from({ length: 7 }, (_, n) => item('position', n));
  assert.deepEqual(runOf(items, 0, 3).length, 3);
  assert.deepEqual(kinds(runOf(items, 6, 3)), ['position6']);
});

test('the batch carries each fix body in order', () => {
  const req = batchRequest([item('position', 1), item('position', 2)]);
  assert.equal(req.url, '/api/me/positions/batch');
  assert.deepEqual(req.json, { fixes: [{ n: 1 }, { n: 2 }] });
});
