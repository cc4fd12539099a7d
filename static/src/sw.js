// LOCATE's service worker: the app shell from the precache (so the app opens with no signal),
// pages network-first with the last good copy as fallback, and Web Push notifications.
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

const OFFLINE_URL = '/offline';

precacheAndRoute([...self.__WB_MANIFEST, { url: OFFLINE_URL, revision: self.__BUILD_ID }]);
cleanupOutdatedCaches();

// Pages hold personal data: they are cached only as the last copy the officer already saw,
// expire after a shift, and the cache is emptied on sign-out (see shell.js).
registerRoute(new NavigationRoute(new NetworkFirst({
  cacheName: 'pages',
  networkTimeoutSeconds: 4,
  plugins: [new ExpirationPlugin({ maxEntries: 40, maxAgeSeconds: 12 * 3600 })],
}), { denylist: [/^\/api\//, /^\/logout/, /^\/login/] }));

setCatchHandler(async ({ request }) => {
  if (request.destination === 'document') {
    const offline = await caches.match(OFFLINE_URL, { ignoreSearch: true });
    if (offline) return offline;
  }
  return Response.error();
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data?.type === 'SIGNED_OUT') event.waitUntil(caches.delete('pages'));
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
  const target = new URL(event.notification.data?.url || '/', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (client.url === target) return client.focus();
    }
    if (windows[0]) {
      await windows[0].navigate(target);
      return windows[0].focus();
    }
    return self.clients.openWindow(target);
  })());
});
