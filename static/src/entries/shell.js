// Loaded on every page: registers the service worker, and forgets cached pages on sign-out.
import { Workbox } from 'workbox-window';

if ('serviceWorker' in navigator && window.isSecureContext) {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.register().catch(() => { /* no service worker: the app still works online */ });
  if (document.body.classList.contains('login-page')) {
    navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'SIGNED_OUT' }));
  }
}
