// Loaded on every page: registers the service worker, and forgets cached pages on sign-out.
import { Workbox } from 'workbox-window';

if ('serviceWorker' in navigator && window.isSecureContext) {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.register().catch(() => { /* no service worker: the app still works online */ });
  // Loaded while the worker was still installing, this page can miss its claim (see sw.js):
  // without a controller it gets no Background Sync wake-up and keeps no tiles or photos.
  navigator.serviceWorker.ready.then((reg) => {
    if (!navigator.serviceWorker.controller) reg.active?.postMessage({ type: 'CLAIM' });
  });
  if (document.body.classList.contains('login-page')) {
    navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'SIGNED_OUT' }));
  }
}
