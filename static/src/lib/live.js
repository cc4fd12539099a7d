// The live feed on the client: one Socket.IO connection, events applied once each, in id
// order, and a catch-up from the last applied id on every (re)connect.
//
// The promise the server makes (docs/architecture.md): read the last event id BEFORE loading
// state, load state, then apply every event after that id. Applying is idempotent by id, so an
// event that arrives both live and in catch-up is applied once.
import { io } from 'socket.io-client';
import { api } from './api.js';

export class LiveFeed extends EventTarget {
  constructor() {
    super();
    this.lastId = 0;
    this.floor = 0;
    this.applied = new Set();
    this.connected = false;
    this.socket = null;
    this.handlers = new Map();
    this.watched = new Set();
    this.catchingUp = false;
    this.queue = [];
  }

  /** Ask the server for the newest id; call before loading the state it guards. */
  async mark() {
    const { last_event_id: id } = await api('/api/events/last');
    this.lastId = id;
    this.floor = id; // state loaded after this read already includes everything up to id
    this.applied = new Set();
    return id;
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
      for (const id of this.watched) this.socket.emit('watch_episode', { episode_id: id });
      this.catchUp();
    });
    this.socket.on('disconnect', () => { this.connected = false; this.status(); });
    this.socket.on('connect_error', () => { this.connected = false; this.status(); });
    this.socket.on('event', (event) => {
      if (this.catchingUp) this.queue.push(event);
      else this.apply(event);
    });
    return this;
  }

  /** 'websocket' or 'polling' (the fallback), while connected. */
  transport() {
    return this.socket?.io?.engine?.transport?.name || null;
  }

  /** Join an episode's room (the server checks the user may see it). */
  watchEpisode(id) {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    if (this.socket?.connected) this.socket.emit('watch_episode', { episode_id: id });
  }

  catchUp() {
    this.catchingUp = true;
    this.socket.timeout(15000).emit('catch_up', { last_id: this.lastId }, (err, reply) => {
      this.catchingUp = false;
      if (err || !reply?.ok) {
        // Could not catch up over the socket: the next reconnect tries again.
        this.flushQueue();
        return;
      }
      if (reply.reload) {
        this.dispatchEvent(new CustomEvent('reload', { detail: reply }));
        return;
      }
      for (const event of reply.events) this.apply(event);
      this.flushQueue();
    });
  }

  flushQueue() {
    const queued = this.queue.sort((a, b) => a.id - b.id);
    this.queue = [];
    for (const event of queued) this.apply(event);
  }

  apply(event) {
    // Applied once by id: an event can arrive live and again in catch-up, and two processes
    // behind Redis may deliver neighbouring ids out of order, so remember ids, not just the max.
    if (event.id <= this.floor || this.applied.has(event.id)) return;
    this.applied.add(event.id);
    if (this.applied.size > 2000) {
      const ids = [...this.applied].sort((a, b) => a - b);
      for (const id of ids.slice(0, 1000)) this.applied.delete(id);
      this.floor = ids[999];
    }
    this.lastId = Math.max(this.lastId, event.id);
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
