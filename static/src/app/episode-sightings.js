// The latest sightings of the child a task is about, on the task screen: where she was seen
// last is what the officer on the ground most needs. The server's newest few (reading them is
// audited), kept on the phone for no signal, with the officer's own sightings still waiting in
// the outbox laid on top, and new ones added live.
import { api } from '../lib/api.js';
import { escapeHtml, label, timeOf } from './config.js';
import { cached, remember } from './db.js';
import { pending } from './outbox.js';
import { ago } from './sightings-order.js';

export const SHOWN = 5;

/** {features, fresh}: the server's newest sightings of the episode, or the phone's copy. */
export async function loadSightings(episodeId) {
  const key = `sightings:${episodeId}`;
  try {
    const fc = await api(`/api/episodes/${episodeId}/sightings?per_page=${SHOWN}`);
    await remember(key, fc.features);
    return { features: fc.features, fresh: true };
  } catch (err) {
    if (err.status !== 0) throw err;
    return { features: await cached(key, []), fresh: false };
  }
}

/** My sightings of the episode not yet sent, as features marked waiting. */
export async function waitingSightings(episodeId) {
  return (await pending()).filter((i) => i.kind === 'sighting' && i.meta.episodeId === episodeId)
    .map((i) => ({ type: 'Feature', id: `waiting-${i.client_id}`, geometry: i.body.location,
      properties: { ...i.body, episode_id: episodeId, waiting: true, photo_url: null, recorded_at: i.created_at,
        has_photo: Boolean(i.meta.hasPhoto) } }));
}

export function sightingsHtml(features, { fresh, now = Date.now() } = {}) {
  if (!features.length) {
    return `<p class="muted">${fresh ? 'No sightings recorded yet.' : 'No sightings kept on this phone.'}</p>`;
  }
  return `<ol class="sightings">${features.map((f) => {
    const p = f.properties;
    return `<li class="sighting${p.waiting ? ' is-waiting' : ''}" data-sighting="${escapeHtml(String(f.id))}">
      <p><strong>${escapeHtml(ago(p.observed_at, now))}</strong> · ${escapeHtml(timeOf(p.observed_at))}
        <span class="tag">${escapeHtml(label(p.source))}</span> <span class="tag">${escapeHtml(label(p.confidence))} confidence</span>
        ${p.waiting ? '<span class="tag tag-waiting">Yours, waiting to send</span>' : ''}</p>
      ${p.description ? `<p>${escapeHtml(p.description)}</p>` : ''}
      ${p.photo_url ? `<a href="${escapeHtml(p.photo_url)}" target="_blank" rel="noopener"><img src="${escapeHtml(p.photo_url)}" alt="Photo taken with this sighting" width="120" loading="lazy"></a>` : ''}
      ${p.waiting && p.has_photo ? '<p class="muted">Photo waiting to send.</p>' : ''}
    </li>`;
  }).join('')}</ol>${fresh ? '' : '<p class="muted">No signal: the sightings as they were when you last had signal.</p>'}`;
}
