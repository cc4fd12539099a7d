// One way to talk to the JSON API from every page: same-origin cookies, the CSRF token on
// state-changing requests, errors turned into a message a person can read, and the reason
// for opening a record outside one's own work asked when the server wants one (428).
import { askReason } from './reason-dialog.js';

let csrfToken = document.querySelector('meta[name="csrf-token"]')?.content || null;

export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.status = status;
    this.body = body;
  }
}

function messageOf(status, body) {
  if (body && typeof body === 'object') {
    const errors = body.errors?.json || body.errors?.query || body.errors?.form || body.errors?.files;
    if (errors && typeof errors === 'object') {
      return Object.entries(errors).map(([field, msgs]) => `${field}: ${[].concat(msgs).join(' ')}`).join('; ');
    }
    if (body.message) return body.message;
  }
  if (status === 0) return 'No connection.';
  return `The server answered ${status}.`;
}

/** The CSRF token from the page, or from GET /api/session when the page had none. */
export async function csrf() {
  if (!csrfToken) {
    const res = await fetch('/api/session', { credentials: 'same-origin' });
    if (res.ok) csrfToken = (await res.json()).csrf_token;
  }
  return csrfToken;
}

/**
 * fetch + JSON. `body` objects are sent as JSON, FormData as multipart.
 * Resolves with the parsed body (or null for 204; a Blob with `as: 'blob'`); rejects with
 * ApiError (status 0 offline). A read refused with 428 asks the person why first (below).
 */
export async function api(path, { method = 'GET', body, headers = {}, signal, as = 'json' } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: as === 'blob' ? '*/*' : 'application/json', ...headers }, signal };
  if (body instanceof FormData || body instanceof Blob) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const read = method === 'GET' || method === 'HEAD';
  if (!read) init.headers['X-CSRFToken'] = await csrf();
  let answer = await send(path, init, as);
  if (answer.res.status === 428 && read && !init.headers[REASON_HEADER]) {
    answer = await withReason(path, init, answer, as);
  }
  if (!answer.res.ok) throw new ApiError(answer.res.status, answer.data);
  return answer.data;
}

/** One request: {res, data}; data parsed from JSON (or a Blob when asked for, on success). */
async function send(path, init, as) {
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, null);
  }
  if (res.status === 401) {
    // The session ended (timeout or sign-out elsewhere): go to the sign-in page.
    window.dispatchEvent(new CustomEvent('locate:signed-out'));
  }
  if (as === 'blob' && res.ok) return { res, data: await res.blob() };
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { message: text.slice(0, 200) }; }
  }
  return { res, data };
}

// --- A record outside one's own work (DPA 2018 s.62) -------------------------------------
// The server answers such a read with 428 and the reasons it takes. The person is asked once
// (lib/reason-dialog.js) and the same read is sent again with X-Access-Reason; the page sees
// only the answer. Reads on one page that were refused together (the card, its places, its
// sightings) share one dialog and its answer: a read sent before the answer was given takes
// it without asking again. After that the server holds the reason for ACCESS_REASON_MINUTES,
// so later reads (the photo, live re-fetches) are not refused at all.
const REASON_HEADER = 'X-Access-Reason';
const REASON_TRIES = 3; // a refused answer (too short...) is asked again with the server's words
let answers = 0; // how many answers have been given on this page
let lastAnswer = null; // { reason, number }
let asking = null; // the dialog on screen: Promise<reason or null>

function reasonFor(body, sentAt, problem) {
  if (!problem && lastAnswer && sentAt < lastAnswer.number) return Promise.resolve(lastAnswer.reason);
  if (!asking) {
    asking = askReason(body, problem)
      .then((reason) => {
        if (reason !== null) lastAnswer = { reason, number: ++answers };
        return reason;
      })
      .finally(() => { asking = null; });
  }
  return asking;
}

export const NOT_OPENED = 'The record was not opened: it is outside your own work, and no reason was given for opening it.';

async function withReason(path, init, refusal, as) {
  const sentAt = answers;
  const body = refusal.data;
  let problem = '';
  for (let i = 0; i < REASON_TRIES; i += 1) {
    const reason = await reasonFor(body, sentAt, problem);
    if (reason === null) throw new ApiError(428, { ...body, message: NOT_OPENED, cancelled: true });
    const retry = await send(path, { ...init, headers: { ...init.headers, [REASON_HEADER]: encodeURIComponent(reason) } }, as);
    if (retry.res.ok || retry.res.status !== 422 || retry.data?.field !== 'access_reason') return retry;
    // The server refused the words: ask again, saying why (and forget the refused answer).
    if (lastAnswer?.reason === reason) lastAnswer = null;
    problem = messageOf(422, retry.data);
  }
  throw new ApiError(428, { ...body, message: NOT_OPENED });
}

// A child's photo drawn by an <img> before any reason was given (a list, a popup) is refused
// with 428 like any read, and the browser can only show a broken image. Such an image is read
// again through api() (which asks why, once) and shown from the answer. Once per image, and
// only for the photo URLs the API hands out; with no signal it stays as the browser left it.
const PHOTO_PATH = /^\/api\/photos\/[0-9a-f-]+$/i;
document.addEventListener('error', (event) => {
  const img = event.target;
  if (!(img instanceof HTMLImageElement) || img.dataset.reasonRetried) return;
  const url = new URL(img.currentSrc || img.src, location.href);
  if (url.origin !== location.origin || !PHOTO_PATH.test(url.pathname)) return;
  img.dataset.reasonRetried = '1';
  api(url.pathname, { as: 'blob' })
    .then((blob) => { img.src = URL.createObjectURL(blob); })
    .catch(() => {});
}, true);
