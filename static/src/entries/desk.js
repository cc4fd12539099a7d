// The coordinator's desk: tabs for the four analyses, one filter for all, each view loaded
// from /api/analysis/... when shown (and again when the filter changes).
import '../map/leaflet-global.js';
import { api } from '../lib/api.js';
import { apiFilter, formValues, remember, restore, toQuery } from '../desk/query.js';
import { renderHotspots } from '../desk/hotspots.js';
import { renderNetwork } from '../desk/network.js';
import { renderPlacements } from '../desk/placements.js';
import { renderDisproportionality } from '../desk/disproportionality.js';
import { setUpExports } from '../desk/exports.js';

const root = document.getElementById('desk-app');
const config = JSON.parse(root.dataset.config);
const form = document.getElementById('desk-filters');
const status = document.getElementById('desk-status');
const tabs = [...document.querySelectorAll('[role="tab"]')];
const RENDER = { hotspots: renderHotspots, network: renderNetwork, placements: renderPlacements,
  disproportionality: renderDisproportionality };
const loaded = new Map(); // view -> query string it was drawn for
let current = restore(form) || 'hotspots';
if (!RENDER[current]) current = 'hotspots';

function say(text, error = false) {
  status.textContent = text;
  status.classList.toggle('error', error);
}

async function load(view) {
  const query = toQuery(apiFilter(formValues(form), view));
  if (loaded.get(view) === query) return;
  say('Loading…');
  root.dataset.ready = '0';
  try {
    const body = await api(`/api/analysis/${view}?${query}`);
    RENDER[view](body, config);
    loaded.set(view, query);
    say('');
  } catch (err) {
    say(err.message, true);
  } finally {
    root.dataset[`${view}Ready`] = '1';
    root.dataset.ready = '1';
  }
}

function show(view, focus = false) {
  current = view;
  for (const tab of tabs) {
    const on = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
    if (on && focus) tab.focus();
  }
  remember(formValues(form), view);
  load(view);
}

tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => show(tab.dataset.view));
  tab.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step) show(tabs[(i + step + tabs.length) % tabs.length].dataset.view, true);
    if (event.key === 'Home') show(tabs[0].dataset.view, true);
    if (event.key === 'End') show(tabs[tabs.length - 1].dataset.view, true);
  });
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  show(current);
});
document.getElementById('f-cell').addEventListener('change', () => show('hotspots'));
document.getElementById('f-links').addEventListener('change', () => show('network'));
setUpExports((view) => apiFilter(formValues(form), view), say);
show(current);
