// One map of a child's history: where found (by kind), where seen, last-seen points and the
// known places across episodes, plus the ranked places and the distance rings of the open one.
import L from 'leaflet';
import { el } from '../map/util.js';
import { styled } from './child-patterns.js';

export const LAYER_STYLE = {
  found: { color: '#b91c1c', label: 'Found' },
  sighting: { color: '#7c3aed', label: 'Seen' },
  place: { color: '#0b3d91', label: 'Known place' },
  last_seen: { color: '#6b7280', label: 'Last seen' },
};

export class ChildMap {
  constructor(node, config) {
    L.Icon.Default.imagePath = '/static/dist/vendor/images/';
    this.map = L.map(node).setView([53.8, -1.6], 11);
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 }).addTo(this.map);
    this.history = L.featureGroup().addTo(this.map);
    this.rings = L.featureGroup().addTo(this.map);
    this.ranked = L.featureGroup().addTo(this.map);
    // Where the rings come from, on the map itself.
    this.source = L.control({ position: 'bottomleft' });
    this.source.onAdd = () => el('div', { class: 'rings-note' });
    this.source.addTo(this.map);
  }

  showHistory(collection) {
    this.history.clearLayers();
    L.geoJSON(collection, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: f.properties.layer === 'last_seen' ? 4 : 7, weight: 2, color: '#fff',
        fillColor: LAYER_STYLE[f.properties.layer].color, fillOpacity: 0.9,
      }),
      // Areas only: circle markers keep the style they were made with.
      style: (f) => (f.geometry.type === 'Point' ? {}
        : { color: LAYER_STYLE[f.properties.layer].color, weight: 2, fillOpacity: 0.1 }),
      onEachFeature: (f, layer) => {
        const p = f.properties;
        const when = p.at ? new Date(p.at).toLocaleDateString('en-GB') : '';
        layer.bindPopup(`<strong>${LAYER_STYLE[p.layer].label}</strong> ${p.name || p.reference || ''}<br>`
          + `${(p.kind || p.source || '').replace(/_/g, ' ')} ${when}`);
      },
    }).eachLayer((layer) => this.history.addLayer(layer));
    this.fit();
  }

  showRings(collection) {
    this.rings.clearLayers();
    if (!collection) return;
    this.source.getContainer().textContent = `Rings: ${collection.properties.source.split(',')[0]}`;
    L.geoJSON(collection, {
      style: () => ({ color: '#0b3d91', weight: 1, dashArray: '4 4', fill: false }),
      onEachFeature: (f, layer) => layer.bindTooltip(f.properties.label, { sticky: true }),
    }).eachLayer((layer) => this.rings.addLayer(layer));
  }

  showRanking(ranking) {
    this.ranked.clearLayers();
    for (const item of ranking?.items || []) {
      const icon = L.divIcon({ className: 'rank-marker', html: String(item.rank), iconSize: [26, 26] });
      L.marker([item.lat, item.lon], { icon, title: `${item.rank}. ${item.label}`, alt: `Rank ${item.rank}` })
        .bindPopup(`<strong>${item.rank}. ${escapeHtml(item.label)}</strong><br>${escapeHtml(item.why)}`)
        .addTo(this.ranked);
    }
  }

  focus(item) {
    this.map.setView([item.lat, item.lon], 16);
  }

  fit() {
    const bounds = L.featureGroup([this.history, this.ranked]).getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds, { maxZoom: 15, padding: [30, 30] });
  }
}

export function keyNodes() {
  return Object.values(LAYER_STYLE).map((s) =>
    el('span', {}, styled(el('span', { class: 'key-dot' }), { background: s.color }), s.label));
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
