// The sergeant's "check these first" for the selected open episode: the same ranked places,
// reasons and one click to tasks as the coordinator's page (lib/check-first.js), numbered on
// the map, ranked again when a sighting of the episode comes in.
import L from './leaflet.js';
import { loadRanking, renderRanking } from '../lib/check-first.js';

export class CheckFirstPanel {
  constructor(map, store, { toast }) {
    this.map = map;
    this.store = store;
    this.toast = toast;
    this.section = document.getElementById('check-first-panel');
    this.body = document.getElementById('check-first-list');
    this.markers = L.layerGroup().addTo(map);
    this.timer = null;
    store.addEventListener('select', () => this.load());
    store.addEventListener('change', (e) => {
      if (e.detail.kind !== 'sightings' || !this.store.selected) return;
      const sighting = this.store.sightings.get(e.detail.id);
      if (sighting?.properties.episode_id !== this.store.selected) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.load(), 1500);
    });
  }

  async load() {
    const id = this.store.selected;
    this.markers.clearLayers();
    this.section.hidden = !id;
    delete this.section.dataset.ready;
    if (!id) return;
    this.body.replaceChildren('Ranking…');
    let ranking;
    try {
      ranking = await loadRanking(id, { limit: 8 });
    } catch (err) {
      this.body.replaceChildren(`Could not rank: ${err.message}`);
      return;
    }
    if (this.store.selected !== id) return;
    renderRanking(this.body, ranking, {
      canTask: true, toast: this.toast,
      onShow: (item) => this.map.setView([item.lat, item.lon], 17),
    });
    for (const item of ranking.items) {
      const icon = L.divIcon({ className: 'rank-marker', html: String(item.rank), iconSize: [24, 24] });
      L.marker([item.lat, item.lon], { icon, title: `${item.rank}. ${item.label}`, keyboard: false })
        .bindTooltip(`${item.rank}. ${item.label}: ${item.why}`).addTo(this.markers);
    }
    this.section.dataset.ready = String(id);
  }
}
