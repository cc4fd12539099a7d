// On duty: a toggle. While on duty the phone reports where it is, sparing the battery (the
// low-power fix, sent by the rule in position-rule.js: a minute and 50 m, whichever later,
// or five minutes standing still). Fixes go through the outbox like everything else. Off
// duty, the watch is cleared and reporting stops.
import { config, escapeHtml, timeOf } from './config.js';
import { cached, remember } from './db.js';
import { enqueue, newId } from './outbox.js';
import { mountPushButton } from '../lib/push.js';
import { worthSending } from './position-rule.js';

let watchId = null;
let lastSent = null; // {lat, lon, at}

async function batteryPct() {
  try {
    const b = await navigator.getBattery?.();
    return b ? Math.round(b.level * 100) : null;
  } catch { return null; }
}

async function onFix(pos) {
  const fix = { lat: pos.coords.latitude, lon: pos.coords.longitude, at: Date.now(), accuracy: pos.coords.accuracy };
  await remember('last_fix', fix);
  if (!worthSending(lastSent, fix)) return;
  lastSent = fix;
  const body = { client_id: newId(), lon: Number(fix.lon.toFixed(6)), lat: Number(fix.lat.toFixed(6)),
    accuracy_m: Math.round(fix.accuracy * 10) / 10, recorded_at: new Date(pos.timestamp || fix.at).toISOString() };
  const battery = await batteryPct();
  if (battery !== null) body.battery_pct = battery;
  await enqueue({ kind: 'position', url: '/api/me/positions', body });
  window.dispatchEvent(new CustomEvent('duty:fix', { detail: fix }));
}

function startTracking() {
  if (watchId !== null || !('geolocation' in navigator)) return;
  // Low accuracy is the cell/Wi-Fi fix: far cheaper on battery than GPS, good to ~50 m.
  watchId = navigator.geolocation.watchPosition(onFix, () => {}, { enableHighAccuracy: false, maximumAge: 60_000, timeout: 60_000 });
}

function stopTracking() {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  lastSent = null;
}

export async function onDuty() {
  const saved = await cached('on_duty');
  return saved === null ? Boolean(config.me.on_duty) : saved;
}

/** Go on or off duty: saved on the phone, queued for the server, tracking started/stopped. */
export async function setDuty(on) {
  await remember('on_duty', on);
  await enqueue({ kind: 'duty', url: '/api/me/duty', method: 'PUT', acted: true,
    body: { on_duty: on, client_id: newId() } });
  if (on) startTracking(); else stopTracking();
  window.dispatchEvent(new CustomEvent('duty:changed', { detail: { on } }));
}

/** On app open: carry on reporting if the officer was on duty. */
export async function resumeDuty() {
  if (await onDuty()) startTracking();
}

export async function render(screen) {
  document.title = 'On duty · LOCATE';
  screen.innerHTML = `
    <h1>Duty</h1>
    <div class="duty card">
      <button type="button" class="toggle" data-part="toggle" aria-pressed="false">
        <span class="knob" aria-hidden="true"></span><span data-part="toggle-text">Off duty</span>
      </button>
      <p data-part="explain" role="status"></p>
      <p class="muted" data-part="last-fix"></p>
    </div>
    <h2>Notifications</h2>
    <p>Be told at once of a new task or a sighting near you.</p>
    <button type="button" class="btn" data-part="push">Turn on notifications</button>
    <p class="muted" data-part="push-status" role="status"></p>
    <h2>Signed in</h2>
    <p>${escapeHtml(config.me.name)}${config.me.collar_number ? ` · ${escapeHtml(config.me.collar_number)}` : ''} · ${escapeHtml(config.me.role)}</p>`;
  const toggle = screen.querySelector('[data-part="toggle"]');
  async function draw() {
    const on = await onDuty();
    if (!screen.contains(toggle)) return; // the officer has moved on
    toggle.setAttribute('aria-pressed', String(on));
    screen.querySelector('[data-part="toggle-text"]').textContent = on ? 'On duty' : 'Off duty';
    screen.querySelector('[data-part="explain"]').textContent = on
      ? 'Your position is sent about once a minute while you move (every five minutes when still), so your sergeant can give you the nearest tasks.'
      : 'Off duty: your position is not sent. Go on duty to appear on the sergeant\'s map.';
    const fix = await cached('last_fix');
    if (!screen.contains(toggle)) return;
    screen.querySelector('[data-part="last-fix"]').textContent = on && fix
      ? `Last position ${timeOf(new Date(fix.at).toISOString())}, accurate to about ${Math.round(fix.accuracy)} m` : '';
  }
  toggle.addEventListener('click', async () => { await setDuty(!(await onDuty())); });
  window.addEventListener('duty:changed', draw);
  window.addEventListener('duty:fix', draw);
  mountPushButton(screen.querySelector('[data-part="push"]'), screen.querySelector('[data-part="push-status"]')).catch(() => {});
  await draw();
  screen.dataset.ready = '1';
  return () => { window.removeEventListener('duty:changed', draw); window.removeEventListener('duty:fix', draw); };
}
