// The selected episode's tasks as a board, one column a status, with reassign and cancel.
import { api, ApiError } from '../lib/api.js';
import { renderAssignOptions, chosenAssignee } from './assign.js';
import { loadTask } from './loaders.js';
import { FINISHED } from './styles.js';
import { LATE_S, lateness, whenDone } from './action-times.js';
import { centreOf, clock, el, labelOf } from './util.js';

export class TaskBoard {
  constructor(store, vocab, { toast, showOnMap, may = {} }) {
    this.may = may; // what this role may do (permission table): no button for the rest
    this.store = store;
    this.vocab = vocab;
    this.toast = toast;
    this.showOnMap = showOnMap;
    this.heading = document.getElementById('board-episode');
    this.lists = new Map([...document.querySelectorAll('[data-list]')].map((n) => [n.dataset.list, n]));
    this.counts = new Map([...document.querySelectorAll('[data-count]')].map((n) => [n.dataset.count, n]));
    this.confirming = null; // the task id whose cancel is awaiting confirmation
    this.fetching = new Set();
    this.dialog = document.getElementById('assign-dialog');
    this.assignForm = document.getElementById('assign-form');
    this.assignForm.addEventListener('submit', (e) => { e.preventDefault(); this.submitAssign(); });
    this.dialog.querySelector('[data-close]').addEventListener('click', () => this.dialog.close());
    store.addEventListener('change', (e) => { if (['tasks', 'episodes'].includes(e.detail.kind)) this.render(); });
    store.addEventListener('select', () => { this.confirming = null; this.render(); });
  }

  tasksOfSelected() {
    return [...this.store.tasks.values()].filter((t) => t.properties.episode_id === this.store.selected);
  }

  render() {
    const episode = this.store.selectedEpisode();
    this.heading.textContent = episode
      ? `${episode.properties.child_name} · ${episode.properties.reference}`
      : 'Choose an episode to see its tasks.';
    const focusKey = document.activeElement?.closest?.('[data-task-id]')
      ? [document.activeElement.closest('[data-task-id]').dataset.taskId, document.activeElement.dataset.act] : null;
    const byStatus = new Map([...this.lists.keys()].map((s) => [s, []]));
    for (const t of this.tasksOfSelected()) byStatus.get(t.properties.status)?.push(t);
    for (const [status, tasks] of byStatus) {
      tasks.sort((a, b) => Date.parse(b.properties.updated_at) - Date.parse(a.properties.updated_at));
      this.lists.get(status).replaceChildren(...tasks.map((t) => this.card(t)));
      this.counts.get(status).textContent = String(tasks.length);
      for (const t of tasks) this.fillName(t);
    }
    if (focusKey) {
      const card = document.querySelector(`#task-board [data-task-id="${focusKey[0]}"]`);
      (card?.querySelector(`[data-act="${focusKey[1]}"]`) || card?.querySelector('button'))?.focus();
    }
  }

  card(t) {
    const p = t.properties;
    const who = p.assignee_name || (p.assignee_user_id && this.store.names.get(p.assignee_user_id))
      || p.assignee_team_name || (p.assignee_team_id ? 'The whole team' : null);
    const actions = [];
    if (!FINISHED.has(p.status) && this.may['task.assign']) {
      actions.push(el('button', { type: 'button', class: 'secondary small', 'data-act': 'assign',
        'aria-label': `${p.status === 'unassigned' ? 'Assign' : 'Reassign'} ${p.title}`,
        onclick: () => this.openAssign(t.id) }, p.status === 'unassigned' ? 'Assign' : 'Reassign'));
    }
    if (!FINISHED.has(p.status) && this.may['task.cancel']) {
      actions.push(this.confirming === t.id
        ? el('button', { type: 'button', class: 'danger small', 'data-act': 'confirm-cancel',
          onclick: () => this.act(t.id, { action: 'cancel' }) }, 'Confirm cancel')
        : el('button', { type: 'button', class: 'secondary small', 'data-act': 'cancel',
          'aria-label': `Cancel ${p.title}`,
          onclick: () => { this.confirming = t.id; this.render(); } }, 'Cancel'));
    }
    const overdue = p.due_at && Date.parse(p.due_at) < Date.now() && !FINISHED.has(p.status);
    const status = labelOf(this.vocab.statuses, p.status);
    const late = lateness(p.status_acted_at, p.status_received_at) > LATE_S;
    return el('li', { class: `task-card status-${p.status} priority-${p.priority}`,
      dataset: { taskId: t.id, status: p.status, version: p.version } },
    // At most two lines, cut with an ellipsis (map.css); the whole title on hover and focus.
    el('button', { type: 'button', class: 'task-title', 'data-act': 'show', title: `${p.title} (show on the map)`,
      onclick: () => this.showOnMap(t.id) }, p.title),
    el('span', { class: 'muted small' }, `${labelOf(this.vocab.kinds, p.kind)} · ${labelOf(this.vocab.priorities, p.priority)}`),
    el('span', { class: 'small' }, who || 'Nobody assigned'),
    p.status_acted_at ? el('span', { class: late ? 'small late' : 'small muted', 'data-part': 'done-at' },
      whenDone(status, p.status_acted_at, p.status_received_at)) : null,
    p.due_at ? el('span', { class: overdue ? 'overdue small' : 'small' }, `Due ${clock(p.due_at)}`) : null,
    p.result ? el('span', { class: 'small' }, `Result: ${p.result}`) : null,
    this.history(t),
    actions.length ? el('div', { class: 'task-actions' }, actions) : null);
  }

