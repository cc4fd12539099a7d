// Run by tests/unit/test_js_units.py with `node --test`: when the phone on duty sends a fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { metres, worthSending } from '../../static/src/app/position-rule.js';

const start = { lat: 53.8008, lon: -1.5491, at: 0 };
const moved = (m, at) => ({ lat: start.lat + m / 111_195, lon: start.lon, at });

test('distance: 0.001 degree of latitude is about 111 m', () => {
  assert.ok(Math.abs(metres(start, { lat: start.lat + 0.001, lon: start.lon }) - 111.2) < 0.5);
});

test('the first fix is always sent', () => {
  assert.equal(worthSending(null, start), true);
});

test('a minute AND 50 m: whichever comes later', () => {
  assert.equal(worthSending(start, moved(200, 30_000)), false, 'moved far but too soon');
  assert.equal(worthSending(start, moved(20, 90_000)), false, 'long enough but barely moved');
  assert.equal(worthSending(start, moved(60, 60_000)), true);
});

test('standing still still reports every five minutes, so the fix never goes stale', () => {
  assert.equal(worthSending(start, moved(0, 299_000)), false);
  assert.equal(worthSending(start, moved(0, 300_000)), true);
});
