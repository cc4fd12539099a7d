// The page's state: features by id for each layer, kept current by the API loads and the
// live feed. Listeners hear 'change' with {kind, id} and redraw what they show.

const KINDS = ['episodes', 'tasks', 'sightings', 'officers', 'places', 'teams'];

export class Store extends EventTarget {
  constructor() {
    super();
    for (const kind of KINDS) this[kind] = new Map();
    this.selected = null; // the selected episode id
    this.names = new Map(); // user id -> display name, from whatever told us
  }

  /** Replace a whole layer with a freshly loaded FeatureCollection. */
  replace(kind, features) {
    this[kind].clear();
    for (const f of features) this[kind].set(f.id, f);
    this.changed(kind);
  }

  /** Add or update one feature; an older version than the one held is ignored unless
   * `force` (the server's answer after a conflict is the truth, whatever we held). */
  upsert(kind, feature, { force = false } = {}) {
    const held = this[kind].get(feature.id);
    const v = feature.properties?.version;
    if (!force && held && v !== undefined && (held.properties?.version ?? 0) > v) return false;
    if (held && kind === 'tasks' && !('assignee_name' in feature.properties)
        && held.properties.assignee_user_id === feature.properties.assignee_user_id) {
      feature.properties.assignee_name = held.properties.assignee_name;
    }
    this[kind].set(feature.id, feature);
    if (feature.properties?.assignee_name && feature.properties.assignee_user_id) {
      this.names.set(feature.properties.assignee_user_id, feature.properties.assignee_name);
    }
    this.changed(kind, feature.id);
    return true;
  }

  remove(kind, id) {
    if (this[kind].delete(id)) this.changed(kind, id);
  }

  select(episodeId) {
    this.selected = episodeId;
    this.dispatchEvent(new CustomEvent('select', { detail: { id: episodeId } }));
  }

  selectedEpisode() {
    return this.selected ? this.episodes.get(this.selected) : null;
  }

  changed(kind, id = null) {
    this.dispatchEvent(new CustomEvent('change', { detail: { kind, id } }));
  }
}
