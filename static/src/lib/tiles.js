// Which map tiles cover an area, so the phone can keep the tiles around its tasks for when
// there is no signal. Slippy-map tile maths (OpenStreetMap's z/x/y scheme); no DOM here, so
// the same functions run in the page, the service worker and the tests.

const MAX_LAT = 85.05112878;

export function lonToTileX(lon, z) {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}

export function latToTileY(lat, z) {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const rad = (clamped * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
}

/** Tiles {z, x, y} covering bbox [minLon, minLat, maxLon, maxLat] at zoom z. */
export function tilesFor(bbox, z) {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const last = 2 ** z - 1;
  const x0 = Math.max(0, lonToTileX(minLon, z));
  const x1 = Math.min(last, lonToTileX(maxLon, z));
  const y0 = Math.max(0, latToTileY(maxLat, z)); // tile rows count down from the north
  const y1 = Math.min(last, latToTileY(minLat, z));
  const out = [];
  for (let x = x0; x <= x1; x += 1) for (let y = y0; y <= y1; y += 1) out.push({ z, x, y });
  return out;
}

/** The bbox of a GeoJSON geometry, grown by `margin` metres on every side. */
export function bboxOf(geometry, margin = 0) {
  const points = [];
  const walk = (c) => (typeof c[0] === 'number' ? points.push(c) : c.forEach(walk));
  walk(geometry.coordinates);
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const dLat = margin / 111_320;
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const dLon = margin / (111_320 * Math.max(0.01, Math.cos((midLat * Math.PI) / 180)));
  return [Math.min(...lons) - dLon, Math.min(...lats) - dLat,
    Math.max(...lons) + dLon, Math.max(...lats) + dLat];
}

/** Fill a Leaflet-style template ({s}, {z}, {x}, {y}, {r}). */
export function tileUrl(template, { z, x, y }, subdomains = 'abc') {
  const s = subdomains[(x + y) % subdomains.length] || '';
  return template.replace('{s}', s).replace('{z}', z).replace('{x}', x).replace('{y}', y)
    .replace('{r}', '');
}

/**
 * URLs of the tiles around each task, nearest zooms first, at most `limit` in all.
 * Zoom 13 shows the streets around a task; 17 is door-to-door. 600 m around each task.
 */
export function tileUrlsForTasks(features, template, { zooms = [13, 14, 15, 16, 17],
  margin = 600, limit = 800 } = {}) {
  const seen = new Set();
  const urls = [];
  for (const z of zooms) {
    for (const f of features) {
      if (!f?.geometry) continue;
      for (const tile of tilesFor(bboxOf(f.geometry, margin), z)) {
        const url = tileUrl(template, tile);
        if (seen.has(url)) continue;
        seen.add(url);
        urls.push(url);
        if (urls.length >= limit) return urls;
      }
    }
  }
  return urls;
}

/** Ask the service worker to keep the tiles around these tasks (best effort). */
export async function prefetchTilesForTasks(features, template) {
  if (!('serviceWorker' in navigator) || !template) return 0;
  const registration = await navigator.serviceWorker.ready;
  const urls = tileUrlsForTasks(features, template);
  registration.active?.postMessage({ type: 'PREFETCH_TILES', urls });
  return urls.length;
}
