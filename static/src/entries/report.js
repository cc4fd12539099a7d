// Report a child missing from a phone. With a profile on file: pick the child, confirm Part 2
// (clothing, where on the map, when, circumstances), grade (it starts at the record's
// suggestion), send: at most 8 inputs (README).
// With no profile: the minimum a call gives makes the child, and the answer says what the
// profile lacks.
import L from 'leaflet';
import { api } from '../lib/api.js';
import { nowField } from '../lib/local-time.js';
import { el } from '../map/util.js';

L.Icon.Default.imagePath = '/static/dist/vendor/images/';

const root = document.getElementById('report-app');
const me = JSON.parse(root.dataset.me);
const $ = (id) => document.getElementById(id);
const state = { child: null, newChild: false, point: null, suggestion: null, gradeChosen: false };
window.__locateReport = state;

// --- the map: starts where the child lives; a tap moves the last-seen pin ------------------
const map = L.map('last-seen-map', { zoomControl: true }).setView([53.8, -1.55], 13);
L.tileLayer(root.dataset.tileUrl, { attribution: root.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
const pin = L.marker([53.8, -1.55], { keyboard: false });
function place(lat, lng, words) {
  state.point = [lng, lat];
  pin.setLatLng([lat, lng]).addTo(map);
  $('map-where').textContent = words || `Pin at ${lat.toFixed(5)}, ${lng.toFixed(5)}.`;
}
map.on('click', (e) => place(e.latlng.lat, e.latlng.lng));
// Where the child said they were at return home interviews: drawn beside the pin, listed in
// words under the map (the same places feed the suggestion below).
const interviewLayer = L.layerGroup().addTo(map);
function showInterviewPlaces(places) {
  interviewLayer.clearLayers();
  const rhi = (places?.features || []).filter((f) => f.properties.source === 'return_home_interview'
    && f.geometry?.type === 'Point');
  $('interview-places').replaceChildren(...rhi.map((f) => el('li', { dataset: { placeId: f.id } },
    `${f.properties.name}${f.properties.address ? `, ${f.properties.address}` : ''}`)));
  $('known-places').hidden = !rhi.length;
  for (const f of rhi) {
    const [lng, lat] = f.geometry.coordinates;
    L.marker([lat, lng], {
      keyboard: false, interactive: false,
      icon: L.divIcon({ className: 'interview-place', iconSize: [16, 16] }),
    }).bindTooltip(f.properties.name, { permanent: false }).addTo(interviewLayer);
  }
}

// --- when: now, in the phone's own time ------------------------------------------------
const lastSeenAt = nowField($('last-seen-at'));

// --- who: search the children the user may see, or the minimum for a child not on file ------
const results = $('child-results');
let searchTimer = null;
let searchSeq = 0;
async function search(q) {
  const seq = ++searchSeq;
  const params = new URLSearchParams({ per_page: '8' });
  if (q) params.set('q', q);
  try {
    const page = await api(`/api/children?${params}`);
    if (seq !== searchSeq) return;
    results.replaceChildren(...page.items.map((c) => el('li', {},
      el('button', { type: 'button', class: 'child-choice', dataset: { childId: c.id }, onclick: () => pick(c.id).catch(pickRefused) },
        el('strong', {}, c.known_as ? `${c.name} (${c.known_as})` : c.name),
        el('span', { class: 'muted' }, ` ${c.age} years · ${c.reference}`),
        c.open_episode_reference ? el('span', { class: 'overdue' }, ` already missing: ${c.open_episode_reference}`) : null))));
    if (!page.items.length) results.replaceChildren(el('li', { class: 'muted' }, 'No child of yours matches.'));
  } catch (err) {
    results.replaceChildren(el('li', { class: 'field-error' }, err.message));
  }
}
$('child-search').addEventListener('input', (e) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => search(e.target.value.trim()), 250);
});

// The card was not opened (no reason given for a child outside one's work, no signal): say so
// above the list, which stays as it was.
function pickRefused(err) {
  results.querySelector('.pick-error')?.remove();
  results.prepend(el('li', { class: 'field-error pick-error', role: 'alert' }, err.message));
}

