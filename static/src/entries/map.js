// The sergeant's live tasking map: load state after marking the feed, then apply every
// event by id so the page never needs a refresh.
import L from '../map/leaflet.js';
import { LiveFeed } from '../lib/live.js';
import { Store } from '../map/store.js';
import { Layers } from '../map/layers.js';
import { Legend } from '../map/legend.js';
import { EpisodesList } from '../map/episodes-list.js';
import { TaskBoard } from '../map/task-board.js';
import { TaskForm } from '../map/task-form.js';
import { setUpDrawing } from '../map/draw.js';
import { SightingNews } from '../map/sighting-news.js';
import * as load from '../map/loaders.js';
import { el } from '../map/util.js';
import { CheckFirstPanel } from '../map/check-first.js';
import { AlertsPanel } from '../map/alerts.js';

const root = document.getElementById('map-app');
const vocab = JSON.parse(root.dataset.vocab);
// What this role may do, from the permission table (locate/web/map_page.py): nothing else
// is offered (no drawing tools or "New task" for a coordinator).
const may = JSON.parse(root.dataset.me || '{}').may || {};
const store = new Store();
const feed = new LiveFeed();
// For tests and support: which events this page applied, by id, in order.
const applied = [];
window.__locateMap = { applied, store, feed };

// --- notices -------------------------------------------------------------------------
const toastNode = document.getElementById('toast');
let toastTimer = null;
function toast(message, kind = 'info') {
  toastNode.textContent = message;
  toastNode.dataset.kind = kind;
  toastNode.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toastNode.hidden = true; }, kind === 'error' ? 10000 : 5000);
}
const notice = document.getElementById('map-notice');

// --- the map -------------------------------------------------------------------------
const map = L.map('map', { zoomControl: true, preferCanvas: false }).setView([53.8, -1.6], 11);
window.__locateMap.map = map;
// The grid around the map changes size as lists fill in: keep Leaflet's idea of its size true.
new ResizeObserver(() => map.invalidateSize({ pan: false })).observe(map.getContainer());
const tiles = L.tileLayer(root.dataset.tileUrl, { attribution: root.dataset.tileAttribution, maxZoom: 19 });
let tileErrors = 0;
tiles.on('tileerror', () => {
  tileErrors += 1;
  if (tileErrors === 1) {
    notice.replaceChildren('Map tiles could not be loaded: the layers are still shown. ',
      el('button', { type: 'button', class: 'link small', onclick: () => { notice.hidden = true; } }, 'Dismiss'));
    notice.hidden = false;
  }
});
tiles.on('tileload', () => { if (!notice.hidden && tileErrors === 0) notice.hidden = true; });
tiles.addTo(map);

const actions = {
  selectEpisode: (id) => selectEpisode(id, { zoom: true }),
  taskFrom: may['task.create'] ? (draft) => { map.closePopup(); form.open(draft); } : null,
  showTask: (id) => board.focus(id),
};
const layers = new Layers(map, store, vocab, actions);
const legend = new Legend(map, layers, vocab);
new EpisodesList(store, vocab, (id) => selectEpisode(id, { zoom: true }));
new CheckFirstPanel(map, store, { toast });
const board = new TaskBoard(store, vocab, {
  toast,
  may,
  showOnMap: (id) => {
    const t = store.tasks.get(id);
    if (t?.geometry) map.fitBounds(L.geoJSON(t).getBounds(), { maxZoom: 16, padding: [40, 40] });
  },
});
const form = new TaskForm(store, vocab, {
  onCreated: (task, kind) => {
    store.upsert('tasks', task);
    toast(`${kind} task created${task.properties.assignee_name ? ` and assigned to ${task.properties.assignee_name}` : ''}.`);
  },
});
if (may['task.create']) {
  setUpDrawing(map, {
    canDraw: () => Boolean(store.selected),
    onShape: (geometry) => {
      if (!geometry) {
        toast('Choose an episode first: a task belongs to one episode.', 'error');
        document.querySelector('#episode-list button')?.focus();
        return;
      }
      form.open({ geometry, episodeId: store.selected });
    },
  });
}
new SightingNews(store, document.getElementById('sighting-news'), { onShow: (id) => selectEpisode(id, { zoom: true }) });
// The review clock's alerts, for the roles that may read them (locate/clock/).
const alerts = may['alert.view'] ? new AlertsPanel(feed, store, document.getElementById('clock-alerts'),
  { onShow: (id) => selectEpisode(id, { zoom: true }) }) : null;
document.getElementById('new-task-here')?.addEventListener('click', () => {
  const ep = store.selectedEpisode();
  if (ep?.geometry) form.open({ geometry: ep.geometry, episodeId: ep.id, kind: 'area_search', title: 'Search around last seen point' });
});

