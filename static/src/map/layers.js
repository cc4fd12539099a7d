// The map's layers, each redrawn from the store when its kind changes.
import L from './leaflet.js';
import { ago, centreOf, clock, el, labelOf } from './util.js';
import { FINISHED, NEW_SIGHTING_S, OFFICER_LABEL_ZOOM, STALE_FIX_S, STATUS_COLOURS, sightingOpacity } from './styles.js';

const clustered = (options = {}) => L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, ...options });
// Sightings are drawn in a pane of their own above every other marker (officers' collar
// labels used to hide them): a new sighting must be seen.
const SIGHTINGS_PANE = 'sightingsPane';

/** Name the marker's element after its feature (data-<kind>-id) once it is on the map. */
function tag(marker, key, id) {
  marker.on('add', () => { const node = marker.getElement(); if (node) node.dataset[key] = id; });
  return marker;
}

function pin(classes, label = '') {
  const html = el('span', { class: 'pin-label' }, label);
  return L.divIcon({ className: `pin ${classes}`, html, iconSize: null, tooltipAnchor: [0, -10] });
}

export class Layers {
  /** actions: {selectEpisode(id), taskFrom({geometry, kind, title, episodeId, source_place_id?, source_sighting_id?}), showTask(id)} */
  constructor(map, store, vocab, actions) {
    this.map = map;
    this.store = store;
    this.vocab = vocab;
    this.actions = actions;
    map.createPane(SIGHTINGS_PANE).style.zIndex = '650'; // markers 600, tooltips 650+, popups 700
    this.groups = {
      teams: L.layerGroup(),
      episodes: clustered(),
      // Older sightings cluster; new ones never do: a fresh sighting folded into a cluster
      // icon with last week's at the same corner is a sighting nobody sees.
      sightings: L.layerGroup(),
      places: clustered(),
      tasks: L.featureGroup(),
      officers: L.layerGroup(),
    };
    this.sightingsOlder = clustered({ clusterPane: SIGHTINGS_PANE }).addTo(this.groups.sightings);
    this.sightingsNew = L.layerGroup().addTo(this.groups.sightings);
    for (const group of Object.values(this.groups)) group.addTo(map);
    store.addEventListener('change', (e) => this.draw(e.detail.kind));
    // Collar numbers pile up at city zoom: below street level officers are plain dots (the
    // name and number stay in each dot's tooltip).
    const declutter = () => map.getContainer().classList.toggle('officer-dots', map.getZoom() < OFFICER_LABEL_ZOOM);
    map.on('zoomend', declutter);
    declutter();
    store.addEventListener('select', () => { this.draw('tasks'); this.draw('episodes'); });
    // Ages move on: refresh the fading and the "fix 3 min ago" labels every minute.
    setInterval(() => { this.draw('sightings'); this.draw('officers'); }, 60000);
  }

  draw(kind) {
    const fn = this[`draw_${kind}`];
    if (fn) fn.call(this);
  }

  draw_teams() {
    const group = this.groups.teams;
    group.clearLayers();
    for (const f of this.store.teams.values()) {
      L.geoJSON(f, { style: { color: '#0b3d91', weight: 2, dashArray: '6 6', fill: true, fillOpacity: 0.04 },
        interactive: false }).addTo(group);
      const name = f.properties?.name;
      if (name) {
        const centre = L.geoJSON(f).getBounds().getCenter();
        L.marker(centre, { icon: L.divIcon({ className: 'team-label', html: el('span', {}, name), iconSize: null }),
          interactive: false, keyboard: false }).addTo(group);
      }
    }
  }

