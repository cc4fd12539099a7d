import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPhone, formatSocial, parsePhone, parseSocial } from '../../static/src/carer/contact-items.js';

test('a phone string splits into number and label and back', () => {
  assert.deepEqual(parsePhone('07700 900123 (mobile)'), { number: '07700 900123', label: 'mobile' });
  assert.equal(formatPhone(parsePhone('07700 900123 (mobile)')), '07700 900123 (mobile)');
  assert.deepEqual(parsePhone('07700 900123'), { number: '07700 900123', label: '' });
  assert.equal(formatPhone({ number: ' 07700 900123 ', label: '' }), '07700 900123');
});

test('older object shapes read as the same rows', () => {
  assert.deepEqual(parsePhone({ number: '07700 900789', label: 'second phone' }), { number: '07700 900789', label: 'second phone' });
  assert.deepEqual(parseSocial({ platform: 'Snapchat', handle: 'jade123' }), { platform: 'Snapchat', handle: 'jade123' });
  assert.equal(formatSocial(parseSocial({ platform: 'Snapchat', handle: 'jade123' })), 'Snapchat: jade123');
});

test('social media splits at the first colon only', () => {
  assert.deepEqual(parseSocial('TikTok: jadey_x'), { platform: 'TikTok', handle: 'jadey_x' });
  assert.deepEqual(parseSocial('just_a_handle'), { platform: '', handle: 'just_a_handle' });
  assert.equal(formatSocial({ platform: 'Instagram', handle: 'a: b' }), 'Instagram: a: b');
  assert.equal(formatSocial({ platform: '', handle: 'x' }), 'x');
});
