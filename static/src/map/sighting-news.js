// New sightings told in words: "2 new sightings for Jade Example", in a live region beside
// the map (read out by screen readers), with a button that shows that episode. Dots alone
// were missed under the officers' labels. Sightings arriving close together are told together,
// and the count runs on until the sergeant shows or dismisses it: a second sighting a minute
// later reads "2 new sightings", not a fresh "1 new sighting" that hides the first.
import { el } from './util.js';

const GATHER_MS = 1500;

export class SightingNews {
  constructor(store, node, { onShow } = {}) {
    this.store = store;
    this.node = node;
    this.onShow = onShow;
    this.known = new Set();
    this.waiting = new Map(); // episode id -> count
    this.timer = null;
    store.addEventListener('change', (e) => {
      if (e.detail.kind !== 'sightings') return;
      if (e.detail.id === null) { // a whole load: what is there is not news
        for (const id of store.sightings.keys()) this.known.add(id);
        return;
      }
      if (this.known.has(e.detail.id) || !store.sightings.has(e.detail.id)) return; // an update (its photo came)
      this.known.add(e.detail.id);
      const episodeId = store.sightings.get(e.detail.id).properties.episode_id;
      this.waiting.set(episodeId, (this.waiting.get(episodeId) || 0) + 1);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.tell(), GATHER_MS);
    });
  }

  tell() {
    const parts = [...this.waiting].map(([episodeId, n]) => {
      const name = this.store.episodes.get(episodeId)?.properties.child_name || `episode ${episodeId}`;
      return { episodeId, text: `${n} new sighting${n === 1 ? '' : 's'} for ${name}` };
    });
    if (!parts.length) return;
    const at = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date());
    this.node.replaceChildren(
      `${parts.map((p) => p.text).join('; ')} (${at}). `,
      ...(this.onShow && parts.length === 1 ? [el('button', { type: 'button', class: 'link small',
        onclick: () => { this.waiting.clear(); this.onShow(parts[0].episodeId); } }, 'Show')] : []),
      el('button', { type: 'button', class: 'link small',
        onclick: () => { this.waiting.clear(); this.node.hidden = true; } }, 'Dismiss'));
    this.node.hidden = false;
  }
}
