// The open episodes beside the map: highest risk first, then the next review due.
import { ago, clock, el, labelOf } from './util.js';

const GRADE_ORDER = { ungraded: 0, high: 1, medium: 2, low: 3, no_apparent_risk: 4 };

export function sortEpisodes(features) {
  const due = (f) => (f.properties.next_review_due ? Date.parse(f.properties.next_review_due) : -Infinity);
  return [...features].sort((a, b) =>
    (GRADE_ORDER[a.properties.risk_grade || 'ungraded'] - GRADE_ORDER[b.properties.risk_grade || 'ungraded'])
    || (due(a) - due(b)) || (a.id - b.id));
}

export class EpisodesList {
  constructor(store, vocab, onSelect) {
    this.store = store;
    this.vocab = vocab;
    this.onSelect = onSelect;
    this.list = document.getElementById('episode-list');
    this.count = document.getElementById('episode-count');
    store.addEventListener('change', (e) => { if (['episodes', 'sightings'].includes(e.detail.kind)) this.render(); });
    store.addEventListener('select', () => this.render());
    setInterval(() => this.render(), 60000); // "review overdue" turns on by itself
  }

  /** episode id -> the newest sighting's time, from the sightings on the map. */
  latestSightings() {
    const latest = new Map();
    for (const f of this.store.sightings.values()) {
      const { episode_id: id, observed_at: at } = f.properties;
      if (!latest.has(id) || Date.parse(at) > Date.parse(latest.get(id))) latest.set(id, at);
    }
    return latest;
  }

  render() {
    this.latest = this.latestSightings();
    const focused = document.activeElement?.closest?.('[data-episode-id]')?.dataset.episodeId;
    const episodes = sortEpisodes(this.store.episodes.values());
    this.count.textContent = `(${episodes.length})`;
    this.list.replaceChildren(...episodes.map((f) => this.item(f)));
    if (!episodes.length) this.list.append(el('li', { class: 'muted' }, 'No open episodes you can see.'));
    if (focused) this.list.querySelector(`[data-episode-id="${focused}"] button`)?.focus();
  }

  item(f) {
    const p = f.properties;
    const grade = p.risk_grade || 'ungraded';
    const now = Date.now();
    const overdue = p.next_review_due && Date.parse(p.next_review_due) < now;
    const selected = f.id === this.store.selected;
    const review = p.next_review_due
      ? el('span', { class: overdue ? 'overdue' : 'muted' },
        `Review ${overdue ? 'overdue since' : 'due'} ${clock(p.next_review_due)}`)
      : el('span', { class: 'overdue' }, 'No risk assessment recorded');
    return el('li', { class: `episode-item grade-${grade}`, dataset: { episodeId: f.id } },
      el('button', { type: 'button', class: 'episode-button', 'aria-pressed': selected ? 'true' : 'false',
        onclick: () => this.onSelect(f.id) },
      el('span', { class: 'episode-line' },
        el('span', { class: `badge grade-${grade}` }, labelOf(this.vocab.grades, p.risk_grade) || 'Not graded'),
        el('strong', {}, p.child_name || 'Unknown child')),
      el('span', { class: 'muted small' }, `${p.reference} · last seen ${ago(p.last_seen_at, now)}`),
      this.latest?.has(f.id) ? el('span', { class: 'small latest-sighting', 'data-part': 'latest-sighting' },
        `Latest sighting ${ago(this.latest.get(f.id), now)} (${clock(this.latest.get(f.id))})`) : null,
      review),
    // The whole record (timeline, actions, briefing) is the episode page; the button above
    // shows the episode on this map.
    el('a', { class: 'episode-page-link small', href: `/episodes/${f.id}` }, `Open episode ${p.reference}`));
  }
}
