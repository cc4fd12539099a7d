// One task: who (the child's name and photo at the top, then the description), where (map
// with my position, and a button that opens the phone's own navigation), what to do, and one button per next step; the
// result form when completing. Every step goes through the outbox.
import { config, dueText, escapeHtml, isOverdue, label, nextActions } from './config.js';
import { loadChild } from './child-store.js';
import { SHOWN, loadSightings, sightingsHtml, waitingSightings } from './episode-sightings.js';
import { ago, merged, shownOnTask } from './sightings-order.js';
import { L, makeMap, positionLayer } from './leaflet-map.js';
import { markSeen } from './tasks-list.js';
import { act, currentTask, loadTask, onTasksChanged } from './tasks-store.js';

/** [lat, lon] of the middle of a GeoJSON geometry: where navigation should take the officer. */
export function middleOf(geometry) {
  const pts = [];
  const walk = (c) => (typeof c[0] === 'number' ? pts.push(c) : c.forEach(walk));
  walk(geometry.coordinates);
  if (geometry.type === 'LineString') return [pts[0][1], pts[0][0]]; // a route starts at its start
  const lon = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return [lat, lon];
}

/** geo: on Android opens the phone's own navigation app; elsewhere Google Maps directions. */
export function navigationUrl([lat, lon]) {
  const at = `${lat.toFixed(6)},${lon.toFixed(6)}`;
  return /Android/i.test(navigator.userAgent) ? `geo:${at}?q=${at}`
    : `https://maps.google.com/?daddr=${at}`;
}

const BUTTON_CLASS = { accept: 'btn-go', complete: 'btn-go', decline: 'btn-quiet' };

function actionsHtml(task) {
  const actions = nextActions(task.properties.status);
  if (!actions.length) return '';
  return `<div class="actions">${actions.map((a) => `<button type="button" class="btn ${BUTTON_CLASS[a] || ''}" data-action="${a}">${escapeHtml(a === 'complete' ? 'Complete…' : config.labels[a] || a)}</button>`).join('')}</div>`;
}

function childHtml(child, taskName) {
  if (!child) return `${taskName ? `<p class="child-name">${escapeHtml(taskName)}</p>` : ''}<p class="muted">The child's card has not been opened on this phone yet and there is no signal.</p>`;
  const c = child.card;
  const p = c.profile || {};
  const name = `${p.first_name || ''} ${p.last_name || ''}`.trim();
  const looks = [p.height_cm && `${p.height_cm} cm`, p.build, p.hair && `hair ${p.hair}`, p.eyes && `eyes ${p.eyes}`].filter(Boolean).join(', ');
  return `<div class="child-mini">
    ${child.photo ? `<img src="${child.photo}" alt="Photo of ${escapeHtml(name)}" width="96" height="120">` : '<div class="no-photo" role="img" aria-label="No photo">No photo</div>'}
    <div>
      <p class="child-name">${escapeHtml(name)}${p.known_as ? ` (“${escapeHtml(p.known_as)}”)` : ''}, ${escapeHtml(c.age)}</p>
      ${looks ? `<p>${escapeHtml(looks)}</p>` : ''}
      ${p.description ? `<p>${escapeHtml(p.description)}</p>` : ''}
      <a href="/app/children/${c.id}" data-link class="btn btn-quiet">Full profile</a>
    </div>
  </div>`;
}

