// The carer's Part 1 editor, phone first: photo from the camera, description, markers,
// phones and social media as rows, associates, and places tapped on a map. Every profile
// save (and every photo) is a new version on the server; a stale one is refused (409) and
// the page says so rather than overwrite another carer's edit.
import '../map/leaflet-global.js';
import { api } from '../lib/api.js';
import { el } from '../map/util.js';
import { formatPhone, formatSocial, parsePhone, parseSocial } from '../carer/contact-items.js';
import { checkboxList, rowList } from '../carer/rows.js';
import { PlacesMap } from '../carer/places-map.js';

const root = document.getElementById('carer-profile');
const config = JSON.parse(root.dataset.config);
const base = `/api/children/${config.child_id}`;
const kindNames = Object.fromEntries(config.place_kinds);
const labelOf = (kind) => kindNames[kind] || kind;
const TEXT_FIELDS = ['description', 'build', 'hair', 'eyes', 'distinguishing_features', 'medical_needs', 'transport_used'];
const form = document.getElementById('profile-form');
const statusNode = document.getElementById('status');
let card = null;
let lists = {};
let pin = null;

function say(message, kind = 'info') {
  statusNode.textContent = message;
  statusNode.dataset.kind = kind;
}

function showCard(next) {
  card = next;
  const p = card.profile;
  const name = `${p.first_name} ${p.last_name}`;
  document.title = `Update ${name} · LOCATE`;
  document.getElementById('child-name').textContent = name;
  document.getElementById('child-facts').textContent = `${card.age} years · ${card.reference} · profile version ${card.version}`;
  root.dataset.version = String(card.version);
  const photo = document.getElementById('photo');
  photo.hidden = !card.photo_url;
  document.getElementById('no-photo').hidden = Boolean(card.photo_url);
  if (card.photo_url) {
    photo.src = `${card.photo_url}?v=${card.version}`;
    photo.alt = `Photo of ${name}`;
  }
  for (const f of TEXT_FIELDS) form.elements[f].value = p[f] ?? '';
  form.elements.height_cm.value = p.height_cm ?? '';
  lists = {
    vulnerabilities: checkboxList(document.getElementById('vulnerabilities'), { name: 'vulnerabilities', vocabulary: config.vulnerabilities, checked: p.vulnerabilities || [] }),
    exploitation_indicators: checkboxList(document.getElementById('exploitation_indicators'), { name: 'exploitation_indicators', vocabulary: config.exploitation_markers, checked: p.exploitation_indicators || [] }),
    phones: rowList(document.getElementById('phones'), { noun: 'Phone', addLabel: 'Add a phone', items: (p.phones || []).map(parsePhone),
      fields: [['number', 'Number', { type: 'tel', maxlength: 30, inputmode: 'tel' }], ['label', 'Whose or which (e.g. mobile)', { maxlength: 30 }]] }),
    social_media: rowList(document.getElementById('social_media'), { noun: 'Account', addLabel: 'Add an account', items: (p.social_media || []).map(parseSocial),
      fields: [['platform', 'Platform', { maxlength: 40 }], ['handle', 'Name or handle', { maxlength: 150 }]] }),
  };
  showAssociates(card.associates || []);
  showPlaces(card.places);
}

/** Only the fields that differ from the version shown: the audit row names what changed. */
function changes() {
  const p = card.profile;
  const now = {};
  for (const f of TEXT_FIELDS) now[f] = form.elements[f].value.trim() || null;
  const height = form.elements.height_cm.value.trim();
  now.height_cm = height ? Number(height) : null;
  now.vulnerabilities = lists.vulnerabilities.read();
  now.exploitation_indicators = lists.exploitation_indicators.read();
  now.phones = lists.phones.read().map(formatPhone).filter(Boolean);
  now.social_media = lists.social_media.read().map(formatSocial).filter(Boolean);
  return Object.fromEntries(Object.entries(now).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(p[k] ?? (Array.isArray(v) ? [] : null))));
}

function refused(err) {
  if (err.status === 409) say('Someone else saved this profile since you opened it. Reload the page to see their version, then make your change again.', 'error');
  else say(err.message, 'error');
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = changes();
  if (!Object.keys(body).length) { say('Nothing changed. Use "Confirm still right" if the profile is right as it is.'); return; }
  say('Saving…');
  try {
    showCard(await api(base, { method: 'PATCH', body: { version: card.version, ...body } }));
    say(`Saved as version ${card.version}.`, 'ok');
  } catch (err) { refused(err); }
});

document.getElementById('photo-input').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const data = new FormData();
  data.append('version', String(card.version));
  data.append('photo', file);
  say('Uploading the photo…');
  try {
    showCard(await api(`${base}/photo`, { method: 'POST', body: data }));
    say(`Photo saved as version ${card.version}.`, 'ok');
  } catch (err) { refused(err); }
  e.target.value = '';
});

