import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answersToSend, answerValues, dueIfSaved, isBelow } from '../../static/src/grading/answers.js';

const ORDER = ['no_apparent_risk', 'low', 'medium', 'high'];
const DEFAULTS = { who: 'Duty manager', contact: '0113', obtained_at: '2026-12-01T13:00:00.000Z' };

test('an answer takes the default source unless it names its own', () => {
  const sent = answersToSend([
    { key: 'mental_health', answer: 'yes' },
    { key: 'gone_abroad', answer: 'no', who: 'Social worker', contact: '07700', note: 'Passport held' },
    { key: 'out_at_night', answer: '' },
  ], DEFAULTS);
  assert.deepEqual(Object.keys(sent), ['mental_health', 'gone_abroad']);
  assert.equal(sent.mental_health.who, 'Duty manager');
  assert.equal(sent.gone_abroad.who, 'Social worker');
  assert.equal(sent.gone_abroad.obtained_at, DEFAULTS.obtained_at);
  assert.equal(sent.gone_abroad.note, 'Passport held');
});

test('answers unchanged from the record are not sent again', () => {
  const initial = { mental_health: { answer: 'yes', note: null, who: 'carer', contact: null, obtained_at: null } };
  const rows = [{ key: 'mental_health', answer: 'yes', who: 'carer' }];
  assert.deepEqual(answersToSend(rows, {}, initial), {});
  assert.deepEqual(Object.keys(answersToSend([{ ...rows[0], answer: 'no' }], {}, initial)), ['mental_health']);
});

test('answer values for the suggestion', () => {
  assert.deepEqual(answerValues([{ key: 'a', answer: 'yes' }, { key: 'b', answer: '' }]), { a: { answer: 'yes' } });
});

test('below the suggestion', () => {
  assert.equal(isBelow('medium', 'high', ORDER), true);
  assert.equal(isBelow('high', 'high', ORDER), false);
  assert.equal(isBelow('high', 'low', ORDER), false);
  assert.equal(isBelow(null, 'low', ORDER), false);
});

test('next review due from the force minutes', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  assert.equal(dueIfSaved('high', { high: 60 }, now).toISOString(), '2026-12-01T13:00:00.000Z');
  assert.equal(dueIfSaved('low', { high: 60 }, now), null);
});
