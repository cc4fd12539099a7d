// Found and closed, on a phone: when, where (tap the map), what kind of place, who found the
// child, their condition and whether harm was suffered; then close with the interview referral.
import { api } from '../lib/api.js';
import { fillRadios, fillSelect, pageConfig, showError } from '../casework/page.js';
import { nowField } from '../lib/local-time.js';
import { pickMap } from '../casework/pick-map.js';

const { root, config } = pageConfig('found-page');
const episode = config.episode;
let point = null;

fillSelect(document.getElementById('place-kind'), config.place_kinds);
fillSelect(document.getElementById('found-by'), config.found_by);
fillRadios(document.getElementById('harm'), 'harm', config.harm);
const foundAt = nowField(document.getElementById('found-at'));

const found = document.getElementById('found-form');
const close = document.getElementById('close-form');
if (!found.hidden) {
  pickMap(document.getElementById('found-map'), config, {
    center: episode.last_seen,
    onChange: (points) => {
      point = points[points.length - 1] || null;
      document.getElementById('found-point').textContent = point
        ? `Chosen: ${point[1].toFixed(5)}, ${point[0].toFixed(5)}` : 'No place chosen yet.';
    },
  });
}

found.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('found-error');
  const harm = document.querySelector('input[name="harm"]:checked')?.value;
  const body = {
    found_at: foundAt(),
    found_place: point && { type: 'Point', coordinates: point },
    found_place_kind: document.getElementById('place-kind').value,
    found_by: document.getElementById('found-by').value,
    found_condition: document.getElementById('condition').value.trim(),
    harm_suffered: harm,
  };
  const note = document.getElementById('outcome-note').value.trim();
  if (note) body.outcome = note;
  const missing = Object.entries(body).filter(([, v]) => !v).map(([k]) => k.replace(/_/g, ' '));
  if (missing.length) { showError(error, new Error(`Still needed: ${missing.join(', ')}.`)); return; }
  try {
    await api(`/api/episodes/${episode.id}/found`, { method: 'POST', body });
    showError(error, null);
    found.hidden = true;
    close.hidden = false;
    document.getElementById('found-status').textContent = 'Recorded as found. Now close the episode.';
  } catch (err) { showError(error, err); }
});

close.addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = document.getElementById('close-error');
  const rhi = document.querySelector('input[name="rhi"]:checked')?.value;
  if (!rhi) { showError(error, new Error('Say whether a return home interview was referred.')); return; }
  try {
    await api(`/api/episodes/${episode.id}/close`, { method: 'POST', body: { rhi_referred: rhi === 'yes' } });
    showError(error, null);
    close.hidden = true;
    document.getElementById('after-close').hidden = false;
    document.getElementById('found-status').textContent = 'Closed.';
  } catch (err) { showError(error, err); }
});
root.dataset.ready = '1';
