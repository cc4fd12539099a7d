// The episode page: the timeline, kept live. Any event about this episode (a sighting, a
// grade, a task moving, an alert) re-fetches the timeline, so the page shows what the server
// holds; the feed's mark is read before the load (lib/live.js explains why).
import { api } from '../lib/api.js';
import { LiveFeed } from '../lib/live.js';

const root = document.getElementById('episode-page');
const config = JSON.parse(root.dataset.config);
const list = document.getElementById('episode-timeline');
const state = document.getElementById('live-state');
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: config.timezone, weekday: 'short', day: '2-digit', month: 'short',
  hour: '2-digit', minute: '2-digit',
});
// The reason the viewer gave to open the record goes with every read it makes.
const headers = config.reason ? { 'X-Access-Reason': encodeURIComponent(config.reason) } : {};

function entryNode(entry, known) {
  const li = document.createElement('li');
  li.className = `entry kind-${entry.kind}${known.has(entry.key) ? '' : ' fresh'}`;
  li.dataset.key = entry.key;
  const time = document.createElement('time');
  time.dateTime = entry.at;
  time.textContent = clock.format(new Date(entry.at)).replace(',', '');
  const title = document.createElement('strong');
  title.textContent = entry.title;
  li.append(time, title);
  if (entry.by) {
    const by = document.createElement('span');
    by.className = 'muted';
    by.textContent = ` · ${entry.by}`;
    li.append(by);
  }
  if (entry.detail) {
    const p = document.createElement('p');
    p.textContent = entry.detail;
    li.append(p);
  }
  return li;
}

function render(data) {
  const known = new Set([...list.children].map((li) => li.dataset.key));
  list.replaceChildren(...data.entries.map((entry) => entryNode(entry, known)));
  root.dataset.entries = String(data.entries.length);
}

let loading = null;
let again = false;
async function refresh() {
  if (loading) { again = true; return loading; }
  loading = api(`/api/episodes/${config.episode_id}/timeline`, { headers })
    .then(render)
    .catch((err) => { state.textContent = `Could not refresh: ${err.message}`; })
    .finally(() => {
      loading = null;
      if (again) { again = false; refresh(); }
    });
  return loading;
}

const live = new LiveFeed();
live.addEventListener('status', (e) => {
  state.textContent = e.detail.connected ? '· live' : '· reconnecting…';
});
live.addEventListener('reload', () => refresh());
live.on('*', (event) => {
  if (event.episode_id === config.episode_id) refresh();
});

(async () => {
  await live.mark();
  await refresh();
  live.start();
  root.dataset.live = 'ready';
})();
