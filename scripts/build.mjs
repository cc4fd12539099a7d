// Bundles static/src/entries/*.js (and their npm imports) into static/dist, copies the CSS and
// images the npm packages ship, and builds the service worker from Workbox's modules with a precache list.
// Nothing third-party is committed: static/dist is made here, at setup, from node_modules.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'static/src');
const dist = join(root, 'static/dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const entryDir = join(src, 'entries');
// The coordinator's desk is built on its own (below): its chart and graph libraries are
// large and only a desktop needs them, so they stay out of the officers' precache.
const DESK_ENTRY = 'desk.js';
// Grading against outcome (issue 10) draws with the desk's Chart.js: built beside the desk.
const DESK_ENTRIES = [DESK_ENTRY, 'grading-outcome.js'];
const entries = existsSync(entryDir)
  ? readdirSync(entryDir).filter((f) => f.endsWith('.js') && !DESK_ENTRIES.includes(f)).map((f) => join(entryDir, f))
  : [];

if (entries.length) {
  await build({
    entryPoints: entries,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    sourcemap: true,
    target: ['chrome110', 'firefox115', 'safari16'],
    outdir: join(dist, 'js'),
    chunkNames: 'chunks/[name]-[hash]',
    loader: { '.png': 'file', '.svg': 'file' },
    logLevel: 'warning',
  });
}

if (existsSync(join(entryDir, DESK_ENTRY))) {
  await build({
    entryPoints: DESK_ENTRIES.filter((f) => existsSync(join(entryDir, f))).map((f) => join(entryDir, f)),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: true,
    target: ['chrome110', 'firefox115', 'safari16'],
    outdir: join(dist, 'js/desk'),
    logLevel: 'warning',
  });
}

// Stylesheets and marker images that the npm packages ship.
const vendorCss = [
  ['leaflet/dist/leaflet.css', 'leaflet.css'],
  ['leaflet.markercluster/dist/MarkerCluster.css', 'MarkerCluster.css'],
  ['leaflet.markercluster/dist/MarkerCluster.Default.css', 'MarkerCluster.Default.css'],
  ['@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css', 'leaflet-geoman.css'],
];
mkdirSync(join(dist, 'vendor'), { recursive: true });
for (const [from, to] of vendorCss) {
  cpSync(join(root, 'node_modules', from), join(dist, 'vendor', to));
}
cpSync(join(root, 'node_modules/leaflet/dist/images'), join(dist, 'vendor/images'), { recursive: true });

// The service worker, if the app has one. Workbox's runtime modules come from npm and are
// bundled here; the precache list (URL + content hash) is computed below and handed to the
// worker as self.__WB_MANIFEST, which is what workbox-build's injectManifest would do (we skip
// workbox-build because its rollup dependency cannot be installed reproducibly from the lock).
const swSource = join(src, 'sw.js');
if (existsSync(swSource)) {
  const staticRoot = join(root, 'static');
  const wanted = (p) => !p.startsWith('dist/js/desk/') && !['css/desk.css', 'css/desk-child.css'].includes(p) && /^(dist\/js\/.*\.js|dist\/vendor\/.*\.(css|png|svg)|css\/.*\.css|icons\/.*\.(png|svg)|manifest\.webmanifest)$/.test(p)
    && !p.endsWith('.map');
  const manifest = walk(staticRoot).map((abs) => relative(staticRoot, abs)).filter(wanted).sort()
    .map((p) => ({ url: `/static/${p}`, revision: createHash('md5').update(readFileSync(join(staticRoot, p))).digest('hex') }));
  await build({ entryPoints: [swSource], bundle: true, format: 'iife', minify: true,
    outfile: join(dist, 'sw.js'), logLevel: 'warning',
    define: {
      'self.__WB_MANIFEST': JSON.stringify(manifest),
      // Changes whenever any precached file does, so the offline page is refreshed with them.
      'self.__BUILD_ID': JSON.stringify(createHash('md5').update(JSON.stringify(manifest)).digest('hex')),
    } });
  const size = manifest.reduce((n, e) => n + statSync(join(root, e.url.slice(1))).size, 0);
  console.log(`service worker: ${manifest.length} files, ${(size / 1024).toFixed(0)} KiB precached`);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]);
}
console.log(`built ${entries.length} entries and the desk into static/dist`);
