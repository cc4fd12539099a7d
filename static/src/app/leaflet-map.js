// A small Leaflet map for the phone screens: the force's tile layer, nothing else.
import L from 'leaflet';
import { config } from './config.js';

L.Icon.Default.imagePath = '/static/dist/vendor/images/';

export function makeMap(el, { center = [53.8, -1.55], zoom = 15 } = {}) {
  const map = L.map(el, { zoomControl: true, attributionControl: true }).setView(center, zoom);
  L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19, crossOrigin: true }).addTo(map);
  return map;
}

/** A marker for the officer's own position with its accuracy circle. */
export function positionLayer(map) {
  const group = L.layerGroup().addTo(map);
  return (coords) => {
    group.clearLayers();
    if (!coords) return;
    const at = [coords.latitude, coords.longitude];
    L.circle(at, { radius: coords.accuracy || 10, weight: 1, color: '#1d4ed8', fillOpacity: 0.1 }).addTo(group);
    L.circleMarker(at, { radius: 8, color: '#fff', weight: 3, fillColor: '#1d4ed8', fillOpacity: 1 })
      .bindTooltip('You are here').addTo(group);
  };
}

export { L };
