// My tasks: open ones by priority then due time, finished ones below; live; new ones marked
// until the officer opens or accepts them; overdue ones in red. Each names the child. Each item: <li data-task-id data-status>, with Accept right there.
import { PRIORITY_ORDER, config, dueText, escapeHtml, isOverdue, label, nextActions } from './config.js';
import { cached, remember } from './db.js';
import { keptChild } from './child-store.js';
import { act, currentTasks, loadTasks, onTasksChanged } from './tasks-store.js';

const FINISHED = new Set(['completed', 'cancelled']);

function byPriorityThenDue(a, b) {
  const pa = PRIORITY_ORDER[a.properties.priority] ?? 9;
  const pb = PRIORITY_ORDER[b.properties.priority] ?? 9;
  if (pa !== pb) return pa - pb;
  const da = a.properties.due_at ? Date.parse(a.properties.due_at) : Infinity;
  const db = b.properties.due_at ? Date.parse(b.properties.due_at) : Infinity;
  return da - db || a.id - b.id;
}

function item(task, isNew) {
  const p = task.properties;
  const overdue = isOverdue(p);
  const accept = nextActions(p.status).includes('accept')
    ? `<button type="button" class="btn btn-go" data-action="accept" data-task="${task.id}">Accept</button>` : '';
  return `<li class="task-item priority-${escapeHtml(p.priority)}${isNew ? ' is-new' : ''}${overdue ? ' is-overdue' : ''}" data-task-id="${task.id}" data-status="${escapeHtml(p.status)}">
    <a href="/app/tasks/${task.id}" data-link class="task-link">
      <span class="task-top">
        ${isNew ? '<span class="tag tag-new">New</span>' : ''}
        <span class="tag tag-priority">${escapeHtml(label(p.priority))}</span>
        <span class="tag tag-status">${escapeHtml(label(p.status))}${p.pending ? ' · waiting to send' : ''}</span>
      </span>
      <span class="task-title">${escapeHtml(p.title)}</span>
      ${p.child_name ? `<span class="task-child"><span class="task-child-photo" data-child-photo="${p.child_id}" aria-hidden="true"></span><span>Looking for <strong>${escapeHtml(p.child_name)}</strong></span></span>` : ''}
      <span class="task-meta">${escapeHtml(config.kinds[p.kind] || p.kind)}${p.due_at ? ` · <span class="${overdue ? 'overdue' : ''}">${escapeHtml(dueText(p))}</span>` : ''}</span>
    </a>
    ${accept}
  </li>`;
}

export async function render(screen) {
  document.title = 'My tasks · LOCATE';
  screen.innerHTML = `<h1>My tasks</h1>
    <p class="muted" data-part="source" role="status"></p>
    <ul class="task-list" data-part="open" aria-label="Open tasks"></ul>
    <h2 class="finished-head" data-part="finished-head" hidden>Finished</h2>
    <ul class="task-list finished" data-part="finished" aria-label="Finished tasks"></ul>`;
  const seen = new Set(await cached('seen_tasks', []));

  function draw(list) {
    if (!screen.querySelector('[data-part="open"]')) return; // the officer has moved on
    const open = list.filter((t) => !FINISHED.has(t.properties.status)).sort(byPriorityThenDue);
    const done = list.filter((t) => FINISHED.has(t.properties.status)).sort((a, b) => b.id - a.id);
    screen.querySelector('[data-part="open"]').innerHTML = open.length
      ? open.map((t) => item(t, !seen.has(t.id) && t.properties.status === 'assigned')).join('')
      : '<li class="empty">No open tasks. New ones appear here as soon as they are given to you.</li>';
    screen.querySelector('[data-part="finished"]').innerHTML = done.map((t) => item(t, false)).join('');
    screen.querySelector('[data-part="finished-head"]').hidden = done.length === 0;
    showPhotos();
  }

  // The child's photo beside each task, from the copy kept on the phone (never fetched here:
  // the card is fetched, and audited, when the officer opens the task).
  const photos = new Map(); // child id -> object URL or null
  async function showPhotos() {
    for (const slot of screen.querySelectorAll('[data-child-photo]')) {
      const id = Number(slot.dataset.childPhoto);
      if (!photos.has(id)) photos.set(id, (await keptChild(id))?.photo || null);
      const url = photos.get(id);
      if (url && !slot.firstChild) slot.append(Object.assign(new Image(48, 60), { src: url, alt: '' }));
    }
  }

  screen.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-action]');
    if (!button) return;
    const task = (await currentTasks()).find((t) => t.id === Number(button.dataset.task));
    if (task) {
      button.disabled = true;
      await act(task, button.dataset.action);
    }
  });

  const source = screen.querySelector('[data-part="source"]');
  const tell = (fresh) => {
    if (source) source.textContent = fresh ? '' : 'No signal: showing your tasks as they were when you last had signal.';
  };
  // Redrawn on every change; the notice follows each load, so it goes when the signal returns.
  const off = onTasksChanged((list, detail) => {
    draw(list);
    if (detail && 'fresh' in detail) tell(detail.fresh);
  });
  draw(await currentTasks());
  const { fresh } = await loadTasks().catch(() => ({ fresh: false }));
  tell(fresh);
  screen.dataset.ready = '1';
  return () => { off(); for (const url of photos.values()) if (url) URL.revokeObjectURL(url); };
}

/** Mark a task as seen (opened), so it stops being highlighted. */
export async function markSeen(id) {
  const seen = new Set(await cached('seen_tasks', []));
  seen.add(id);
  await remember('seen_tasks', [...seen]);
}
