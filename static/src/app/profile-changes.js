// "Since the last episode": what carers changed in the profile since the child last went
// missing (GET /api/children/<id>/changes-since-last-episode, audited). Online only: with no
// signal the section says so rather than show an old answer as current.
import { api } from '../lib/api.js';
import { escapeHtml } from './config.js';

function value(v) {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'object') return v.type === 'Point' ? 'moved on the map' : JSON.stringify(v);
  return String(v);
}

function item(entry) {
  return typeof entry === 'string' ? entry : Object.values(entry || {}).join(': ');
}

/** The list items for one answer (pure: exported for the page and its tests). */
export function changeLines(body) {
  const lines = body.changes.map((c) => {
    if (c.field === 'photo_url') return `<strong>New photo</strong>`;
    if ('added' in c) {
      const parts = [c.added.length ? `added ${c.added.map(item).join(', ')}` : '', c.removed.length ? `removed ${c.removed.map(item).join(', ')}` : ''];
      return `<strong>${escapeHtml(c.label)}</strong>: ${escapeHtml(parts.filter(Boolean).join('; '))}`;
    }
    return `<strong>${escapeHtml(c.label)}</strong>: ${escapeHtml(value(c.after))} <span class="muted">(was ${escapeHtml(value(c.before))})</span>`;
  });
  for (const p of body.new_places) lines.push(`<strong>New place</strong>: ${escapeHtml(p.name)}`);
  for (const a of body.new_associates) lines.push(`<strong>New associate</strong>: ${escapeHtml(a.name)} · ${escapeHtml(a.relationship)}`);
  return lines;
}

export async function showChanges(node, childId) {
  let body;
  try {
    body = await api(`/api/children/${childId}/changes-since-last-episode`);
  } catch {
    node.innerHTML = '<p class="muted">No signal: what changed since the last episode shows when you are back online.</p>';
    return;
  }
  if (!body.episode) { node.innerHTML = '<p class="muted">No earlier episode.</p>'; return; }
  const lines = changeLines(body);
  const since = new Date(body.episode.reported_at).toLocaleDateString('en-GB');
  node.innerHTML = `<p class="muted">Since ${escapeHtml(body.episode.reference)} (${escapeHtml(since)})</p>${lines.length
    ? `<ul class="plain">${lines.map((l) => `<li>${l}</li>`).join('')}</ul>` : '<p>Nothing changed.</p>'}`;
  node.dataset.ready = '1';
}
