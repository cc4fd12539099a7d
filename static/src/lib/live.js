// The live feed on the client: one Socket.IO connection, each event applied once, and a
// catch-up from the client's cursor on every (re)connect, every few seconds while connected,
// and whenever the page comes back to the foreground.
//
// The promise the server makes (docs/decisions.md, "The live feed's guarantee"): read the
// mark BEFORE loading state, load state, then apply what catch-up and the socket deliver.
// Catch-up from a cursor returns every event committed since it, in whatever order the
// transactions committed; live delivery is best effort on top (fast, but Redis can be away),
// and never moves the cursor. So nothing is stepped over, and FeedPosition applies each id once.
import { io } from 'socket.io-client';
import { api } from './api.js';
import { FeedPosition } from './feed-cursor.js';

export class LiveFeed extends EventTarget {
  constructor() {
    super();
    this.position = new FeedPosition();
    this.connected = false;
    this.socket = null;
    this.handlers = new Map();
    this.watched = new Set();
    this.resyncSeconds = 5;
    this.inFlight = false;
    this.again = false;
    this.timer = null;
  }

  /** Ask the server where the feed stands; call before loading the state it guards. */
  async mark() {
    const answer = await api('/api/events/last');
    this.position.reset(answer.cursor);
    if (answer.resync_seconds > 0) this.resyncSeconds = answer.resync_seconds;
    return answer.cursor;
  }

  /** The newest cursor (what a catch-up would start from). */
  get cursor() {
    return this.position.cursor;
  }

  /** Call fn(event) for events of this type ('task.*' matches a prefix, '*' everything). */
  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
    return this;
  }

  /** Connect; mark() must have been awaited first. */
  start() {
    // WebSocket first; where a proxy or a hotel's Wi-Fi blocks it, fall back to long-polling
    // (without tryAllTransports a failed WebSocket is retried for ever and polling never tried).
    this.socket = io({ transports: ['websocket', 'polling'], tryAllTransports: true, reconnectionDelayMax: 10000 });
    this.socket.on('connect', () => {
      this.connected = true;
      this.status();
      this.catchUp();
    });
    this.socket.on('disconnect', () => { this.connected = false; this.status(); });
    this.socket.on('connect_error', () => { this.connected = false; this.status(); });
    // An event may arrive before 'connect' fires, or long after a catch-up sent it: either
    // way it is applied once, and the cursor moves only with catch-up answers.
    this.socket.on('event', (event) => this.apply(event));
    this.timer = setInterval(() => { if (this.connected) this.catchUp(); },
      this.resyncSeconds * 1000);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.connected) this.catchUp();
    });
    return this;
  }

  /** 'websocket' or 'polling' (the fallback), while connected. */
  transport() {
    return this.socket?.io?.engine?.transport?.name || null;
  }

  /** Kept for callers: every episode the user may read is already heard (the server joins
   * the rooms of the user's read keys), so there is nothing to join. */
  watchEpisode(id) {
    this.watched.add(id);
  }

  /** Ask for everything committed since the cursor; one request at a time, and one more
   * straight after if asked again meanwhile. */
  catchUp() {
    if (!this.socket || !this.position.cursor) return;
    if (this.inFlight) { this.again = true; return; }
    this.inFlight = true;
    this.socket.timeout(15000).emit('catch_up', { cursor: this.position.cursor }, (err, reply) => {
      this.inFlight = false;
      if (!err && reply?.ok) {
        if (reply.reload) {
          this.dispatchEvent(new CustomEvent('reload', { detail: reply }));
        } else {
          for (const event of reply.events) this.apply(event);
          this.position.advance(reply.cursor);
          this.dispatchEvent(new CustomEvent('caughtup', { detail: { cursor: reply.cursor } }));
        }
      }
      // A failed catch-up is tried again by the timer or the next reconnect.
      if (this.again) { this.again = false; this.catchUp(); }
    });
  }

  apply(event) {
    if (!this.position.admit(event)) return;
    const prefix = event.type.split('.')[0] + '.*';
    for (const key of [event.type, prefix, '*']) {
      for (const fn of this.handlers.get(key) || []) {
        try { fn(event); } catch (err) { console.error('event handler failed', event.type, err); }
      }
    }
    this.dispatchEvent(new CustomEvent('applied', { detail: event }));
  }

  status() {
    this.dispatchEvent(new CustomEvent('status', { detail: { connected: this.connected } }));
  }
}
