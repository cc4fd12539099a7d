// The child's places on a map: tap (or click) to put a pin where a new place is, then name it.
import L from 'leaflet';

export class PlacesMap {
  constructor(node, config, { onPick }) {
    L.Icon.Default.imagePath = '/static/dist/vendor/images/';
    this.map = L.map(node, { tap: true }).setView([53.8, -1.55], 12);
    L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 19 }).addTo(this.map);
    this.known = L.featureGroup().addTo(this.map);
    this.pin = null;
    this.map.on('click', (e) => {
      this.place(e.latlng);
      onPick(e.latlng);
    });
  }

  place(latlng) {
    if (!this.pin) this.pin = L.marker(latlng, { title: 'New place', alt: 'New place' }).addTo(this.map);
    else this.pin.setLatLng(latlng);
  }

  clearPin() {
    if (this.pin) this.pin.remove();
    this.pin = null;
  }

  showPlaces(collection, labelOf) {
    this.known.clearLayers();
    L.geoJSON(collection, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, {
        radius: 8, weight: 2, color: '#fff',
        fillColor: f.properties.kind === 'risk_assessed_location' ? '#b91c1c' : '#0b3d91', fillOpacity: 0.9,
      }),
      onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.name} · ${labelOf(f.properties.kind)}`),
    }).addTo(this.known);
  }

  fit(home) {
    const bounds = this.known.getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds.pad(0.3), { maxZoom: 15 });
    else if (home) this.map.setView([home.coordinates[1], home.coordinates[0]], 14);
  }
}