  draw_episodes() {
    const group = this.groups.episodes;
    group.clearLayers();
    for (const f of this.store.episodes.values()) {
      if (!f.geometry) continue;
      const p = f.properties;
      const grade = p.risk_grade || 'ungraded';
      const selected = f.id === this.store.selected;
      // Markers go into the cluster group one by one, each with its own popup (a popup bound
      // to a GeoJSON group inside a cluster group never opens: that group is not on the map).
      const marker = L.marker(centreOf(f.geometry), {
        icon: pin(`pin-episode grade-${grade}${selected ? ' selected' : ''}`),
        title: `${p.child_name || 'Episode'}: ${labelOf(this.vocab.grades, p.risk_grade) || 'not graded'}, last seen`,
        alt: p.child_name, zIndexOffset: selected ? 1000 : 0,
      });
      marker.bindPopup(() => el('div', { class: 'popup' },
        el('strong', {}, p.child_name || p.reference), el('br'),
        el('span', { class: `badge grade-${grade}` }, labelOf(this.vocab.grades, p.risk_grade) || 'Not graded'),
        ` ${p.reference}`, el('br'),
        `Last seen ${clock(p.last_seen_at)} (${ago(p.last_seen_at)})`,
        el('div', { class: 'popup-actions' },
          el('button', { type: 'button', class: 'secondary', onclick: () => this.actions.selectEpisode(f.id) }, 'Show tasks'))));
      tag(marker, 'episodeId', f.id).addTo(group);
    }
  }

  draw_sightings() {
    this.sightingsOlder.clearLayers();
    this.sightingsNew.clearLayers();
    const now = Date.now();
    for (const f of this.store.sightings.values()) {
      if (!f.geometry) continue;
      const p = f.properties;
      const fresh = (now - Date.parse(p.observed_at)) / 1000 < NEW_SIGHTING_S;
      const layer = L.marker(centreOf(f.geometry), {
        icon: pin(`pin-sighting${fresh ? ' is-new' : ''}`), opacity: sightingOpacity(p.observed_at, now),
        title: `Sighting ${ago(p.observed_at, now)}`, pane: SIGHTINGS_PANE,
        zIndexOffset: fresh ? 1000 : 0, // new above old at the same spot
      });
      layer.bindPopup(() => el('div', { class: 'popup' },
        el('strong', {}, `Sighting ${ago(p.observed_at)}`), el('br'),
        `${clock(p.observed_at)} · ${labelOf(this.vocab.sources || [], p.source)} · ${labelOf(this.vocab.confidence || [], p.confidence).toLowerCase()} confidence`,
        p.description ? el('p', {}, p.description) : null,
        // Fetched only when the popup opens: each view of the photo is audited.
        p.photo_url ? el('img', { class: 'popup-photo', src: p.photo_url, alt: 'Photo taken with this sighting' }) : null,
        this.actions.taskFrom ? el('div', { class: 'popup-actions' },
          el('button', { type: 'button', class: 'primary small', 'data-action': 'task-from-sighting',
            onclick: () => this.actions.taskFrom({
              geometry: f.geometry, kind: 'area_search', episodeId: p.episode_id,
              title: `Search around sighting at ${clock(p.observed_at)}`, source_sighting_id: f.id,
            }) }, 'Task from sighting')) : null));
      tag(layer, 'sightingId', f.id).addTo(fresh ? this.sightingsNew : this.sightingsOlder);
    }
  }

  draw_places() {
    const group = this.groups.places;
    group.clearLayers();
    const episode = this.store.selectedEpisode();
    for (const f of this.store.places.values()) {
      const p = f.properties || {};
      const kind = labelOf(this.vocab.place_kinds, p.kind);
      if (!f.geometry) continue;
      const layer = L.marker(centreOf(f.geometry), { icon: pin('pin-place', '⌂'), title: p.name || kind });
      layer.bindPopup(() => el('div', { class: 'popup' },
        el('strong', {}, p.name || kind), el('br'), kind,
        p.address ? el('div', {}, p.address) : null,
        episode && this.actions.taskFrom ? el('div', { class: 'popup-actions' },
          el('button', { type: 'button', class: 'primary small', 'data-action': 'check-address',
            onclick: () => this.actions.taskFrom({
              geometry: pointOf(f.geometry),
              kind: 'address_check', episodeId: episode.id,
              title: `Check ${p.name || kind}`, source_place_id: f.id,
            }) }, 'Check this address')) : null));
      tag(layer, 'placeId', f.id).addTo(group);
    }
  }

