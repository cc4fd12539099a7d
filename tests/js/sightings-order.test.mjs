// Run by tests/unit/test_js_units.py with `node --test`: the task screen's sightings list.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ago, merged, shownOnTask } from '../../static/src/app/sightings-order.js';

const f = (id, clientId, at, extra = {}) => ({ id, properties: { client_id: clientId, observed_at: at, ...extra } });

test('newest first, one per client id, the server copy preferred over the waiting one', () => {
  const waiting = f('waiting-b', 'b', '2026-11-23T10:05:00Z', { waiting: true });
  const server = f(12, 'b', '2026-11-23T10:05:00Z');
  const older = f(11, 'a', '2026-11-23T09:00:00Z');
  const out = merged([older, waiting], [server]);
  assert.deepEqual(out.map((x) => x.id), [12, 11]);
  assert.deepEqual(merged([server], [waiting]).map((x) => x.id), [12]);
});

test('a waiting one shows until the server has it', () => {
  const waiting = f('waiting-c', 'c', '2026-11-23T11:00:00Z', { waiting: true });
  assert.deepEqual(merged([f(1, 'a', '2026-11-23T09:00:00Z')], [waiting]).map((x) => x.id), ['waiting-c', 1]);
});

test('the first list wins: a live update (its photo came) replaces the loaded copy', () => {
  const loaded = f(5, 'e', '2026-11-23T10:00:00+00:00', { photo_url: null });
  const updated = f(5, 'e', '2026-11-23T10:00:00+00:00', { photo_url: '/api/photos/x' });
  assert.equal(merged([updated], [loaded])[0].properties.photo_url, '/api/photos/x');
});

test('times from the server and from the phone sort together', () => {
  const out = merged([f(1, 'a', '2026-11-23T10:00:00+00:00'), f('w', 'b', '2026-11-23T10:30:00.123Z', { waiting: true })]);
  assert.deepEqual(out.map((x) => x.id), ['w', 1]);
});

test('sightings of the same minute: the one recorded later first', () => {
  const minute = '2026-11-23T10:00:00Z';
  const out = merged([f(1, 'a', minute, { recorded_at: '2026-11-23T10:01:00Z' }),
    f(2, 'b', minute, { recorded_at: '2026-11-23T10:03:00Z' }), f(3, 'c', minute, { recorded_at: '2026-11-23T10:02:00Z' })]);
  assert.deepEqual(out.map((x) => x.id), [2, 3, 1]);
});

test('ago in words', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  assert.equal(ago('2026-11-23T11:59:50Z', now), 'just now');
  assert.equal(ago('2026-11-23T11:48:00Z', now), '12 min ago');
  assert.equal(ago('2026-11-23T09:30:00Z', now), '2 h 30 min ago');
  assert.equal(ago('2026-11-20T12:00:00Z', now), '3 days ago');
  assert.equal(ago('2026-11-23T12:05:00Z', now), 'just now', 'a phone clock a little ahead');
});

test('the task screen keeps every waiting sighting in view, beyond the newest few', () => {
  const f = (id, waiting) => ({ id, properties: { waiting } });
  const list = [f(1, false), f(2, false), f(3, true), f(4, false), f(5, true)];
  assert.deepEqual(shownOnTask(list, 2).map((x) => x.id), [1, 2, 3, 5]);
  assert.deepEqual(shownOnTask(list, 10).map((x) => x.id), [1, 2, 3, 4, 5]);
});
