// The legend: one checkbox per layer (shows or hides it) with the key to its colours.
import L from './leaflet.js';
import { el } from './util.js';
import { GRADE_COLOURS, SIGHTING_AGES, STATUS_COLOURS } from './styles.js';

const LAYERS = [
  ['episodes', 'Open episodes (last seen)'],
  ['sightings', 'Sightings'],
  ['places', "Selected child's places"],
  ['tasks', 'Tasks'],
  ['officers', 'Officers on duty'],
  ['teams', 'Team patrol areas'],
];

function swatch(colour, extra = '') {
  const node = el('span', { class: `swatch ${extra}`, 'aria-hidden': 'true' });
  if (colour) node.style.background = colour; // set through the CSSOM: allowed by the CSP
  return node;
}

function keyFor(name, vocab) {
  switch (name) {
    case 'episodes':
      return [...vocab.grades, ['ungraded', 'Not graded']].map(([g, label]) => el('li', {}, swatch(GRADE_COLOURS[g], 'round'), label));
    case 'sightings':
      return SIGHTING_AGES.map(([label, opacity]) => {
        const s = swatch('#0b3d91', 'round');
        s.style.opacity = opacity;
        return el('li', {}, s, label);
      });
    case 'places':
      return [el('li', {}, swatch(null, 'place'), 'Known to go there (choose an episode)')];
    case 'tasks':
      return vocab.statuses.map(([s, label]) => el('li', {}, swatch(STATUS_COLOURS[s]), label));
    case 'officers':
      return [el('li', {}, swatch('#0b3d91', 'round'), 'Fix in the last 10 min'),
        el('li', {}, swatch('#9ca3af', 'round'), 'Older fix')];
    case 'teams':
      return [el('li', {}, swatch(null, 'area'), 'Patrol area')];
    default:
      return [];
  }
}

export class Legend {
  constructor(map, layers, vocab) {
    this.map = map;
    this.layers = layers;
    this.notes = new Map();
    const control = L.control({ position: 'topright' });
    control.onAdd = () => this.build(vocab);
    control.addTo(map);
  }

  build(vocab) {
    const list = el('ul', { class: 'legend-layers' });
    for (const [name, label] of LAYERS) {
      const id = `layer-${name}`;
      const note = el('span', { class: 'legend-note muted', 'data-note': name });
      this.notes.set(name, note);
      const box = el('input', { type: 'checkbox', id, checked: true, 'data-layer': name,
        onchange: (e) => this.toggle(name, e.target.checked) });
      list.append(el('li', {},
        el('div', { class: 'legend-row' }, box, el('label', { for: id }, label)), note,
        el('ul', { class: 'legend-key' }, keyFor(name, vocab))));
    }
    const details = el('details', { class: 'legend', open: window.innerWidth > 1100 },
      el('summary', {}, 'Layers and key'), list);
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    return details;
  }

  toggle(name, on) {
    const group = this.layers.groups[name];
    if (on) group.addTo(this.map); else group.remove();
  }

  /** A short note under a layer's name, e.g. "not available yet" or a count. */
  note(name, text) {
    const node = this.notes.get(name);
    if (node) node.textContent = text || '';
  }
}
