// Record a sighting: where (the phone's fix with its accuracy, or a tap on the map), when
// (now unless changed), source, confidence, a note and an optional photo. Saved to the
// outbox first, so it survives no signal and a closed app.
import { nowField } from '../lib/local-time.js';
import { config, escapeHtml } from './config.js';
import { keptChild } from './child-store.js';
import { cached } from './db.js';
import { makeMap, L } from './leaflet-map.js';
import { enqueue, newId } from './outbox.js';
import { holdPhoto, resizePhoto } from './photo.js';
import { currentTasks } from './tasks-store.js';

async function episodeChoices() {
  const tasks = await currentTasks();
  const byEpisode = new Map();
  for (const t of tasks) if (!byEpisode.has(t.properties.episode_id)) byEpisode.set(t.properties.episode_id, t.properties.title);
  return [...byEpisode.entries()];
}

export async function render(screen, { query, navigate, toast }) {
  document.title = 'Record a sighting · LOCATE';
  const taskId = Number(query.get('task')) || null;
  let episodeId = Number(query.get('episode')) || null;
  const choices = await episodeChoices();
  if (!episodeId && choices.length === 1) [[episodeId]] = choices;
  // Whom this sighting is of, named at the top with the photo kept on the phone.
  const tasks = await currentTasks();
  const task = tasks.find((t) => t.id === taskId);
  const ofChild = (task || tasks.find((t) => t.properties.episode_id === episodeId))?.properties;
  const kept = ofChild?.child_id ? await keptChild(ofChild.child_id) : null;
  const options = (list, chosen) => list.map(([v, text]) => `<option value="${escapeHtml(v)}"${String(v) === String(chosen) ? ' selected' : ''}>${escapeHtml(text)}</option>`).join('');
  screen.innerHTML = `
    <h1>Record a sighting</h1>
    ${ofChild?.child_name ? `<div class="child-mini compact" data-part="child">
      ${kept?.photo ? `<img src="${kept.photo}" alt="Photo of ${escapeHtml(ofChild.child_name)}" width="72" height="90">` : ''}
      <p class="child-name">Sighting of ${escapeHtml(ofChild.child_name)}</p></div>` : ''}
    <form class="sighting-form" novalidate>
      ${episodeId ? `<input type="hidden" name="episode" value="${episodeId}">`
        : `<label for="s-episode">Which missing child (from your tasks)</label><select id="s-episode" name="episode" required>${choices.length ? options(choices.map(([e, t]) => [e, `Episode ${e}: ${t}`])) : '<option value="">No tasks on this phone: open a task first</option>'}</select>`}
      <fieldset class="where">
        <legend>Where</legend>
        <p class="fix" data-part="fix" role="status">Finding your position…</p>
        <div class="actions"><button type="button" class="btn" data-part="locate">Use my position</button></div>
        <div class="pick-map" data-part="map" role="region" aria-label="Map: tap where the child was seen"></div>
        <p class="muted">Or tap the map where the child was seen.</p>
      </fieldset>
      <label for="s-time">When</label>
      <input id="s-time" name="observed_at" type="datetime-local" required>
      <label for="s-source">Source</label>
      <select id="s-source" name="source">${options(config.sources, 'officer')}</select>
      <label for="s-confidence">How sure</label>
      <select id="s-confidence" name="confidence">${options(config.confidence, 'medium')}</select>
      <label for="s-note">What was seen</label>
      <textarea id="s-note" name="description" rows="3" maxlength="4000" placeholder="Clothing, direction, who with"></textarea>
      <label for="s-photo">Photo (optional)</label>
      <input id="s-photo" name="photo" type="file" accept="image/*" capture="environment">
      <p class="muted" data-part="photo-note" role="status"></p>
      <img data-part="preview" class="preview" alt="The photo to keep with this sighting" hidden>
      <p class="field-error" data-part="error" role="alert"></p>
      <button type="submit" class="btn btn-go wide">Save sighting</button>
    </form>`;

  const form = screen.querySelector('form');
  const observedAt = nowField(form.observed_at);
  const fixText = screen.querySelector('[data-part="fix"]');
  let where = null; // {lon, lat, accuracy, how}
  let photo = null;

  const map = makeMap(screen.querySelector('[data-part="map"]'), { zoom: 16 });
  const marker = L.circleMarker([0, 0], { radius: 10, color: '#fff', weight: 3, fillColor: '#b91c1c', fillOpacity: 1 });
  function place(next) {
    where = next;
    marker.setLatLng([next.lat, next.lon]).addTo(map);
    map.setView([next.lat, next.lon], Math.max(map.getZoom(), 16));
    fixText.textContent = next.how === 'gps'
      ? `Your position, accurate to about ${Math.round(next.accuracy)} m`
      : 'The point you tapped on the map';
    fixText.dataset.how = next.how;
  }
  map.on('click', (e) => place({ lat: e.latlng.lat, lon: e.latlng.lng, accuracy: null, how: 'map' }));
  if (task) L.geoJSON(task.geometry, { style: { color: '#c2410c' } }).addTo(map);

  function locate() {
    if (!('geolocation' in navigator)) { fixText.textContent = 'This phone cannot give a position: tap the map.'; return; }
    fixText.textContent = 'Finding your position…';
    navigator.geolocation.getCurrentPosition(
      (pos) => place({ lat: pos.coords.latitude, lon: pos.coords.longitude, accuracy: pos.coords.accuracy, how: 'gps' }),
      (err) => { if (!where) fixText.textContent = `No position (${err.message || 'refused'}): tap the map where the child was seen.`; },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 });
  }
  screen.querySelector('[data-part="locate"]').addEventListener('click', locate);
  const last = await cached('last_fix');
  if (last) map.setView([last.lat, last.lon], 16);
  locate();

  form.photo.addEventListener('change', async () => {
    const file = form.photo.files[0];
    const note = screen.querySelector('[data-part="photo-note"]');
    const preview = screen.querySelector('[data-part="preview"]');
    if (!file) { photo = null; preview.hidden = true; note.textContent = ''; return; }
    try {
      photo = await resizePhoto(file);
      preview.src = URL.createObjectURL(photo.blob);
      preview.hidden = false;
      note.textContent = `Photo ready (${photo.width}×${photo.height}, ${Math.round(photo.blob.size / 1024)} KB). It is kept on this phone and sent after the sighting.`;
    } catch {
      photo = null;
      note.textContent = 'That file could not be read as a photo.';
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = screen.querySelector('[data-part="error"]');
    const episode = Number(form.episode?.value);
    if (!episode) { error.textContent = 'Choose the missing child this sighting is of.'; return; }
    if (!where) { error.textContent = 'Say where: use your position or tap the map.'; return; }
    const observed = observedAt();
    if (!observed) { error.textContent = 'Give the time of the sighting.'; return; }
    const clientId = newId();
    const body = {
      client_id: clientId,
      observed_at: observed,
      location: { type: 'Point', coordinates: [Number(where.lon.toFixed(6)), Number(where.lat.toFixed(6))] },
      accuracy_m: where.accuracy === null ? null : Math.round(where.accuracy * 10) / 10,
      source: form.source.value,
      confidence: form.confidence.value,
      description: form.description.value.trim() || null,
    };
    if (body.accuracy_m === null) delete body.accuracy_m;
    if (photo) await holdPhoto(clientId, episode, photo);
    await enqueue({ kind: 'sighting', url: `/api/episodes/${episode}/sightings`, body,
      meta: { episodeId: episode, taskId, hasPhoto: Boolean(photo) } });
    toast(navigator.onLine ? 'Sighting saved: sending now.' : 'Sighting saved on this phone: it will be sent when there is signal.');
    navigate(taskId ? `/app/tasks/${taskId}` : '/app');
  });
  screen.dataset.ready = '1';
  return () => { map.remove(); if (kept?.photo) URL.revokeObjectURL(kept.photo); };
}
