'use strict';
// The dashboard's only way to the server: the public HTTP API, authenticated by the session cookie.
// Every URL is relative to /dashboard/, so the page also works under a reverse proxy's path prefix.
const Api = (() => {
  const WEBHOOK = '../runtime/webhooks/durabletask';
  let csrfToken = null;
  let onUnauthorized = () => {};

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function call(method, path, body, extraHeaders) {
    const headers = Object.assign({ Accept: 'application/json' }, extraHeaders);
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error',
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (response.status >= 400) {
      const message = (json && json.message) || text || response.statusText;
      if (response.status === 401 && !path.endsWith('session')) onUnauthorized();
      throw new ApiError(response.status, message);
    }
    return { status: response.status, json, headers: response.headers };
  }

  const enc = encodeURIComponent;
  const instancePath = (id) => `${WEBHOOK}/instances/${enc(id)}`;

  return {
    ApiError,
    onUnauthorized(fn) { onUnauthorized = fn; },
    async session() {
      const r = await call('GET', 'session');
      csrfToken = r.json.csrfToken;
      return r.json;
    },
    async login(key) {
      const r = await call('POST', 'session', JSON.stringify({ key }));
      csrfToken = r.json.csrfToken;
      return r.json;
    },
    async logout() {
      csrfToken = null;
      await call('DELETE', 'session');
    },
    /** filters: URLSearchParams of the listing's parameters; token: the previous page's continuation token. */
    async list(filters, token) {
      const extra = token ? { 'x-ms-continuation-token': token } : {};
      const r = await call('GET', `${WEBHOOK}/instances?${filters}&showInput=false`, undefined, extra);
      return { instances: r.json, next: r.headers.get('x-ms-continuation-token') };
    },
    async counts(filters) { return (await call('GET', `${WEBHOOK}/counts?${filters}`)).json; },
    async status(id) { return (await call('GET', `${instancePath(id)}?showInput=true`)).json; },
    async history(id, offset, limit) {
      return (await call('GET', `${instancePath(id)}/history?offset=${offset}&limit=${limit}`)).json;
    },
    async raiseEvent(id, name, json) { return call('POST', `${instancePath(id)}/raiseEvent/${enc(name)}`, json); },
    async control(id, operation, reason) {
      const query = reason ? `?reason=${enc(reason)}` : '';
      return (await call('POST', `${instancePath(id)}/${operation}${query}`)).json;
    },
    async purge(id) { return (await call('DELETE', instancePath(id))).json; },
    async schedules() { return (await call('GET', `${WEBHOOK}/schedules`)).json; },
  };
})();
