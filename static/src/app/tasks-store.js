// My tasks as the screens see them: the server's copy (kept in IndexedDB for no signal) with
// the actions still waiting in the outbox laid over it, so what the officer did offline shows.
import { api } from '../lib/api.js';
import { config, statusAfter } from './config.js';
import { cached, remember } from './db.js';
import { enqueue, newId, pending } from './outbox.js';
import { markSynced } from './sync.js';

let tasks = new Map(); // id -> Feature (server state)
const listeners = new Set();

export function onTasksChanged(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function emit(detail) {
  const list = await currentTasks();
  for (const fn of listeners) fn(list, detail);
}

async function save() {
  await remember('tasks', [...tasks.values()]);
}

/** Apply the waiting actions to a copy of a task: status and version move on as they will. */
function overlay(feature, waiting) {
  const out = structuredClone(feature);
  for (const item of waiting) {
    if (item.kind !== 'task_action' || item.meta.taskId !== feature.id) continue;
    out.properties.status = statusAfter(out.properties.status, item.body.action);
    out.properties.version = item.body.version + 1;
    if (item.body.result) out.properties.result = item.body.result;
    out.properties.status_acted_at = item.body.acted_at;
    out.properties.pending = true;
  }
  return out;
}

export async function currentTasks() {
  const waiting = await pending();
  return [...tasks.values()].map((f) => overlay(f, waiting));
}

export async function currentTask(id) {
  const f = tasks.get(id);
  return f ? overlay(f, await pending()) : null;
}

let loading = null;

/** Load the list: the server's if there is signal, else the copy from last time. */
export function loadTasks() {
  if (!loading) loading = fetchTasks().finally(() => { loading = null; });
  return loading;
}

async function fetchTasks() {
  const copy = await cached('tasks', []);
  if (!tasks.size) tasks = new Map(copy.map((f) => [f.id, f]));
  let fresh = false;
  try {
    const fc = await api('/api/tasks?assignee=me&per_page=200');
    const kept = new Map(copy.map((f) => [f.id, f]));
    tasks = new Map(fc.features.map((f) => [f.id, { ...f, properties: { ...kept.get(f.id)?.properties, ...f.properties } }]));
    await save();
    fresh = true;
    if (!(await pending()).length) await markSynced(); // nothing waits: phone and server agree
  } catch (err) {
    if (err.status !== 0) throw err;
  }
  await emit({ fresh });
  return { tasks: await currentTasks(), fresh };
}

/** Take in a task the server sent (API answer or live event); drop it if no longer mine. */
export async function putTask(feature) {
  const old = tasks.get(feature.id);
  if (old && old.properties.version > feature.properties.version) return;
  if (feature.properties.assignee_user_id !== config.me.id) {
    if (!old) return;
    tasks.delete(feature.id);
  } else {
    tasks.set(feature.id, { ...feature, properties: { ...old?.properties, ...feature.properties } });
  }
  await save();
  await emit({ changed: feature.id, isNew: !old });
}

/** Load one task with its details (instructions, transitions). */
export async function loadTask(id) {
  try {
    const feature = await api(`/api/tasks/${id}`);
    if (feature.properties.assignee_user_id === config.me.id) {
      tasks.set(id, feature);
      await save();
    }
    return overlay(feature, await pending());
  } catch (err) {
    if (err.status !== 0) throw err;
    if (!tasks.size) tasks = new Map((await cached('tasks', [])).map((f) => [f.id, f]));
    return currentTask(id);
  }
}

/** Queue an action on a task (sent now if there is signal); the screens show it at once. */
export async function act(task, action, { result = null, note = null } = {}) {
  const p = task.properties;
  const body = { action, version: p.version, client_id: newId() };
  if (result) body.result = result;
  if (note) body.note = note;
  await enqueue({ kind: 'task_action', url: `/api/tasks/${task.id}/actions`, body, acted: true,
    meta: { taskId: task.id, title: p.title, from: p.status } });
  await emit({ changed: task.id });
}

/** After the server accepted (or refused) an action: its answer, or a fresh copy. */
export async function settled(item, body) {
  if (body?.type === 'Feature') await putTask(body);
  else await emit({ changed: item.meta.taskId });
}