const ASSOCIATE_FIELDS = [['name', 'Name', 120], ['relationship', 'Relationship to the child', 60],
  ['phone', 'Phone', 40], ['address', 'Address', 400], ['concern', 'Any concern', 2000]];

/** The associate's own edit form, folded under their line: PATCH sends what changed. */
function associateEditor(a) {
  const inputs = ASSOCIATE_FIELDS.map(([key, text, max]) => {
    const id = `assoc-${a.id}-${key}`;
    return [key, el('label', { for: id }, text), el('input', { id, name: key, value: a[key] ?? '', maxlength: max })];
  });
  const editForm = el('form', { novalidate: true }, ...inputs.flatMap(([, l, i]) => [l, i]),
    el('button', { class: 'primary', type: 'submit' }, `Save ${a.name}`));
  editForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {};
    for (const [key, , input] of inputs) {
      const v = input.value.trim() || null;
      if (v !== (a[key] ?? null)) body[key] = v;
    }
    if (!body.name && 'name' in body) { say('An associate needs a name.', 'error'); return; }
    if (!body.relationship && 'relationship' in body) { say('Say how they know the child.', 'error'); return; }
    if (!Object.keys(body).length) { say('Nothing changed.'); return; }
    try {
      await api(`${base}/associates/${a.id}`, { method: 'PATCH', body });
      showAssociates((await api(`${base}/associates`)).items);
      say(`${body.name || a.name} updated.`, 'ok');
    } catch (err) { refused(err); }
  });
  return el('details', { class: 'associate-edit' }, el('summary', {}, `Edit ${a.name}`), editForm);
}

function showAssociates(items) {
  document.getElementById('associates').replaceChildren(...(items.length ? items.map((a) => el('li', { dataset: { associateId: String(a.id) } },
    el('strong', {}, a.name), ` · ${a.relationship}`, a.phone ? ` · ${a.phone}` : '', a.concern ? el('em', { class: 'block' }, a.concern) : '',
    associateEditor(a)))
    : [el('li', { class: 'muted' }, 'None recorded.')]));
}

document.getElementById('associate-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  const body = { name: f.name.value.trim(), relationship: f.relationship.value.trim() };
  if (!body.name || !body.relationship) { say('An associate needs a name and how they know the child.', 'error'); return; }
  for (const k of ['phone', 'address', 'concern']) if (f[k].value.trim()) body[k] = f[k].value.trim();
  try {
    await api(`${base}/associates`, { method: 'POST', body });
    e.target.reset();
    const list = await api(`${base}/associates`);
    showAssociates(list.items);
    say(`${body.name} added to the associates.`, 'ok');
  } catch (err) { refused(err); }
});

const map = new PlacesMap(document.getElementById('places-map'), config, {
  onPick: (latlng) => {
    pin = latlng;
    document.getElementById('pin-text').textContent = `Pin at ${latlng.lat.toFixed(5)}, ${latlng.lng.toFixed(5)}.`;
    document.getElementById('p-name').focus();
  },
});
document.getElementById('p-kind').replaceChildren(...config.place_kinds.map(([value, name]) => el('option', { value }, name)));

function showPlaces(collection) {
  const features = collection?.features || [];
  map.showPlaces(collection, labelOf);
  document.getElementById('places').replaceChildren(...(features.length ? features.map((f) => el('li', { dataset: { kind: f.properties.kind } },
    el('strong', {}, f.properties.name), ` · ${labelOf(f.properties.kind)}`)) : [el('li', { class: 'muted' }, 'None recorded.')]));
}

document.getElementById('place-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target.elements;
  if (!pin) { say('Tap the map where the place is first.', 'error'); return; }
  if (!f.name.value.trim()) { say('Give the place a name.', 'error'); return; }
  const body = { geometry: { type: 'Point', coordinates: [Number(pin.lng.toFixed(6)), Number(pin.lat.toFixed(6))] },
    kind: f.kind.value, name: f.name.value.trim(), source: 'philomena' };
  if (f.notes.value.trim()) body.notes = f.notes.value.trim();
  try {
    await api(`${base}/places`, { method: 'POST', body });
    showPlaces(await api(`${base}/places`));
    map.clearPin();
    pin = null;
    e.target.reset();
    document.getElementById('pin-text').textContent = 'No pin yet: tap the map.';
    say(`${body.name} added to the places.`, 'ok');
  } catch (err) { refused(err); }
});

document.getElementById('confirm').addEventListener('click', async () => {
  try {
    await api(`${base}/confirm`, { method: 'POST', body: { version: card.version } });
    say('Thank you: the profile is confirmed as still right.', 'ok');
  } catch (err) { refused(err); }
});

api(base).then((body) => {
  showCard(body);
  map.fit(body.profile.placement_location);
  root.dataset.ready = '1';
}).catch((err) => say(err.message, 'error'));
