// Hot spots: significant Gi* cells on a Leaflet map, and the hot places as a list with the
// children named (links to each child's analysis).
import L from 'leaflet';
import { el } from '../map/util.js';

const COLOURS = { 99: '#b2182b', 95: '#ef8a62', 90: '#fddbc7', '-90': '#d1e5f0', '-95': '#67a9cf', '-99': '#2166ac' };

let map = null;
let layer = null;
let outline = null;

function ensureMap(config) {
  if (map) return map;
  map = L.map('hotspot-map', { zoomSnap: 0.5 }).setView([53.8, -1.6], 10);
  L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 }).addTo(map);
  return map;
}

function method(m) {
  return `${m.statistic} on ${m.cell_m} m cells (${m.crs}); value: ${m.value}; neighbourhood: `
    + `${m.neighbourhood}; p-values ${m.p_values}, ${m.correction}; bins at 99, 95 and 90% `
    + `confidence. Shown: ${m.shown}. ${m.study_cells.toLocaleString('en-GB')} cells in the study area, `
    + `${m.occupied_cells.toLocaleString('en-GB')} with anyone in them.`;
}

function childLinks(children, more) {
  const items = children.map((c) => el('li', {}, el('a', { href: c.url }, c.name), ` ${c.reference}`));
  if (more > 0) {
    items.push(el('li', { class: 'more' },
      `and ${more.toLocaleString('en-GB')} more (fewest visits here); the CSV or GeoJSON export names every child`));
  }
  return el('ul', { class: 'names' }, items);
}

function listItem(spot, onShow) {
  const c = Math.abs(spot.confidence);
  return el('li', { class: `hot-item c${c}` },
    el('h4', {}, `${spot.children} children · ${c}% confidence`),
    el('p', {}, `Found ${spot.found} times, sighted ${spot.sightings} times · Gi* z ${spot.z.toFixed(2)}, `
      + `adjusted p ${spot.p_fdr.toExponential(1)}`),
    childLinks(spot.children_named, spot.children_not_named || 0),
    el('button', { type: 'button', class: 'secondary small', onclick: () => onShow(spot) }, 'Show on map'));
}

export function renderHotspots(body, config) {
  const m = ensureMap(config);
  document.getElementById('hotspot-method').textContent = method(body.method);
  if (layer) layer.remove();
  if (outline) outline.remove();
  outline = body.study_area ? L.geoJSON(body.study_area, { interactive: false,
    style: { color: '#0b3d91', weight: 2, dashArray: '6 4', fill: false } }).addTo(m) : null;
  layer = L.geoJSON(body.cells, {
    style: (f) => ({ color: '#5b1a12', weight: 0.6, fillOpacity: 0.72,
      fillColor: COLOURS[f.properties.confidence] || '#ccc' }),
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      lyr.bindPopup(`<strong>${Math.abs(p.confidence)}% ${p.confidence > 0 ? 'hot' : 'cold'}</strong><br>`
        + `${p.children} children in the cell, ${p.window_children} around it<br>z ${p.z.toFixed(2)}`);
    },
  }).addTo(m);
  setTimeout(() => {
    m.invalidateSize();
    const target = body.cells.features.length ? layer : outline;
    if (target) m.fitBounds(target.getBounds(), { maxZoom: 14, padding: [20, 20] });
  }, 0);
  const list = document.getElementById('hotspot-list');
  const show = (spot) => {
    const shape = L.geoJSON(spot.geometry);
    m.fitBounds(shape.getBounds(), { maxZoom: 15 });
  };
  list.replaceChildren(...(body.hotspots.length
    ? body.hotspots.map((s) => listItem(s, show))
    : [el('li', { class: 'empty' }, 'No significant hot spot with several children for this filter.')]));
}
