// The coordinator's page for one child: flags, timeline and time patterns for the chosen
// window, one map across episodes, and "check these first" for an open episode.
import '../map/leaflet-global.js';
import { api } from '../lib/api.js';
import { loadRanking, renderRanking } from '../lib/check-first.js';
import { ChildMap, keyNodes } from '../desk/child-map.js';
import { renderFlags, renderPatterns, renderTimeline } from '../desk/child-patterns.js';

const root = document.getElementById('desk-child');
const config = JSON.parse(root.dataset.config);
const base = `/api/analysis/children/${config.child_id}`;
const map = new ChildMap(document.getElementById('child-map'), config);
document.getElementById('map-key').replaceChildren(...keyNodes());
const toastNode = document.getElementById('toast');
function toast(message, kind = 'info') {
  toastNode.textContent = message;
  toastNode.dataset.kind = kind;
  toastNode.hidden = false;
  setTimeout(() => { toastNode.hidden = true; }, kind === 'error' ? 10000 : 5000);
}

function windowQuery() {
  const q = new URLSearchParams();
  const since = document.getElementById('since').value;
  const until = document.getElementById('until').value;
  if (since) q.set('since', `${since}T00:00:00Z`);
  if (until) q.set('until', `${until}T23:59:59Z`);
  return q;
}

async function loadHistory() {
  const q = windowQuery();
  const [history, features] = await Promise.all([api(`${base}/history?${q}`), api(`${base}/map?${q}`)]);
  const c = history.child;
  document.getElementById('child-name').textContent = c.name || `Child ${config.reference}`;
  document.getElementById('child-facts').textContent = [
    config.reference, c.age !== null ? `${c.age} years` : null, c.sex,
    (c.placement_type || '').replace(/_/g, ' '), `${history.counts.episodes} episodes`,
  ].filter(Boolean).join(' · ');
  renderFlags(document.getElementById('flags'), history.flags);
  document.getElementById('episode-count').textContent = history.window.since || history.window.until
    ? `(${history.counts.in_window} of ${history.counts.episodes} in the dates chosen)` : `(${history.counts.episodes})`;
  renderTimeline(document.getElementById('timeline'), history.episodes, config.grades);
  renderPatterns(document.getElementById('summaries'), document.getElementById('weekday-hour'),
    document.getElementById('tz'), history.time_patterns);
  map.showHistory(features);
  return history;
}

async function loadCheckFirst(openEpisodes) {
  const body = document.getElementById('check-first-body');
  const episode = openEpisodes[openEpisodes.length - 1];
  if (!episode) return;
  const [ranking, rings] = await Promise.all([
    loadRanking(episode.id), api(`/api/analysis/episodes/${episode.id}/rings`)]);
  document.getElementById('check-first-title').textContent = `Check these first: ${episode.reference}`;
  renderRanking(body, ranking, {
    canTask: config.can_task, toast, onShow: (item) => map.focus(item),
    onTasks: () => { root.dataset.tasksMade = String(Number(root.dataset.tasksMade || 0) + 1); },
  });
  map.showRanking(ranking);
  map.showRings(rings);
  document.getElementById('rings-source').textContent =
    `Rings around where last seen: share of children found within each distance. Source: ${rings.properties.source}.`;
}

document.getElementById('window').addEventListener('submit', (e) => {
  e.preventDefault();
  loadHistory().catch((err) => toast(err.message, 'error'));
});
document.getElementById('window-clear').addEventListener('click', () => {
  document.getElementById('since').value = '';
  document.getElementById('until').value = '';
  loadHistory().catch((err) => toast(err.message, 'error'));
});

loadHistory()
  .then((history) => loadCheckFirst(history.open_episodes))
  .then(() => { root.dataset.ready = '1'; })
  .catch((err) => toast(err.message, 'error'));
