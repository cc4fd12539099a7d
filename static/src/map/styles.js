// Colours shared by the map layers and the legend (kept in step with static/css/map.css).
export const GRADE_COLOURS = {
  high: '#b91c1c', medium: '#c2410c', low: '#a16207', no_apparent_risk: '#166534', ungraded: '#6b21a8',
};
export const STATUS_COLOURS = {
  unassigned: '#4b5563', assigned: '#1d4ed8', accepted: '#7c3aed', en_route: '#0e7490',
  on_scene: '#c2410c', completed: '#15803d', cancelled: '#9ca3af',
};
export const FINISHED = new Set(['completed', 'cancelled']);
export const STALE_FIX_S = 600; // an officer's fix older than this is drawn as stale
export const OFFICER_LABEL_ZOOM = 14; // below this, officers are dots without collar labels
export const NEW_SIGHTING_S = 3600; // a sighting this recent is drawn larger, ringed

/** Opacity of a sighting by age: recent ones stand out, old ones fade. */
export function sightingOpacity(observedAt, now = Date.now()) {
  const h = (now - new Date(observedAt).getTime()) / 3600000;
  if (h < 1) return 1;
  if (h < 6) return 0.75;
  if (h < 24) return 0.5;
  return 0.3;
}
export const SIGHTING_AGES = [['within 1 h', 1], ['1–6 h', 0.75], ['6–24 h', 0.5], ['older', 0.3]];