  /** The task's timeline, read when opened: each step with when it was done and, when it
   * came late from a phone, when it was received. */
  history(t) {
    const box = el('ol', { class: 'task-history small' });
    const details = el('details', { class: 'task-history-wrap' }, el('summary', { class: 'small' }, 'History'), box);
    details.addEventListener('toggle', async () => {
      if (!details.open || box.childElementCount) return;
      try {
        const full = await loadTask(t.id);
        box.replaceChildren(...(full.properties.transitions || []).map((s) => el('li', {},
          whenDone(labelOf(this.vocab.statuses, s.to_status), s.acted_at, s.received_at),
          s.by_user_id ? ` · ${this.store.names.get(s.by_user_id) || 'user ' + s.by_user_id}` : '')));
      } catch (err) {
        box.replaceChildren(el('li', {}, `Could not load the history: ${err.message}`));
      }
    });
    return details;
  }

  /** List rows lack the assignee's name: read the task once to learn it. */
  async fillName(t) {
    const p = t.properties;
    if (!p.assignee_user_id || p.assignee_name || this.store.names.has(p.assignee_user_id)) return;
    if (this.fetching.has(t.id)) return;
    this.fetching.add(t.id);
    try {
      this.store.upsert('tasks', await loadTask(t.id));
    } catch { /* the card still shows the task */ } finally {
      this.fetching.delete(t.id);
    }
  }

  focus(id) {
    const card = document.querySelector(`#task-board [data-task-id="${id}"]`);
    if (card) { card.scrollIntoView({ block: 'nearest', inline: 'nearest' }); card.querySelector('button')?.focus(); }
  }

  openAssign(id) {
    const t = this.store.tasks.get(id);
    if (!t) return;
    this.assigning = id;
    document.getElementById('assign-dialog-title').textContent = t.properties.status === 'unassigned' ? 'Assign task' : 'Reassign task';
    document.getElementById('assign-task').textContent = t.properties.title;
    document.getElementById('assign-error').textContent = '';
    renderAssignOptions(document.getElementById('assign-options'), {
      centre: centreOf(t.geometry), teamId: t.properties.team_id, allowNone: false,
    });
    this.dialog.showModal();
  }

  async submitAssign() {
    const t = this.store.tasks.get(this.assigning);
    const who = chosenAssignee(document.getElementById('assign-options'));
    if (!who.assignee_user_id && !who.assignee_team_id) {
      document.getElementById('assign-error').textContent = 'Choose an officer or the whole team.';
      return;
    }
    const action = t.properties.status === 'unassigned' ? 'assign' : 'reassign';
    if (await this.act(t.id, { action, ...who })) this.dialog.close();
  }

  /** POST an action with the version we hold; a 409 says why and reloads that task. */
  async act(id, body) {
    const t = this.store.tasks.get(id);
    this.confirming = null;
    try {
      const task = await api(`/api/tasks/${id}/actions`, { method: 'POST', body: { ...body, version: t.properties.version } });
      this.store.upsert('tasks', task);
      return true;
    } catch (err) {
      this.toast(err.message, 'error');
      if (err instanceof ApiError && err.status === 409) {
        try { this.store.upsert('tasks', await loadTask(id), { force: true }); } catch { /* keep what we have */ }
      }
      this.render();
      if (this.dialog.open) document.getElementById('assign-error').textContent = err.message;
      return false;
    }
  }
}
