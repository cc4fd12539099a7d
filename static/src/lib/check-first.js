// "Check these first": the ranked places for an open episode with the reasons for each, and
// the one click that makes the top of the list into tasks. The same list on the coordinator's
// page and on the sergeant's live map; the tasks then arrive everywhere through the feed.
import { api } from './api.js';
import { distance, el } from '../map/util.js';

const KIND_WORDS = {
  address_check: 'address check', area_search: 'area search', transport_hub_check: 'station check',
};

/** GET the ranking for an episode (as known now, or at asOf). */
export function loadRanking(episodeId, { asOf, limit = 10 } = {}) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (asOf) query.set('as_of', asOf);
  return api(`/api/analysis/episodes/${episodeId}/ranking?${query}`);
}

/** POST: the top n (or the chosen keys) become tasks on the open episode. */
export function makeTasks(episodeId, { top, keys } = {}) {
  return api(`/api/analysis/episodes/${episodeId}/ranking/tasks`, {
    method: 'POST', body: keys ? { keys } : { top },
  });
}

function itemNode(item, { onShow }) {
  const more = item.reasons.length > 2
    ? el('details', {}, el('summary', { class: 'small' }, 'All reasons'),
      el('ul', { class: 'more small' }, item.reasons.map((r) => el('li', {}, r))))
    : null;
  return el('li', { dataset: { key: item.key, rank: item.rank } },
    el('span', { class: 'rank', 'aria-label': `Rank ${item.rank}` }, String(item.rank)),
    el('div', {},
      onShow
        ? el('button', { type: 'button', class: 'link-strong', onclick: () => onShow(item) }, item.label)
        : el('strong', {}, item.label),
      el('p', { class: 'why' }, item.why),
      el('span', { class: 'muted small' },
        `${item.kind === 'last_seen' ? 'At where last seen' : `${distance(item.distance_m)} from last seen`}`
        + ` · ${KIND_WORDS[item.task_kind] || item.task_kind}`),
      more));
}

/**
 * Draw a ranking into `container`. Options: canTask (show the one click), onShow(item) (a name
 * becomes a button that shows the place), onTasks(result) and toast(message, kind).
 */
export function renderRanking(container, ranking, { canTask = false, onShow, onTasks, toast = () => {} } = {}) {
  const items = ranking.items || [];
  if (!items.length) {
    container.replaceChildren(el('p', { class: 'muted' },
      'Nothing to rank yet: no earlier finds, sightings or known places for this child.'));
    return;
  }
  const list = el('ol', { class: 'ranked', 'aria-label': 'Places to check first, best first' },
    items.map((item) => itemNode(item, { onShow })));
  const table = ranking.distance_table;
  const method = el('p', { class: 'small muted' },
    `Found points, sightings and places within ${ranking.cluster_radius_m} m are one place. `
    + `Distance: ${table.source}.`);
  const nodes = [list];
  if (canTask && ranking.status === 'open') {
    const select = el('select', { id: `top-n-${ranking.episode_id}`, name: 'top' },
      Array.from({ length: Math.min(10, items.length) }, (_, i) => {
        const n = i + 1;
        return el('option', { value: String(n), selected: n === Math.min(3, items.length) }, String(n));
      }));
    const button = el('button', { type: 'button', class: 'primary', dataset: { action: 'make-tasks' } },
      'Make tasks');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const result = await makeTasks(ranking.episode_id, { top: Number(select.value) });
        const made = result.created.length;
        const skipped = result.skipped.length;
        toast(`${made} task${made === 1 ? '' : 's'} made${skipped ? `; ${skipped} already had one` : ''}.`);
        onTasks?.(result);
      } catch (err) {
        toast(err.message, 'error');
      } finally {
        button.disabled = false;
      }
    });
    nodes.push(el('div', { class: 'ranked-actions' },
      el('label', { for: select.id }, 'Top ', select), button));
  }
  nodes.push(method);
  container.replaceChildren(...nodes);
}
