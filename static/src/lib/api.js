// One way to talk to the JSON API from every page: same-origin cookies, the CSRF token on
// state-changing requests, and errors turned into a message a person can read.

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
 * Resolves with the parsed body (or null for 204); rejects with ApiError (status 0 offline).
 */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers }, signal };
  if (body instanceof FormData || body instanceof Blob) {
    init.body = body;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRFToken'] = await csrf();
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
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { message: text.slice(0, 200) }; }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
