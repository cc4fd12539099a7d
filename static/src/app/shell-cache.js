// Every screen is the same shell page, but the service worker keeps pages by URL, so a screen
// first reached inside the app (or a notification's /app/tasks/<id>) would have no copy to
// open with no signal. With signal, we put the shell under each of those URLs in the
// service worker's page cache ('pages', emptied on sign-out). The shell holds no child's data.
const PAGES = 'pages';

export async function keepShellFor(paths) {
  if (!('caches' in window) || !navigator.serviceWorker?.controller || !navigator.onLine) return 0;
  try {
    const res = await fetch('/app', { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!res.ok || !res.headers.get('content-type')?.startsWith('text/html')) return 0;
    const body = await res.blob();
    const cache = await caches.open(PAGES);
    let kept = 0;
    for (const path of new Set(paths)) {
      const url = new URL(path, location.origin).href;
      await cache.put(url, new Response(body, { status: 200, headers: res.headers }));
      kept += 1;
    }
    return kept;
  } catch {
    return 0; // signal went: the next app open tries again
  }
}
