// "Placement is changing" (/children/<id>/placement): filter the organisations, ask for the
// reason, say in words that the sending organisation loses access at once, then transfer.
// A carer lands on their children list, told the child moved (?moved=<transfer id>).
import { api } from '../lib/api.js';

const root = document.getElementById('placement-page');
const config = JSON.parse(root.dataset.config);
const form = document.getElementById('placement-form');
const search = document.getElementById('org-search');
const items = [...document.querySelectorAll('#org-list li')];
const count = document.getElementById('org-count');
const none = document.getElementById('org-none');
const error = document.getElementById('form-error');
const dialog = document.getElementById('confirm-dialog');
const dialogError = document.getElementById('confirm-error');
const move = document.getElementById('confirm-move');

function say(where, text) {
  where.textContent = text || '';
  where.hidden = !text;
}

search.addEventListener('input', () => {
  const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const li of items) {
    const match = words.every((w) => li.dataset.name.includes(w));
    li.hidden = !match;
    if (match) shown += 1;
  }
  count.textContent = `${shown} organisation${shown === 1 ? '' : 's'}`;
  none.hidden = shown > 0;
});

function chosen() {
  return form.querySelector('input[name="organisation_id"]:checked');
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const radio = chosen();
  const reason = form.reason.value.trim();
  if (!radio) { say(error, 'Choose the organisation the child is moving to.'); return; }
  if (reason.length < 3) { say(error, 'Say why the placement is changing (at least 3 characters).'); form.reason.focus(); return; }
  say(error, '');
  say(dialogError, '');
  document.getElementById('confirm-to').textContent = radio.dataset.name;
  document.getElementById('confirm-to-again').textContent = radio.dataset.name;
  dialog.showModal();
  document.getElementById('confirm-cancel').focus();
});

document.getElementById('confirm-cancel').addEventListener('click', () => dialog.close());

move.addEventListener('click', async () => {
  const radio = chosen();
  move.disabled = true;
  try {
    const done = await api(`/api/children/${config.child_id}/transfer`, {
      method: 'POST', body: { organisation_id: Number(radio.value), reason: form.reason.value.trim() } });
    window.location.assign(config.partner ? `${config.landing}?moved=${done.id}` : config.landing);
  } catch (err) {
    say(dialogError, err.message);
    move.disabled = false;
  }
});
