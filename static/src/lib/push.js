// Notifications for the officer's phone: asked for only when they press the button (never on
// page load, which browsers and officers both punish), then kept in step with the server.
import { api } from './api.js';

function keyBytes(base64url) {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

/** 'unsupported' | 'blocked' | 'off' | 'on' */
export async function pushState() {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'unsupported';
  }
  if (Notification.permission === 'denied') return 'blocked';
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  return subscription && Notification.permission === 'granted' ? 'on' : 'off';
}

/** Ask, subscribe and tell the server. Resolves with the new state; throws a readable Error. */
export async function enablePush() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'blocked' : 'off';
  const registration = await navigator.serviceWorker.ready;
  const { public_key: key } = await api('/api/push/key');
  let subscription = await registration.pushManager.getSubscription();
  if (!subscription) {
    try {
      subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(key) });
    } catch (error) {
      throw new Error(`This browser could not register for notifications (${error.message}).`);
    }
  }
  await api('/api/push/subscriptions', { method: 'POST', body: subscription.toJSON() });
  return 'on';
}

export async function disablePush() {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (subscription) {
    await api('/api/push/subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
    await subscription.unsubscribe();
  }
  return 'off';
}

const LABELS = {
  unsupported: 'This browser cannot show notifications.',
  blocked: 'Notifications are blocked: allow them in the browser settings for this site.',
  off: 'Turn on notifications',
  on: 'Notifications on: turn off',
};

/** Wire a <button> to the flow; a status element (aria-live) says what happened. */
export async function mountPushButton(button, status) {
  const show = (state, message) => {
    button.dataset.state = state;
    button.textContent = state === 'on' ? LABELS.on : LABELS.off;
    button.disabled = state === 'unsupported' || state === 'blocked';
    if (status) status.textContent = message ?? (button.disabled ? LABELS[state] : '');
  };
  show(await pushState());
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const next = button.dataset.state === 'on' ? await disablePush() : await enablePush();
      show(next, next === 'on' ? 'You will be told of new tasks and sightings near you.' : undefined);
    } catch (error) {
      show(await pushState(), error.message);
    }
  });
}
