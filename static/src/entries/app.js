// The constable's phone app: one shell, screens picked by the path, state from the API and
// the phone's own copies, every write through the outbox, live task changes from the feed.
import { LiveFeed } from '../lib/live.js';
import { prefetchTilesForTasks } from '../lib/tiles.js';
import { render as childCard } from '../app/child-card.js';
import { config } from '../app/config.js';
import { forgetCopies, keepOnlyFor } from '../app/db.js';
import { count } from '../app/outbox.js';
import { keepOfflineCopy } from '../app/offline-copy.js';
import { render as dutyScreen, resumeDuty } from '../app/duty.js';
import { render as sightingForm } from '../app/sighting-form.js';
import { mountStatusBar } from '../app/status-bar.js';
import { sendSighting } from '../app/sighting-send.js';
import { onSent, sendWith, startSync } from '../app/sync.js';
import { render as tasksList } from '../app/tasks-list.js';
import { loadTasks, putTask, settled } from '../app/tasks-store.js';
import { render as taskView } from '../app/task-view.js';

const root = document.getElementById('officer-app');
const screen = document.getElementById('screen');
const toastBox = document.getElementById('toast');

const ROUTES = [
  [/^\/app\/?$/, tasksList, 'tasks'],
  [/^\/app\/tasks\/(\d+)$/, taskView, 'tasks'],
  [/^\/app\/children\/(\d+)$/, childCard, 'tasks'],
  [/^\/app\/sightings\/new$/, sightingForm, 'sighting'],
  [/^\/app\/duty$/, dutyScreen, 'duty'],
];

let cleanup = () => {};
let shown = 0;

function toast(message) {
  toastBox.textContent = message;
  toastBox.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { toastBox.hidden = true; }, 6000);
}

async function show() {
  const turn = ++shown;
  cleanup();
  cleanup = () => {};
  delete screen.dataset.ready;
  const path = location.pathname;
  const [match, render, tab] = ROUTES.map(([re, r, t]) => [path.match(re), r, t]).find(([m]) => m)
    || [[path], tasksList, 'tasks'];
  const params = match.slice(1);
  root.dataset.screen = tab;
  for (const a of document.querySelectorAll('.app-tabs a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const done = await render(screen, { params, query: new URLSearchParams(location.search), navigate, toast });
  if (turn === shown) cleanup = done || (() => {}); else done?.();
  screen.focus({ preventScroll: true });
}

function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', url); else history.pushState({}, '', url);
  window.scrollTo(0, 0);
  show();
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (!a || e.defaultPrevented || e.metaKey || e.ctrlKey || e.button !== 0) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', show);
window.addEventListener('locate:signed-out', () => toast('Your session has ended: sign in again. Nothing waiting on this phone is lost.'));

async function startFeed() {
  const feed = new LiveFeed();
  try {
    await feed.mark();
  } catch {
    // No signal: try again when it returns (the feed's catch-up needs a mark first).
    window.addEventListener('online', startFeed, { once: true });
    return;
  }
  // Sightings of my tasks' children, for the task screen (sighting.near carries one inside).
  feed.on('sighting.*', (event) => {
    const feature = event.payload?.sighting || event.payload;
    window.dispatchEvent(new CustomEvent('live:sighting', { detail: feature }));
  });
  feed.on('task.*', (event) => {
    const task = event.payload?.task;
    if (!task) return;
    const mine = task.properties.assignee_user_id === config.me.id;
    if (mine && event.payload.to === 'assigned' && event.actor_id !== config.me.id) {
      toast(`New task: ${task.properties.title}`);
    }
    putTask(task);
  });
  // Too far behind to catch up: a new mark, then the list again (state after the mark).
  feed.addEventListener('reload', () => feed.mark().then(loadTasks).catch(() => {}));
  feed.addEventListener('status', (e) => {
    // Back in signal: the list from the server again (catch-up brings the events; this also
    // takes down the "no signal" notice).
    if (e.detail.connected && root.dataset.feed === 'down') loadTasks().catch(() => {});
    root.dataset.feed = e.detail.connected ? 'live' : 'down';
    root.dataset.transport = feed.transport() || '';
  });
  await loadTasks().catch(() => {});
  feed.start();
}

// Signing out: the copies of tasks and children leave the phone; unsent writes stay (they
// are this officer's and go when they next sign in), and the officer is told so.
function guardSignOut() {
  const form = document.querySelector('form[action$="/logout"]');
  form?.addEventListener('submit', async (e) => {
    if (form.dataset.cleared) return;
    e.preventDefault();
    const waiting = await count();
    if (waiting && !window.confirm(`${waiting} ${waiting === 1 ? 'thing has' : 'things have'} not been sent yet. `
      + 'They stay on this phone and are sent when you next sign in here. Sign out?')) return;
    await forgetCopies();
    form.dataset.cleared = '1';
    form.submit();
  });
}

async function main() {
  guardSignOut();
  await keepOnlyFor(config.me.id);
  sendWith('sighting', sendSighting);
  // My own sighting, once the server has it (with its photo, if one went after it).
  onSent('sighting', (item, body) => window.dispatchEvent(new CustomEvent('live:sighting', { detail: body })));
  onSent('task_action', settled);
  onSent('task_action:refused', () => loadTasks().catch(() => {}));
  mountStatusBar(document.getElementById('status-bar'), document.getElementById('conflicts'));
  await show();
  startSync();
  resumeDuty();
  startFeed();
  // Keep the map tiles around my tasks for when the signal goes (the service worker fetches).
  loadTasks().then(({ tasks, fresh }) => {
    if (!fresh) return;
    prefetchTilesForTasks(tasks.filter((t) => t.geometry), config.tile_url).catch(() => {});
  }).catch(() => {});
  root.dataset.ready = '1';
  keepOfflineCopy(root).catch(() => { root.dataset.offline = 'missing'; });
}

main();
