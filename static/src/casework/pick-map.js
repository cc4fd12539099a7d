// A phone map you tap to choose places: one point (where found) or several (the interview).
import L from 'leaflet';

L.Icon.Default.imagePath = '/static/dist/vendor/images/';

export function pickMap(el, config, { center, many = false, onChange }) {
  const map = L.map(el, { zoomControl: true }).setView([center[1], center[0]], 15);
  L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19, crossOrigin: true }).addTo(map);
  const markers = [];
  map.on('click', (e) => {
    const point = [Number(e.latlng.lng.toFixed(6)), Number(e.latlng.lat.toFixed(6))];
    if (!many) markers.splice(0).forEach((m) => m.remove());
    const marker = L.marker(e.latlng, { keyboard: false }).addTo(map);
    marker.point = point;
    markers.push(marker);
    onChange(markers.map((m) => m.point), point);
  });
  return {
    map,
    remove(index) {
      const [gone] = markers.splice(index, 1);
      gone?.remove();
      onChange(markers.map((m) => m.point));
    },
  };
}
