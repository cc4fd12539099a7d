// Loading each layer's state from the API. Some endpoints may not exist yet on a given
// deployment (404): such a layer stays empty and the legend says it is unavailable.
import { api, ApiError } from '../lib/api.js';

const SIGHTING_HOURS = 72; // sightings older than this are not drawn

async function collection(path) {
  try {
    const body = await api(path);
    return { ok: true, features: body?.features || [] };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
      return { ok: false, features: [], missing: true };
    }
    throw err;
  }
}

export function loadEpisodes() {
  return collection('/api/episodes?status=open&per_page=1000');
}

export function loadTasks() {
  return collection('/api/tasks?per_page=1000');
}

export function loadSightings() {
  const since = new Date(Date.now() - SIGHTING_HOURS * 3600 * 1000).toISOString();
  return collection(`/api/sightings?per_page=1000&since=${encodeURIComponent(since)}`);
}

export async function loadOfficers() {
  const result = await collection('/api/users/positions');
  const now = Date.now();
  result.features = result.features.filter((f) => f.geometry).map((f) => {
    const p = f.properties || {};
    const fixAt = p.fix_at || (p.fix_age_s !== undefined ? new Date(now - p.fix_age_s * 1000).toISOString() : null);
    return { ...f, id: f.id ?? p.user_id, properties: { ...p, fix_at: fixAt } };
  });
  return result;
}

export function loadTeams() {
  return collection('/api/teams');
}

export function loadPlaces(childId) {
  if (!childId) return Promise.resolve({ ok: true, features: [] });
  return collection(`/api/children/${childId}/places`);
}

/** user id -> display name for everyone the user may see (names on task cards). */
export async function loadUserNames() {
  try {
    const body = await api('/api/users?per_page=1000');
    return new Map((body?.items || []).map((u) => [u.id, u.display_name]));
  } catch {
    return new Map(); // cards then read each task once for its assignee's name
  }
}

export function loadTask(id) {
  return api(`/api/tasks/${id}`);
}

/** An officer.position / officer.duty payload as the officers layer holds it (null: remove). */
export function officerFeature(payload) {
  if (!payload.on_duty || !payload.position) return null;
  return {
    type: 'Feature', id: payload.user_id, geometry: payload.position,
    properties: { user_id: payload.user_id, display_name: payload.display_name,
      collar_number: payload.collar_number, accuracy_m: payload.accuracy_m,
      fix_at: payload.position_at },
  };
}
