// The return home interview on a phone: what the child said, each place they were (tap the
// map, then name it) and the people they were with. Saved places join the child's places.
import { api } from '../lib/api.js';
import { escapeHtml, pageConfig, showError } from '../casework/page.js';
import { nowField } from '../lib/local-time.js';
import { pickMap } from '../casework/pick-map.js';

const { root, config } = pageConfig('interview-page');
const episode = config.episode;
const placesList = document.getElementById('places');
const peopleList = document.getElementById('people');
let count = 0;

const conductedAt = nowField(document.getElementById('conducted-at'));
const kinds = config.place_kinds.map(([v, n]) => `<option value="${v}"${v === 'other' ? ' selected' : ''}>${escapeHtml(n)}</option>`).join('');

const picker = pickMap(document.getElementById('places-map'), config, {
  center: episode.last_seen, many: true,
  onChange: (points, added) => {
    if (!added) return;
    count += 1;
    const li = document.createElement('li');
    li.className = 'row';
    li.dataset.lon = added[0];
    li.dataset.lat = added[1];
    li.innerHTML = `<label for="place-name-${count}">Place ${placesList.children.length + 1}: name</label>
      <input id="place-name-${count}" class="place-name" maxlength="160" required>
      <label for="place-kind-${count}">Kind of place</label>
      <select id="place-kind-${count}" class="place-kind">${kinds}</select>
      <button type="button" class="secondary remove">Remove this place</button>`;
    li.querySelector('.remove').addEventListener('click', () => {
      picker.remove([...placesList.children].indexOf(li));
      li.remove();
    });
    placesList.append(li);
    li.querySelector('input').focus();
  },
});

document.getElementById('add-person').addEventListener('click', () => {
  count += 1;
  const li = document.createElement('li');
  li.className = 'row';
  li.innerHTML = `<label for="person-name-${count}">Name</label>
    <input id="person-name-${count}" class="person-name" maxlength="120" required>
    <label for="person-rel-${count}">Who they are to the child</label>
    <input id="person-rel-${count}" class="person-rel" maxlength="60" required>
    <label for="person-concern-${count}">Concern (optional)</label>
    <input id="person-concern-${count}" class="person-concern" maxlength="2000">
    <button type="button" class="secondary remove">Remove this person</button>`;
  li.querySelector('.remove').addEventListener('click', () => li.remove());
  peopleList.append(li);
  li.querySelector('input').focus();
});

document.getElementById('interview-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('interview-error');
  const places = [...placesList.children].map((li) => ({
    name: li.querySelector('.place-name').value.trim(), kind: li.querySelector('.place-kind').value,
    point: { type: 'Point', coordinates: [Number(li.dataset.lon), Number(li.dataset.lat)] } }));
  const people = [...peopleList.children].map((li) => {
    const person = { name: li.querySelector('.person-name').value.trim(), relationship: li.querySelector('.person-rel').value.trim() };
    const concern = li.querySelector('.person-concern').value.trim();
    return concern ? { ...person, concern } : person;
  });
  const body = {
    interviewer_name: document.getElementById('interviewer').value.trim(),
    conducted_at: conductedAt(),
    summary: document.getElementById('summary').value.trim(), places, people,
  };
  if (!body.interviewer_name || !body.summary || places.some((p) => !p.name) || people.some((p) => !p.name || !p.relationship)) {
    showError(error, new Error('Fill in the interviewer, what the child said, and a name for each place and person.'));
    return;
  }
  try {
    const saved = await api(`/api/episodes/${episode.id}/return-home-interview`, { method: 'POST', body });
    showError(error, null);
    document.getElementById('interview-form').hidden = true;
    const done = document.getElementById('interview-done');
    done.textContent = `Saved. ${saved.place_ids.length} place(s) added to the child's places and ${saved.associate_ids.length} person(s) to their associates.`;
    done.hidden = false;
  } catch (err) { showError(error, err); }
});
root.dataset.ready = '1';