// --- selection -----------------------------------------------------------------------
async function selectEpisode(id, { zoom = false } = {}) {
  const episode = store.episodes.get(id);
  if (!episode) return;
  delete root.dataset.selected;
  store.select(id);
  feed.watchEpisode(id);
  history.replaceState(null, '', `#episode=${id}`);
  const here = document.getElementById('new-task-here');
  if (here) here.hidden = !episode.geometry;
  const places = await load.loadPlaces(episode.properties.child_id).catch(() => ({ ok: false, features: [] }));
  if (store.selected !== id) return;
  store.replace('places', places.features);
  legend.note('places', places.missing ? 'Not available yet' : `${places.features.length} for ${episode.properties.child_name}`);
  if (zoom) {
    const bounds = layers.boundsFor(id);
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 15, padding: [40, 40], animate: false });
  }
  root.dataset.selected = String(id); // the selection has fully landed (places loaded, map moved)
}

// --- state and feed ------------------------------------------------------------------
const LAYERS = {
  episodes: load.loadEpisodes, tasks: load.loadTasks, sightings: load.loadSightings,
  officers: load.loadOfficers, teams: load.loadTeams,
};

async function loadAll() {
  await feed.mark(); // before the state: nothing can fall between the two
  const [names, ...results] = await Promise.allSettled([load.loadUserNames(), ...Object.values(LAYERS).map((fn) => fn())]);
  if (names.status === 'fulfilled') for (const [id, name] of names.value) store.names.set(id, name);
  Object.keys(LAYERS).forEach((kind, i) => {
    const r = results[i];
    if (r.status === 'fulfilled') {
      store.replace(kind, r.value.features);
      legend.note(kind, r.value.missing ? 'List not available yet: shown as changes arrive' : '');
    } else {
      legend.note(kind, 'Could not load');
      toast(`Could not load ${kind}: ${r.reason?.message || r.reason}`, 'error');
    }
  });
  if (store.selected && store.episodes.has(store.selected)) await selectEpisode(store.selected);
}

const upsertEpisode = (feature) => {
  if (feature.properties.status === 'open') store.upsert('episodes', feature);
  else {
    store.remove('episodes', feature.id);
    if (store.selected === feature.id) {
      toast(`${feature.properties.child_name || 'The child'} (${feature.properties.reference}) is ${feature.properties.status}.`);
      store.select(null);
      store.replace('places', []);
      const here = document.getElementById('new-task-here');
      if (here) here.hidden = true;
    }
  }
};
feed.on('task.*', (e) => store.upsert('tasks', e.payload.task));
feed.on('sighting.created', (e) => store.upsert('sightings', e.payload));
feed.on('sighting.updated', (e) => store.upsert('sightings', e.payload)); // its photo came
feed.on('officer.*', (e) => {
  store.names.set(e.payload.user_id, e.payload.display_name);
  const f = load.officerFeature(e.payload);
  if (f) store.upsert('officers', f); else store.remove('officers', e.payload.user_id);
});
feed.on('place.created', (e) => {
  if (e.payload.properties.child_id === store.selectedEpisode()?.properties.child_id) store.upsert('places', e.payload);
});
feed.on('episode.created', (e) => upsertEpisode(e.payload));
feed.on('episode.updated', (e) => upsertEpisode(e.payload));
feed.on('risk.*', (e) => upsertEpisode(e.payload.episode));
feed.addEventListener('applied', (e) => { applied.push(e.detail.id); root.dataset.applied = String(applied.length); });
feed.addEventListener('reload', () => {
  toast('Catching up after a long disconnection: reloading the map.');
  loadAll().catch((err) => toast(err.message, 'error'));
});

const statusNode = document.getElementById('feed-status');
feed.addEventListener('status', (e) => {
  const live = e.detail.connected;
  statusNode.dataset.state = live ? 'live' : 'offline';
  statusNode.textContent = live ? 'Live: changes appear as they happen' : 'Reconnecting… changes will catch up';
});

async function start() {
  try {
    await loadAll();
  } catch (err) {
    toast(`Could not load the map: ${err.message}`, 'error');
    return;
  }
  feed.start();
  alerts?.load();
  // /map#episode=ID (kept as the page's own state) or /map?episode=ID (the links from the
  // episodes list): that episode, selected and in view.
  const wanted = Number(new URLSearchParams(location.hash.slice(1)).get('episode')
    || new URLSearchParams(location.search).get('episode'));
  if (wanted && store.episodes.has(wanted)) await selectEpisode(wanted, { zoom: true });
  else {
    if (wanted) toast(`Episode ${wanted} is not open, or not yours to see.`, 'error');
    const all = L.featureGroup([layers.groups.episodes, layers.groups.tasks]).getBounds();
    if (all.isValid()) map.fitBounds(all, { maxZoom: 13, padding: [40, 40] });
  }
  root.dataset.ready = '1';
}
start();
