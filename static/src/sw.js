// LOCATE's service worker: the app shell from the precache (so the app opens with no signal),
// pages network-first with the last good copy as fallback, and Web Push notifications.
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';

const OFFLINE_URL = '/offline';

precacheAndRoute([...self.__WB_MANIFEST, { url: OFFLINE_URL, revision: self.__BUILD_ID }]);
cleanupOutdatedCaches();
// A phone signs in and lands on /app while this worker is still installing: without a claim
// that page stays outside the worker for the whole shift (its tiles and photos are never
// kept, and it cannot be told to sync). Claiming on activation takes it in at once (and a page
// still navigating at that moment asks again: the CLAIM message below). An update
// still waits for SKIP_WAITING, so no page changes worker mid-task without being asked.
clientsClaim();

// Pages hold personal data: they are cached only as the last copy the officer already saw,
// expire after a shift, and the cache is emptied on sign-out (see shell.js).
const PAGES = 'pages';
// Every screen of the phone app is the same shell, routed in the page: with no signal, a
// screen never opened before (a notification's /app/tasks/<id>, a sighting form with its
// ?episode=) opens from the kept copy of /app. The shell holds no child's data.
const appShellFallback = {
  handlerDidError: async ({ request }) => {
    if (!/^\/app\//.test(new URL(request.url).pathname)) return undefined;
    return caches.match(new URL('/app', self.location.origin).href, { cacheName: PAGES });
  },
};
const pageExpiry = new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 12 * 3600 });
registerRoute(new NavigationRoute(new NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 4,
  plugins: [pageExpiry, appShellFallback],
}), { denylist: [/^\/api\//, /^\/logout/, /^\/login/] }));

// The first visit after sign-in can load before this worker controls the page, so that
// navigation never passed through the route above and no copy of /app was kept: the phone
// app asks for its shell once the worker is ready. Only the shell (no child's data), only
// when signed in (a redirect to the sign-in page is not kept).
async function keepAppShell() {
  const url = new URL('/app', self.location.origin).href;
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok || response.redirected) return false;
  await (await caches.open(PAGES)).put(url, response);
  await pageExpiry.cacheDidUpdate({ cacheName: PAGES, request: new Request(url) });
  return true;
}

// Map tiles (any host: the tile URL is a setting) are kept cache-first so the map around the
// officer's tasks still draws with no signal. Capped by count, and dropped first when storage
// runs short. Only whole CORS answers are kept: an opaque one counts as megabytes of quota.
const TILE_PATH = /\/\d{1,2}\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/;
const TILE_CACHE = 'tiles';
const TILE_CAP = 1500; // about 25 MB of OpenStreetMap tiles
const onlyComplete = { cacheWillUpdate: async ({ response }) => (response?.status === 200 ? response : null) };
const tileExpiry = new ExpirationPlugin({ maxEntries: TILE_CAP, maxAgeSeconds: 30 * 24 * 3600,
  purgeOnQuotaError: true });
registerRoute(({ url, request }) => request.destination === 'image' && TILE_PATH.test(url.pathname),
  new CacheFirst({ cacheName: TILE_CACHE, plugins: [onlyComplete, tileExpiry] }));

// The app sends the tile URLs around the officer's tasks; fetch the ones not yet kept.
async function prefetchTiles(urls) {
  const cache = await caches.open(TILE_CACHE);
  let fetched = 0;
  for (const url of urls.slice(0, TILE_CAP)) {
    if (await cache.match(url)) continue;
    try {
      const response = await fetch(url, { mode: 'cors', credentials: 'omit' });
      if (response.status !== 200) continue;
      await cache.put(url, response);
      await tileExpiry.cacheDidUpdate({ cacheName: TILE_CACHE, request: new Request(url) });
      fetched += 1;
    } catch {
      break; // offline again: the next task list tries again
    }
  }
  return fetched;
}

setCatchHandler(async ({ request }) => {
  if (request.destination === 'document') {
    const offline = await caches.match(OFFLINE_URL, { ignoreSearch: true });
    if (offline) return offline;
  }
  return Response.error();
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data?.type === 'SIGNED_OUT') event.waitUntil(caches.delete(PAGES));
  // A page whose navigation was in flight when this worker activated missed the claim above
  // (its document did not exist yet) and asks for one once it sees the worker ready.
  if (event.data?.type === 'CLAIM') event.waitUntil(self.clients.claim());
  if (event.data?.type === 'KEEP_APP_SHELL') {
    const reply = event.ports?.[0];
    event.waitUntil(keepAppShell().catch(() => false).then((kept) => reply?.postMessage({ kept })));
  }
  if (event.data?.type === 'PREFETCH_TILES' && Array.isArray(event.data.urls)) {
    event.waitUntil(prefetchTiles(event.data.urls.filter((u) => typeof u === 'string')));
  }
});

// Web Push: the server sends {title, body, url, tag, event_id}; nothing identifying a child.
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { body: event.data?.text() }; }
  event.waitUntil(self.registration.showNotification(data.title || 'LOCATE', {
    body: data.body || 'Something changed: open LOCATE.',
    tag: data.tag,
    renotify: Boolean(data.tag),
    icon: '/static/icons/icon-192.png',
    badge: '/static/icons/icon-192.png',
    data: { url: data.url || '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || '/app', self.location.origin).href;
  event.waitUntil(openOrFocus(target));
});

// Bring the app to the task: a window already on it, else one of ours sent there, else a new
// one. focus() may be refused without a user gesture; the page still changes.
async function openOrFocus(target) {
  const windows = await self.clients.matchAll({ type: 'window' });
  const already = windows.find((client) => client.url === target);
  const ours = already || windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (!ours) return self.clients.openWindow(target);
  const client = already ? ours : await ours.navigate(target);
  try { await (client || ours).focus(); } catch { /* no gesture: the page has moved anyway */ }
  return client || ours;
}

// Background Sync: the phone app registers 'locate-outbox' whenever it queues a write; when the
// connection returns the browser wakes this worker, which asks any open app window to send its
// outbox (the sending, with its CSRF token and conflict wording, lives in the page's sync.js).
self.addEventListener('sync', (event) => {
  if (event.tag !== 'locate-outbox') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((windows) => {
    for (const client of windows) client.postMessage({ type: 'OUTBOX_SYNC' });
  }));
});