export async function render(screen, { params }) {
  const id = Number(params[0]);
  screen.innerHTML = '<p class="muted">Loading the task…</p>';
  let task;
  try {
    task = await loadTask(id);
  } catch (err) {
    screen.innerHTML = `<h1>Task ${id}</h1><p>${escapeHtml(err.message)}</p><a href="/app" data-link class="btn">Back to my tasks</a>`;
    return () => {};
  }
  if (!task) {
    screen.innerHTML = `<h1>Task ${id}</h1><p>This task has not been opened on this phone yet, and there is no signal to fetch it.</p><a href="/app" data-link class="btn">Back to my tasks</a>`;
    return () => {};
  }
  await markSeen(id);
  const p = task.properties;
  document.title = `${p.title} · LOCATE`;
  const where = middleOf(task.geometry);
  screen.innerHTML = `
    <p class="crumbs"><a href="/app" data-link>My tasks</a></p>
    <h1>${escapeHtml(p.title)}</h1>
    <p class="task-state" role="status"><span class="tag tag-status" data-part="status"></span> <span class="tag tag-priority">${escapeHtml(label(p.priority))}</span> ${escapeHtml(config.kinds[p.kind] || label(p.kind))}${p.due_at ? ` · <span class="${isOverdue(p) ? 'overdue' : ''}" data-part="due">${escapeHtml(dueText(p))}</span>` : ''}</p>
    <section class="task-child-top" aria-label="The child">
      <div data-part="child">${p.child_name ? `<p class="child-name">${escapeHtml(p.child_name)}</p>` : ''}<p class="muted">Loading…</p></div>
    </section>
    <div data-part="actions"></div>
    <form class="result-form card" data-part="result" hidden>
      <label for="task-result">What did you find?</label>
      <textarea id="task-result" name="result" rows="4" required maxlength="4000"></textarea>
      <div class="actions"><button type="submit" class="btn btn-go">Complete task</button>
      <button type="button" class="btn btn-quiet" data-part="cancel-result">Not yet</button></div>
    </form>
    <div class="task-map" data-part="map" role="region" aria-label="Map of the task and your position"></div>
    <div class="actions">
      <a class="btn btn-go" data-part="navigate" href="${navigationUrl(where)}" rel="noopener">Navigate</a>
      <a class="btn" href="/app/sightings/new?episode=${p.episode_id}&task=${id}" data-link>Record sighting</a>
      <a class="btn btn-quiet" href="/episodes/${p.episode_id}/briefing">Briefing sheet</a>
    </div>
    ${p.instructions ? `<h2>Instructions</h2><p class="instructions">${escapeHtml(p.instructions)}</p>` : ''}
    <h2>Latest sightings</h2>
    <div data-part="sightings" aria-live="polite"><p class="muted">Loading…</p></div>
    <p data-part="result-shown" class="card" hidden></p>`;

  const actionsBox = screen.querySelector('[data-part="actions"]');
  const resultForm = screen.querySelector('[data-part="result"]');
  function drawState(t) {
    if (!screen.contains(actionsBox)) return; // the officer has moved on
    task = t;
    screen.querySelector('[data-part="status"]').textContent = label(t.properties.status) + (t.properties.pending ? ' · waiting to send' : '');
    actionsBox.innerHTML = actionsHtml(t);
    screen.dataset.status = t.properties.status;
    const shown = screen.querySelector('[data-part="result-shown"]');
    shown.hidden = !t.properties.result;
    shown.textContent = t.properties.result ? `Result: ${t.properties.result}` : '';
    if (!nextActions(t.properties.status).includes('complete')) resultForm.hidden = true;
  }
  drawState(task);

  actionsBox.addEventListener('click', async (e) => {
    const action = e.target.closest('button[data-action]')?.dataset.action;
    if (!action) return;
    if (action === 'complete') {
      resultForm.hidden = false;
      resultForm.querySelector('textarea').focus();
      return;
    }
    e.target.disabled = true;
    await act(task, action);
  });
  resultForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const result = resultForm.result.value.trim();
    if (!result) return;
    resultForm.hidden = true;
    await act(task, 'complete', { result });
    resultForm.reset();
  });
  screen.querySelector('[data-part="cancel-result"]').addEventListener('click', () => { resultForm.hidden = true; });

  const map = makeMap(screen.querySelector('[data-part="map"]'), { center: where, zoom: 16 });
  const shape = L.geoJSON(task.geometry, { style: { color: '#c2410c', weight: 4 } }).addTo(map);
  if (task.geometry.type !== 'Point') map.fitBounds(shape.getBounds(), { padding: [20, 20], maxZoom: 17 });
  const showMe = positionLayer(map);
  let watch = null;
  if ('geolocation' in navigator) {
    watch = navigator.geolocation.watchPosition((pos) => showMe(pos.coords), () => {},
      { enableHighAccuracy: false, maximumAge: 30_000, timeout: 20_000 });
  }

  // The child's latest sightings: on the map as purple dots, and listed below.
  const sightingsBox = screen.querySelector('[data-part="sightings"]');
  const sightingDots = L.layerGroup().addTo(map);
  let known = [];
  let knownFresh = true;
  async function drawSightings() {
    if (!screen.contains(sightingsBox)) return;
    const all = shownOnTask(merged(known, await waitingSightings(p.episode_id)), SHOWN);
    sightingsBox.innerHTML = sightingsHtml(all, { fresh: knownFresh });
    sightingsBox.dataset.count = String(all.length);
    sightingDots.clearLayers();
    for (const f of all) {
      if (f.geometry?.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates;
      L.circleMarker([lat, lon], { radius: 7, color: '#fff', weight: 2, fillColor: '#7c3aed', fillOpacity: 1 })
        .bindTooltip(`Sighting ${ago(f.properties.observed_at)}`).addTo(sightingDots);
    }
  }
  loadSightings(p.episode_id).then(({ features, fresh }) => {
    known = merged(known, features);
    knownFresh = fresh;
    drawSightings();
  }).catch((err) => { sightingsBox.innerHTML = `<p>${escapeHtml(err.message)}</p>`; });
  const onLive = (e) => {
    if (e.detail?.properties?.episode_id !== p.episode_id) return;
    known = merged([e.detail], known);
    drawSightings();
  };
  window.addEventListener('live:sighting', onLive);
  window.addEventListener('outbox:changed', drawSightings);

  const off = onTasksChanged(async (_list, detail) => {
    if (detail?.changed === id || detail?.fresh !== undefined) {
      const t = await currentTask(id);
      if (t) drawState(t);
    }
  });

  const childId = p.child_id;
  const childBox = screen.querySelector('[data-part="child"]');
  if (childId) {
    loadChild(childId).then((child) => {
      childBox.innerHTML = childHtml(child, p.child_name);
    }).catch((err) => {
      childBox.innerHTML = `<p>${escapeHtml(err.message)}</p>`;
    });
  } else {
    childBox.innerHTML = '<p class="muted">Open this task once with signal to keep the child\'s details on the phone.</p>';
  }
  screen.dataset.ready = '1';
  return () => {
    off();
    window.removeEventListener('live:sighting', onLive);
    window.removeEventListener('outbox:changed', drawSightings);
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    map.remove();
  };
}
