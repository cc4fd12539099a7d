// The first visit after sign-in must leave a working copy for no signal. When the service
// worker was still installing as /app loaded, that load never went through it and nothing was
// kept; screens then change inside the page, so nothing would repair it during the shift.
// Once the worker is ready, the page checks for its kept shell and, if missing, asks the
// worker to keep it. #officer-app[data-offline="kept"] says the phone is ready for no signal.
const PAGES = 'pages'; // the service worker's cache of pages (static/src/sw.js)

function ask(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(Boolean(e.data?.kept));
    worker.postMessage({ type: 'KEEP_APP_SHELL' }, [channel.port2]);
  });
}

export async function keepOfflineCopy(root) {
  if (!('serviceWorker' in navigator) || !window.caches) return;
  const registration = await navigator.serviceWorker.ready;
  const url = new URL('/app', location.origin).href;
  const cache = await caches.open(PAGES);
  let kept = Boolean(await cache.match(url));
  if (!kept && registration.active && navigator.onLine) kept = await ask(registration.active);
  root.dataset.offline = kept ? 'kept' : 'missing';
}
