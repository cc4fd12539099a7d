// A refused write, said in words the officer can act on: what they did, what had changed
// on the server meanwhile, and that their change was not applied.
import { config } from './config.js';

function when(iso) {
  return iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : '';
}

async function currentTask(id) {
  try {
    const res = await fetch(`/api/tasks/${id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** 'A', 'A' and 'B', 'A', 'B' and 'C' */
function listed(words) {
  const quoted = words.map((w) => `'${w}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

async function taskRefusal(item, body, later) {
  const { taskId, title } = item.meta;
  const labels = [item, ...later].map((i) => config.labels[i.body.action] || i.body.action);
  const name = `Task ${taskId}${title ? ` (${title})` : ''}`;
  const meanwhile = item.attempts > 0 ? 'while you were offline' : 'before your change reached the server';
  const tail = `${meanwhile}; your ${listed(labels)} ${labels.length > 1 ? 'were' : 'was'} not applied.`;
  const task = await currentTask(taskId);
  const p = task?.properties;
  if (!task) return `${name} was moved out of your team ${tail}`;
  if (p.status === 'cancelled') return `${name} was cancelled ${tail}`;
  if (p.assignee_user_id && p.assignee_user_id !== config.me.id) {
    return `${name} was reassigned to ${p.assignee_name || 'another officer'} ${tail}`;
  }
  if (!p.assignee_user_id && p.status === 'unassigned') return `${name} was taken off you ${tail}`;
  if (p.status === 'completed') return `${name} was already completed ${tail}`;
  return `${name} changed ${tail} It is now ${p.status.replace('_', ' ')}. (${body?.message || 'refused'})`;
}

/** The sentence for a refused item (and the steps queued after it on the same task, which
 * fall with it), or null for one the officer need not hear of. */
export async function describeRefusal(item, status, body, later = []) {
  const why = body?.message || `the server answered ${status}`;
  if (item.kind === 'task_action') return taskRefusal(item, body, later);
  if (item.kind === 'sighting') {
    const note = item.body.description ? ` ("${item.body.description.slice(0, 60)}")` : '';
    const what = `Your sighting from ${when(item.body.observed_at)}${note}`;
    if (item.meta.sightingId) {
      return `${what} was recorded, but its photo was not: ${why} `
        + 'The photo stays on this phone until you dismiss this.';
    }
    return `${what} was not recorded: ${why} `
      + `Its details${item.meta.hasPhoto ? ' and photo' : ''} are kept below until you dismiss this.`;
  }
  if (item.kind === 'duty') return `Going ${item.body.on_duty ? 'on' : 'off'} duty was not recorded: ${why}`;
  return null; // a position fix refused (e.g. sent after going off duty) needs no words
}