async function pick(id) {
  const card = await api(`/api/children/${id}`);
  state.child = card;
  state.newChild = false;
  const p = card.profile;
  $('picked').replaceChildren(...[
    card.photo_url ? el('img', { src: card.photo_url, alt: '', width: 56, height: 56 }) : null,
    el('div', {}, el('strong', {}, `${p.known_as || p.first_name} ${p.last_name}`),
      el('span', { class: 'muted' }, ` ${card.age} years · ${card.reference}`),
      p.description ? el('span', { class: 'line muted' }, p.description) : null,
      ...card.episodes.filter((e) => e.status === 'open').map((e) => el('span', { class: 'line overdue' },
        `Already missing: ${e.reference}. Sending this opens another episode.`))),
    el('button', { type: 'button', class: 'link', onclick: unpick }, 'Change'),
  ].filter(Boolean));
  $('picked').hidden = false;
  suggestFor(card.id);
  showInterviewPlaces(card.places);
  $('finder').hidden = true;
  $('new-child').hidden = true;
  const home = p.placement_location;
  if (home?.type === 'Point') {
    const [lng, lat] = home.coordinates;
    map.setView([lat, lng], 16);
    place(lat, lng, `Pin at where ${p.known_as || p.first_name} lives${p.placement_address ? ` (${p.placement_address})` : ''}: tap the map to move it.`);
  } else {
    $('map-hint').textContent = '(no home location on the profile)';
    // Start where the child said they were last time, if the interviews say.
    const known = interviewLayer.getLayers().map((m) => m.getLatLng());
    if (known.length) map.fitBounds(L.latLngBounds(known), { maxZoom: 16, padding: [30, 30] });
  }
}

// --- the grade: starts at what the record suggests (domain/grading.py, the same rule as
// grading); lower than that needs a written reason, which the server also insists on -------
const RANK = ['no_apparent_risk', 'low', 'medium', 'high'];
const LABEL = { high: 'High', medium: 'Medium', low: 'Low', no_apparent_risk: 'No apparent risk' };
const rank = (g) => RANK.indexOf(g);

function showSuggestion(suggestion) {
  state.suggestion = suggestion;
  const section = $('suggestion');
  if (!suggestion) { section.hidden = true; checkBelow(); return; }
  const badge = $('suggested-grade');
  badge.className = `badge grade-${suggestion.grade}`;
  badge.textContent = suggestion.label;
  $('suggestion-reasons').replaceChildren(...(suggestion.reasons.length
    ? suggestion.reasons.map((r) => el('li', { dataset: { source: r.source } },
      el('strong', {}, `${LABEL[r.grade]}: `), r.text))
    : [el('li', { class: 'muted' }, 'Nothing on record raises the risk.')]));
  section.hidden = false;
  if (!state.gradeChosen) $('grade').value = suggestion.grade;
  checkBelow();
}

function checkBelow(forced = false) {
  const chosen = value('grade');
  const opens = me.floor && rank(chosen) < rank(me.floor) ? me.floor : chosen;
  const below = forced || Boolean(state.suggestion && chosen && rank(opens) < rank(state.suggestion.grade));
  $('below').hidden = !below;
  if (below && state.suggestion) {
    $('below-why').textContent = `The record suggests ${state.suggestion.label.toLowerCase()}.`;
  }
}
$('grade').addEventListener('change', () => { state.gradeChosen = true; checkBelow(); });

async function suggestFor(id) {
  try {
    const answer = await api(`/api/children/${id}/report-suggestion`);
    if (state.child?.id === id) showSuggestion(answer.suggestion);
  } catch (err) {
    showSuggestion(null);
    $('form-error').textContent = `No suggestion from the record: ${err.message}`;
    $('form-error').hidden = false;
  }
}

function unpick() {
  state.child = null;
  showSuggestion(null);
  showInterviewPlaces(null);
  $('picked').hidden = true;
  $('finder').hidden = false;
  $('child-search').focus();
}

$('no-profile').addEventListener('click', () => {
  state.newChild = !state.newChild;
  $('new-child').hidden = !state.newChild;
  $('no-profile').setAttribute('aria-expanded', String(state.newChild));
  $('no-profile').textContent = state.newChild ? 'Search children on file instead' : 'The child is not on file';
  results.hidden = state.newChild;
  if (state.newChild) $('nc-first').focus();
});

