// Run by tests/unit/test_js_units.py with `node --test`: the tile maths the phone uses to keep
// map tiles for offline use.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bboxOf, latToTileY, lonToTileX, tilesFor, tileUrl, tileUrlsForTasks } from '../../static/src/lib/tiles.js';

test('known tiles: Leeds city centre at zoom 15', () => {
  // Expected values from the other form of the formula, y = (1 - asinh(tan(lat)) / pi) / 2 * 2^z,
  // worked in Python: x 16242.997, y 10552.794.
  assert.equal(lonToTileX(-1.5491, 15), 16242);
  assert.equal(latToTileY(53.7955, 15), 10552);
  assert.equal(lonToTileX(-180, 0), 0);
  assert.equal(latToTileY(0, 1), 1);
});

test('a bbox covers a rectangle of tiles, north row first', () => {
  const tiles = tilesFor([-1.56, 53.79, -1.54, 53.80], 15);
  const xs = new Set(tiles.map((t) => t.x));
  const ys = new Set(tiles.map((t) => t.y));
  assert.equal(tiles.length, xs.size * ys.size);
  assert.ok(tiles[0].y <= tiles[tiles.length - 1].y);
  assert.ok(xs.has(16242));
});

test('poles and the antimeridian stay inside the grid', () => {
  const tiles = tilesFor([-180, -90, 180, 90], 2);
  assert.equal(tiles.length, 16);
});

test('bbox of a point grows by the margin in metres', () => {
  const [w, s, e, n] = bboxOf({ type: 'Point', coordinates: [-1.55, 53.8] }, 1000);
  assert.ok(Math.abs((n - s) * 111_320 - 2000) < 1);
  assert.ok(e - w > n - s); // a degree of longitude is shorter this far north
});

test('urls for tasks are unique, capped, and fill the template', () => {
  const tasks = [{ geometry: { type: 'Point', coordinates: [-1.55, 53.8] } },
    { geometry: { type: 'Point', coordinates: [-1.5501, 53.8001] } }, { geometry: null }];
  const urls = tileUrlsForTasks(tasks, 'https://{s}.tile.example/{z}/{x}/{y}.png');
  assert.equal(new Set(urls).size, urls.length);
  assert.ok(urls.every((u) => /^https:\/\/[abc]\.tile\.example\/1[3-7]\/\d+\/\d+\.png$/.test(u)));
  assert.equal(tileUrlsForTasks(tasks, 'x/{z}/{x}/{y}', { limit: 5 }).length, 5);
  assert.equal(tileUrl('t/{z}/{x}/{y}{r}.png', { z: 1, x: 0, y: 1 }), 't/1/0/1.png');
});