  draw_tasks() {
    const group = this.groups.tasks;
    group.clearLayers();
    const selected = this.store.selected;
    for (const f of this.store.tasks.values()) {
      const p = f.properties;
      // Finished tasks are drawn only for the episode being worked.
      if (FINISHED.has(p.status) && p.episode_id !== selected) continue;
      const colour = STATUS_COLOURS[p.status] || '#4b5563';
      const mine = p.episode_id === selected;
      const layer = L.geoJSON(f, {
        style: { color: colour, weight: mine ? 4 : 3, opacity: mine ? 1 : 0.7, fillOpacity: 0.15,
          dashArray: p.status === 'cancelled' ? '4 6' : null },
        pointToLayer: (_, latlng) => L.marker(latlng, {
          icon: pin(`pin-task status-${p.status}`, '✓'), title: `Task: ${p.title}`,
        }),
      });
      layer.on('add', () => layer.eachLayer((l) => {
        const node = l.getElement?.();
        if (node) { node.dataset.mapTaskId = f.id; node.dataset.status = p.status; }
      }));
      layer.bindTooltip(`${p.title} · ${labelOf(this.vocab.statuses, p.status)}`);
      layer.bindPopup(() => el('div', { class: 'popup' },
        el('strong', {}, p.title), el('br'),
        `${labelOf(this.vocab.kinds, p.kind)} · ${labelOf(this.vocab.statuses, p.status)} · ${labelOf(this.vocab.priorities, p.priority)}`,
        p.assignee_name || p.assignee_team_name ? el('div', {}, `Assigned to ${p.assignee_name || p.assignee_team_name}`) : null,
        el('div', { class: 'popup-actions' },
          el('button', { type: 'button', class: 'secondary', onclick: () => this.actions.showTask(f.id) }, 'Show on board'))));
      layer.addTo(group);
    }
  }

  draw_officers() {
    const group = this.groups.officers;
    group.clearLayers();
    const now = Date.now();
    for (const f of this.store.officers.values()) {
      const p = f.properties;
      const ageS = p.fix_at ? (now - new Date(p.fix_at).getTime()) / 1000 : Infinity;
      const label = p.collar_number || initials(p.display_name);
      const layer = L.geoJSON(f, {
        pointToLayer: (_, latlng) => L.marker(latlng, {
          icon: pin(`pin-officer${ageS > STALE_FIX_S ? ' stale' : ''}`, label),
          title: `${p.display_name}, fix ${ago(p.fix_at, now)}`, zIndexOffset: 500,
        }),
      });
      layer.bindTooltip(`${p.display_name}${p.collar_number ? ` (${p.collar_number})` : ''} · fix ${ago(p.fix_at, now)}`
        + (p.accuracy_m ? ` · ±${Math.round(p.accuracy_m)} m` : ''));
      layer.addTo(group);
    }
  }

  /** Bounds of everything drawn for one episode: last seen, its tasks and sightings. */
  boundsFor(episodeId) {
    const bounds = L.latLngBounds([]);
    const ep = this.store.episodes.get(episodeId);
    if (ep?.geometry) bounds.extend(L.geoJSON(ep).getBounds());
    for (const kind of ['tasks', 'sightings']) {
      for (const f of this.store[kind].values()) {
        if (f.properties.episode_id === episodeId && f.geometry) bounds.extend(L.geoJSON(f).getBounds());
      }
    }
    for (const f of this.store.places.values()) if (f.geometry) bounds.extend(L.geoJSON(f).getBounds());
    return bounds;
  }
}

function pointOf(geometry) {
  if (geometry.type === 'Point') return geometry;
  const [lat, lng] = centreOf(geometry);
  return { type: 'Point', coordinates: [lng, lat] };
}

function initials(name = '') {
  return name.split(/\s+/).filter(Boolean).map((w) => w[0]).join('').slice(0, 3).toUpperCase();
}