// --- send ------------------------------------------------------------------------------
const value = (id) => ($(id)?.value || '').trim();
const orNull = (text) => text || null;

function body() {
  const problems = [];
  const out = {
    last_seen_at: lastSeenAt(),
    clothing: orNull(value('clothing')),
    circumstances: orNull(value('circumstances')),
    last_seen_description: orNull(value('last-seen-description')),
    risk: { grade: value('grade'), rationale: value('rationale') },
  };
  if (state.child) out.child_id = state.child.id;
  else if (state.newChild) {
    const child = { first_name: value('nc-first'), last_name: value('nc-last'), sex: value('nc-sex'),
      description: value('nc-description') };
    if (value('nc-dob')) child.date_of_birth = value('nc-dob');
    else if (value('nc-age')) child.age_years = Number(value('nc-age'));
    if (!child.first_name || !child.last_name) problems.push('the child\'s name');
    if (!child.date_of_birth && child.age_years === undefined) problems.push('an age or date of birth');
    if (!child.sex) problems.push('their sex (or "not known")');
    if (!child.description) problems.push('a description');
    out.child = child;
  } else problems.push('who is missing (search, or "not on file")');
  if (!state.point) problems.push('where last seen (tap the map)');
  else out.last_seen = { type: 'Point', coordinates: state.point };
  if (!out.last_seen_at) problems.push('when last seen');
  if (!out.risk.grade) problems.push('a grade');
  if (!out.risk.rationale) problems.push('why this grade');
  if (!$('below').hidden) {
    out.risk.below_suggestion_rationale = orNull(value('below-rationale'));
    if (!out.risk.below_suggestion_rationale) problems.push('why lower than the suggested grade');
  }
  if (value('reported-by')) {
    out.reported_by_name = value('reported-by');
    out.reported_by_relationship = orNull(value('relationship'));
  }
  return { out, problems };
}

const GRADE_WORDS = { high: 'High', medium: 'Medium', low: 'Low', no_apparent_risk: 'No apparent' };

function showReported(feature) {
  state.reported = feature;
  const p = feature.properties;
  $('report-form').hidden = true;
  $('reported-summary').replaceChildren(
    el('span', { class: `badge grade-${p.risk_grade}` }, `${GRADE_WORDS[p.risk_grade]} risk`), ' ',
    el('strong', {}, p.child_name), ` is reported missing: police reference `, el('strong', {}, p.reference),
    '. The duty inspector and the team\'s sergeants have been told.');
  const gaps = p.profile_gaps || [];
  $('gaps').replaceChildren(gaps.length
    ? el('div', { class: 'gaps' }, el('h3', {}, p.new_child ? 'The new profile still lacks' : 'The profile lacks'),
      el('ul', {}, gaps.map((g) => el('li', { dataset: { gap: g.key } }, g.label))),
      el('p', { class: 'muted' }, 'Add these as soon as you can: searching officers use them.'))
    : el('p', {}, 'The profile has everything a search starts from.'));
  $('reported-links').replaceChildren(
    me.on_map ? el('a', { class: 'primary', href: `/map?episode=${feature.id}` }, 'Open on the live map') : null,
    el('a', { class: 'primary', href: '/' }, 'Open episodes'));
  $('reported').hidden = false;
  $('reported').focus();
}

$('report-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const { out, problems } = body();
  const error = $('form-error');
  if (problems.length) {
    error.textContent = `Still needed: ${problems.join(', ')}.`;
    error.hidden = false;
    return;
  }
  error.hidden = true;
  const button = $('submit-report');
  button.disabled = true;
  try {
    showReported(await api('/api/episodes', { method: 'POST', body: out }));
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
    // A child not on file has no suggestion until the server sees the age: ask for the reason.
    if (err.body?.field === 'below_suggestion_rationale') { checkBelow(true); $('below-rationale').focus(); }
  } finally {
    button.disabled = false;
  }
});

if (root.dataset.childId) pick(Number(root.dataset.childId)).catch((err) => {
  $('form-error').textContent = err.message;
  $('form-error').hidden = false;
});
search('');
