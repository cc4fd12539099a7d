// "Assign to": the nearest on-duty officers to a task (distance and age of fix), the whole
// team, or nobody yet. Used by the new-task form and the reassign dialog.
import { api } from '../lib/api.js';
import { ago, distance, el } from './util.js';

let counter = 0;

/** Fill `container` with radio options; resolves when the officers have loaded. */
export async function renderAssignOptions(container, { centre, teamId, allowNone = true, exclude = null }) {
  const name = `assignee-${++counter}`;
  const option = (value, label, detail, checked = false) => {
    const id = `${name}-${value.replace(':', '-')}`;
    return el('div', { class: 'assign-option' },
      el('input', { type: 'radio', name, id, value, checked }),
      el('label', { for: id }, label, detail ? el('span', { class: 'muted small' }, ` ${detail}`) : null));
  };
  const loading = el('p', { class: 'muted small' }, 'Finding the nearest officers on duty…');
  container.replaceChildren(
    ...(allowNone ? [option('none', 'Nobody yet', '(leave unassigned)', true)] : []),
    ...(teamId ? [option(`team:${teamId}`, 'The whole team', '(first free officer takes it)', !allowNone)] : []),
    loading,
  );
  try {
    const params = new URLSearchParams({ lon: centre[1].toFixed(6), lat: centre[0].toFixed(6), limit: '6' });
    const officers = await api(`/api/officers/nearest?${params}`);
    const rows = officers.filter((o) => o.user_id !== exclude);
    loading.replaceWith(...(rows.length ? rows.map((o) => option(`user:${o.user_id}`,
      `${o.display_name}${o.collar_number ? ` (${o.collar_number})` : ''}`,
      `${distance(o.distance_m)} away · fix ${ago(Date.now() - o.fix_age_s * 1000)}`))
      : [el('p', { class: 'muted small' }, 'No officer of the team is on duty with a position.')]));
  } catch (err) {
    loading.textContent = `Nearest officers unavailable: ${err.message}`;
  }
}

/** The chosen option as request fields: {assignee_user_id} / {assignee_team_id} / {}. */
export function chosenAssignee(container) {
  const value = container.querySelector('input[type=radio]:checked')?.value || 'none';
  const [kind, id] = value.split(':');
  if (kind === 'user') return { assignee_user_id: Number(id) };
  if (kind === 'team') return { assignee_team_id: Number(id) };
  return {};
}
