// The duty inspector's desk, live: mark the feed, read the desk, and read it again on every
// episode./risk./alert./escalation. event (and each minute, as reviews fall overdue with time).
import { api } from '../lib/api.js';
import { LiveFeed } from '../lib/live.js';
import { el } from '../map/util.js';

const root = document.getElementById('inspector-app');
const me = JSON.parse(root.dataset.me);
const feed = new LiveFeed();
const LIVE_PREFIXES = ['episode.', 'risk.', 'alert.', 'escalation.'];
// For tests and support: each desk read, and the events that caused one.
const loads = [];
const heard = [];
window.__locateDesk = { loads, heard, feed };

const GRADES = { high: 'High', medium: 'Medium', low: 'Low', no_apparent_risk: 'No apparent risk' };
const DIRECTIONS = { carer_to_police: 'Carer challenges a police decision',
  police_to_care_provider: 'Police concern about a placement' };
const when = (iso) => (iso ? new Date(iso).toLocaleString('en-GB', {
  weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '');

const toastNode = document.getElementById('toast');
function toast(text) {
  toastNode.textContent = text;
  toastNode.hidden = false;
  setTimeout(() => { toastNode.hidden = true; }, 5000);
}

function episodeItem(e, list, now) {
  const overdue = !e.next_review_due || new Date(e.next_review_due) < now;
  const grade = e.risk_grade || 'ungraded';
  return el('li', { class: `episode grade-${grade}`, dataset: { episodeId: e.id } },
    el('span', { class: `badge grade-${grade}` }, GRADES[e.risk_grade] || 'Not graded'), ' ',
    el('a', { href: `/episodes/${e.id}` }, el('strong', {}, e.child_name), ` ${e.reference}`),
    el('span', { class: 'line muted' }, `Reported ${when(e.reported_at)}${e.last_seen_description ? ` · last seen ${e.last_seen_description}` : ''}`),
    el('span', { class: `line ${overdue ? 'overdue' : 'muted'}` },
      e.next_review_due ? `Review ${overdue ? 'overdue since' : 'due'} ${when(e.next_review_due)}` : 'No risk grade recorded'),
    list === 'awaiting_acknowledgement' && me.may_acknowledge
      ? el('button', { type: 'button', class: 'primary ack', onclick: (ev) => acknowledge(e, ev.currentTarget) },
        `Acknowledge high risk: ${e.reference}`)
      : null,
    el('a', { class: 'small', href: `/map?episode=${e.id}` }, 'On the map'));
}

function escalationItem(x) {
  return el('li', { class: 'episode escalation', dataset: { escalationId: x.id } },
    el('strong', {}, DIRECTIONS[x.direction] || x.direction),
    x.episode_id ? el('a', { href: `/episodes/${x.episode_id}` }, ` ${x.episode_reference}`) : null,
    el('span', { class: 'line muted' }, `Raised ${when(x.raised_at)}`),
    el('span', { class: 'line' }, x.reason.length > 240 ? `${x.reason.slice(0, 240)}…` : x.reason));
}

function render(desk) {
  const now = new Date(desk.now);
  for (const section of root.querySelectorAll('[data-list]')) {
    const name = section.dataset.list;
    const items = desk[name] || [];
    section.querySelector('[data-count]').textContent = `(${items.length})`;
    section.querySelector('[data-items]').replaceChildren(...items.map((item) =>
      (name === 'open_escalations' ? escalationItem(item) : episodeItem(item, name, now))));
    section.querySelector('[data-empty]').hidden = items.length > 0;
  }
}

let loading = null;
let again = false;
async function load(reason) {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    try {
      const desk = await api('/api/inspector/desk');
      render(desk);
      loads.push({ reason, at: Date.now(), desk });
      document.getElementById('desk-error').hidden = true;
    } catch (err) {
      const node = document.getElementById('desk-error');
      node.textContent = `The desk could not be read: ${err.message}`;
      node.hidden = false;
    }
  })();
  await loading;
  loading = null;
  if (again) { again = false; await load('queued'); }
}

async function acknowledge(e, button) {
  button.disabled = true;
  try {
    await api(`/api/episodes/${e.id}/acknowledge`, { method: 'POST', body: {} });
    toast(`Acknowledged: ${e.reference}.`);
  } catch (err) {
    toast(err.message);
  }
  await load('acknowledged');
}

const status = document.getElementById('feed-status');
feed.addEventListener('status', (ev) => {
  status.dataset.state = ev.detail.connected ? 'live' : 'offline';
  status.textContent = ev.detail.connected ? 'Live' : 'Reconnecting… (the desk catches up when back)';
});
feed.addEventListener('reload', () => load('reload'));
feed.on('*', (event) => {
  if (!LIVE_PREFIXES.some((p) => event.type.startsWith(p))) return;
  heard.push(event);
  load(event.type);
});

await feed.mark();
await load('start');
feed.start();
setInterval(() => load('minute'), 60000);
