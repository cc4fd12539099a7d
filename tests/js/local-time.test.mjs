// Run by tests/unit/test_js_units.py with `node --test`: times from datetime-local fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { chosenTime, inputValue, nowField } from '../../static/src/lib/local-time.js';

test('a field left as filled in keeps the second it was filled in', () => {
  const at = new Date('2026-11-23T14:10:47.250Z');
  const shown = inputValue(at);
  assert.equal(shown.length, 16);
  assert.equal(chosenTime(shown, { shown, at }), '2026-11-23T14:10:47.250Z');
});

test('a changed field is the minute typed, in the device zone', () => {
  const at = new Date('2026-11-23T14:10:47Z');
  const typed = inputValue(new Date('2026-11-23T13:55:00Z'));
  assert.equal(chosenTime(typed, { shown: inputValue(at), at }), '2026-11-23T13:55:00.000Z');
});

test('empty or unreadable is null', () => {
  assert.equal(chosenTime(''), null);
  assert.equal(chosenTime('not a time'), null);
});

test('nowField fills the field and reads it back', () => {
  const input = { value: '' };
  const at = new Date('2026-11-23T09:26:18Z');
  const read = nowField(input, at);
  assert.equal(input.value, inputValue(at));
  assert.equal(read(), '2026-11-23T09:26:18.000Z');
  input.value = inputValue(new Date('2026-11-23T09:00:00Z'));
  assert.equal(read(), '2026-11-23T09:00:00.000Z');
});
