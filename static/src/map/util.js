// Small DOM and formatting helpers shared by the map's modules.

/** Make an element: el('li', {class: 'x', dataset: {id: 1}, onclick: fn}, child, 'text'). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** "just now", "4 min ago", "3 h ago", "2 d ago" from an ISO time (or ms). */
export function ago(when, now = Date.now()) {
  if (!when) return 'unknown';
  const s = Math.max(0, Math.round((now - new Date(when).getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

const timeFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** A local day-and-time such as "Mon 14:05". */
export function clock(when) {
  return when ? timeFmt.format(new Date(when)) : '';
}

/** Metres as "350 m" or "2.4 km". */
export function distance(m) {
  if (m === null || m === undefined) return '';
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** The label for a value from a [[value, label], ...] vocabulary. */
export function labelOf(pairs, value) {
  const hit = pairs.find(([v]) => v === value);
  return hit ? hit[1] : String(value ?? '').replace(/_/g, ' ');
}

/** A representative [lat, lng] for a GeoJSON geometry: the point, or the centre of its box. */
export function centreOf(geometry) {
  if (!geometry) return null;
  if (geometry.type === 'Point') return [geometry.coordinates[1], geometry.coordinates[0]];
  const flat = [];
  (function walk(c) { if (typeof c[0] === 'number') flat.push(c); else c.forEach(walk); })(geometry.coordinates);
  const lons = flat.map((c) => c[0]);
  const lats = flat.map((c) => c[1]);
  return [(Math.min(...lats) + Math.max(...lats)) / 2, (Math.min(...lons) + Math.max(...lons)) / 2];
}
