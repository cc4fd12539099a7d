// The app's fixed settings, rendered by the server into the shell's data-config.
const root = document.getElementById('officer-app');

export const config = JSON.parse(root?.dataset.config || '{}');

/** Actions the assignee may take from a status, in the server's order. */
export function nextActions(status) {
  return Object.entries(config.moves || {}).filter(([, from]) => status in from).map(([a]) => a);
}

/** The status after an action (the same table the server checks). */
export function statusAfter(status, action) {
  return config.moves?.[action]?.[status] || status;
}

export const PRIORITY_ORDER = Object.fromEntries((config.priorities || []).map((p, i) => [p, i]));

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A vocabulary value's one display name (from locate/domain/vocab.py, via the shell). */
export function label(value) {
  return config.names?.[value] || String(value ?? '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function timeOf(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return d.toLocaleString('en-GB', today ? { hour: '2-digit', minute: '2-digit' }
    : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

const FINISHED = new Set(['completed', 'cancelled']);

/** True for an open task whose due time has passed (shown in red, as on the board). */
export function isOverdue(p, now = Date.now()) {
  return Boolean(p.due_at) && !FINISHED.has(p.status) && Date.parse(p.due_at) < now;
}

/** "due 06:04", or "overdue since 06:04" once it has passed. */
export function dueText(p) {
  if (!p.due_at) return '';
  return `${isOverdue(p) ? 'overdue since' : 'due'} ${timeOf(p.due_at)}`;
}
