// Bundles static/src/entries/*.js (and their npm imports) into static/dist, copies the CSS and
// images the npm packages ship, and builds the service worker with Workbox's injectManifest.
// Nothing third-party is committed: static/dist is made here, at setup, from node_modules.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'static/src');
const dist = join(root, 'static/dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const entryDir = join(src, 'entries');
const entries = existsSync(entryDir)
  ? readdirSync(entryDir).filter((f) => f.endsWith('.js')).map((f) => join(entryDir, f))
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

// The service worker, if the app has one: precache list injected by Workbox.
const swSource = join(src, 'sw.js');
if (existsSync(swSource)) {
  const { injectManifest } = await import('workbox-build');
  const swBundle = join(dist, 'sw.src.js');
  await build({ entryPoints: [swSource], bundle: true, format: 'iife', minify: true,
    outfile: swBundle, logLevel: 'warning' });
  const { count, size, warnings } = await injectManifest({
    swSrc: swBundle,
    swDest: join(dist, 'sw.js'),
    globDirectory: join(root, 'static'),
    globPatterns: ['dist/js/**/*.js', 'dist/vendor/**/*.{css,png,svg}', 'css/**/*.css',
      'icons/**/*.{png,svg}', 'manifest.webmanifest'],
    globIgnores: ['dist/sw*.js', '**/*.map'],
    modifyURLPrefix: { '': '/static/' },
    maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
  });
  for (const w of warnings) console.warn(w);
  console.log(`service worker: ${count} files, ${(size / 1024).toFixed(0)} KiB precached`);
}
console.log(`built ${entries.length} entries into static/dist`);
