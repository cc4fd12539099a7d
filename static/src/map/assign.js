// "Assign to": the nearest on-duty officers to a task (distance and age of fix), the whole
// team, or nobody yet. Used by the new-task form and the reassign dialog.
import { api } from '../lib/api.js';
import { ago, distance, el } from './util.js';

let counter = 0;

/** Fill `container` with radio options: nobody, the team, the nearest on duty (distance, age
 * of fix), then anyone else of the team; resolves when the officers have loaded. */
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
  const params = new URLSearchParams({ lon: centre[1].toFixed(6), lat: centre[0].toFixed(6), limit: '6' });
  const [nearest, team] = await Promise.allSettled([
    api(`/api/officers/nearest?${params}`),
    teamId ? api(`/api/users?team_id=${teamId}&per_page=500`) : Promise.resolve({ items: [] }),
  ]);
  let listed = new Set();
  if (nearest.status === 'fulfilled') {
    const rows = nearest.value.filter((o) => o.user_id !== exclude);
    listed = new Set(rows.map((o) => o.user_id));
    loading.replaceWith(...(rows.length ? rows.map((o) => option(`user:${o.user_id}`,
      `${o.display_name}${o.collar_number ? ` (${o.collar_number})` : ''}`,
      `${distance(o.distance_m)} away · fix ${ago(Date.now() - o.fix_age_s * 1000)}`))
      : [el('p', { class: 'muted small' }, 'No officer of the team is on duty with a position.')]));
  } else {
    loading.textContent = `Nearest officers unavailable: ${nearest.reason.message}`;
  }
  // Anyone else of the team who can take a task, on duty or not, as a last choice.
  const others = team.status === 'fulfilled' ? (team.value.items || []).filter((u) => u.active
    && ['constable', 'sergeant'].includes(u.role) && !listed.has(u.id) && u.id !== exclude) : [];
  if (others.length) {
    const selectId = `${name}-other-select`;
    const radio = option('other', 'Another officer of the team', null);
    const select = el('select', { id: selectId, 'aria-label': 'Another officer of the team',
      onchange: () => { radio.querySelector('input').checked = true; } },
    others.map((u) => el('option', { value: String(u.id) },
      `${u.display_name}${u.collar_number ? ` (${u.collar_number})` : ''}${u.on_duty ? '' : ' · off duty'}`)));
    container.append(radio, el('div', { class: 'assign-other' }, select));
  }
}

/** The chosen option as request fields: {assignee_user_id} / {assignee_team_id} / {}. */
export function chosenAssignee(container) {
  const value = container.querySelector('input[type=radio]:checked')?.value || 'none';
  if (value === 'other') return { assignee_user_id: Number(container.querySelector('select').value) };
  const [kind, id] = value.split(':');
  if (kind === 'user') return { assignee_user_id: Number(id) };
  if (kind === 'team') return { assignee_team_id: Number(id) };
  return {};
}
