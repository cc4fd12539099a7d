// The desk's filter: read from the form, kept in the address bar so a view can be shared or
// reloaded, and turned into the API's query (dates become UTC day boundaries).

const FIELDS = ['since', 'until', 'team_id', 'age_band', 'cell_m', 'min_links'];

/** Fill the form from ?since=...&until=... in the address, if present. */
export function restore(form, search = window.location.search) {
  const params = new URLSearchParams(search);
  for (const name of FIELDS) {
    const value = params.get(name);
    const field = form.elements[name] || document.querySelector(`[name="${name}"][form="${form.id}"]`);
    if (value !== null && field) field.value = value;
  }
  return params.get('view');
}

/** The form's values, as typed (dates as YYYY-MM-DD). */
export function formValues(form) {
  const out = {};
  for (const name of FIELDS) {
    const field = form.elements[name] || document.querySelector(`[name="${name}"][form="${form.id}"]`);
    if (field && field.value !== '') out[name] = field.value;
  }
  return out;
}

function nextDay(isoDate) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The API filter for one view: 'until' includes the whole last day. */
export function apiFilter(values, view) {
  const out = {};
  if (values.since) out.since = `${values.since}T00:00:00Z`;
  if (values.until) out.until = `${nextDay(values.until)}T00:00:00Z`;
  if (values.team_id) out.team_id = Number(values.team_id);
  if (values.age_band) out.age_band = values.age_band;
  if (view === 'hotspots' && values.cell_m) out.cell_m = Number(values.cell_m);
  if (view === 'network' && values.min_links) out.min_links = Number(values.min_links);
  return out;
}

export function toQuery(filter) {
  return new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)])).toString();
}

/** Keep the address in step with the view and the form, without a new history entry. */
export function remember(values, view) {
  const params = new URLSearchParams({ ...values, view });
  window.history.replaceState(null, '', `${window.location.pathname}?${params}`);
}
