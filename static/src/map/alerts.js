// The review clock's alerts on the map: overdue reviews and high risk awaiting the duty
// inspector, told live (event alert.raised) in a list above the episodes, each with a button
// that shows its episode. The list is the server's (GET /api/alerts): it is fetched again on
// every alert event, so an alert whose review was done leaves at the clock's next tick
// (alert.resolved).
import { api } from '../lib/api.js';
import { clock, el } from './util.js';

const TITLES = {
  review_overdue: 'Review overdue',
  review_overdue_inspector: 'Review still overdue: inspector told',
  high_risk_unacknowledged: 'High risk: awaiting the duty inspector',
  rhi_overdue: 'Return home interview overdue',
  escalation_unanswered: 'Escalation unanswered',
};

export class AlertsPanel {
  constructor(feed, store, node, { onShow } = {}) {
    this.store = store;
    this.node = node;
    this.list = node.querySelector('ul');
    this.onShow = onShow;
    this.items = [];
    const refresh = () => this.load();
    feed.on('alert.*', refresh);
    store.addEventListener('change', (e) => { if (e.detail.kind === 'episodes') this.render(); });
  }

  async load() {
    try {
      this.items = (await api('/api/alerts')).items;
    } catch {
      return; // the next alert or regrade fetches again; the episodes list still shows "overdue"
    }
    this.render();
  }

  render() {
    this.node.hidden = this.items.length === 0;
    this.node.dataset.count = String(this.items.length);
    this.list.replaceChildren(...this.items.map((a) => {
      const name = this.store.episodes.get(a.episode_id)?.properties.child_name;
      return el('li', { class: `alert-item alert-${a.kind}`, dataset: { alertId: a.id, kind: a.kind } },
        el('strong', {}, TITLES[a.kind] || a.kind),
        name ? el('span', { class: 'alert-who' }, `${name} (${a.reference})`) : null,
        el('span', {}, a.message),
        el('span', { class: 'muted small' }, `Raised ${clock(a.raised_at)}`),
        a.episode_id && this.onShow ? el('button', { type: 'button', class: 'link small',
          onclick: () => this.onShow(a.episode_id) }, 'Show episode') : null);
    }));
  }
}
