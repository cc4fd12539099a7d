// The new-task form: opened from a drawn shape, a place ("Check this address") or a
// sighting ("Task from sighting"); creates the task on the episode, optionally assigned.
import { api } from '../lib/api.js';
import { renderAssignOptions, chosenAssignee } from './assign.js';
import { centreOf, labelOf } from './util.js';

const DEFAULT_KIND = { Point: 'address_check', LineString: 'route_search', Polygon: 'area_search' };
const SHAPE = { Point: 'a point', LineString: 'a route', Polygon: 'an area' };

export class TaskForm {
  constructor(store, vocab, { onCreated, onClosed }) {
    this.store = store;
    this.vocab = vocab;
    this.onCreated = onCreated;
    this.onClosed = onClosed;
    this.dialog = document.getElementById('task-dialog');
    this.form = document.getElementById('task-form');
    this.error = document.getElementById('task-error');
    this.assign = document.getElementById('task-assign');
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    this.dialog.querySelector('[data-close]').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => { this.draft = null; this.onClosed?.(); });
  }

  /** draft: {geometry, episodeId, kind?, title?, source_place_id?, source_sighting_id?} */
  open(draft) {
    const episode = this.store.episodes.get(draft.episodeId);
    this.draft = draft;
    this.form.reset();
    this.error.textContent = '';
    this.form.elements.kind.value = draft.kind || DEFAULT_KIND[draft.geometry.type] || 'other';
    this.form.elements.title.value = draft.title || '';
    const source = draft.source_place_id ? ' from a known place' : draft.source_sighting_id ? ' from a sighting' : '';
    document.getElementById('task-where').textContent =
      `For ${episode?.properties.child_name || 'the episode'} (${episode?.properties.reference || ''}): `
      + `${SHAPE[draft.geometry.type] || 'a shape'}${source}.`;
    renderAssignOptions(this.assign, { centre: centreOf(draft.geometry), teamId: episode?.properties.team_id });
    this.dialog.showModal();
    this.form.elements.title.focus();
  }

  async submit() {
    const f = this.form;
    if (!f.elements.title.value.trim()) {
      this.error.textContent = 'Give the task a title an officer will understand at a glance.';
      f.elements.title.focus();
      return;
    }
    const body = {
      kind: f.elements.kind.value, title: f.elements.title.value.trim(), geometry: this.draft.geometry,
      priority: f.elements.priority.value, instructions: f.elements.instructions.value.trim() || null,
      ...chosenAssignee(this.assign),
    };
    if (f.elements.due.value) body.due_at = new Date(f.elements.due.value).toISOString();
    if (this.draft.source_place_id) body.source_place_id = this.draft.source_place_id;
    if (this.draft.source_sighting_id) body.source_sighting_id = this.draft.source_sighting_id;
    const button = f.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const task = await api(`/api/episodes/${this.draft.episodeId}/tasks`, { method: 'POST', body });
      this.dialog.close();
      this.onCreated?.(task, labelOf(this.vocab.kinds, task.properties.kind));
    } catch (err) {
      this.error.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  }
}
