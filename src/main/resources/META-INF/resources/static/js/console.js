// Shared helpers for console pages: JSON calls to the API with the anti-forgery header, problem+json errors.
(function () {
  'use strict';

  async function api(method, url, body) {
    const headers = { 'X-Requested-With': 'JavaScript', 'Accept': 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    let data = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      data = await response.json();
    }
    if (response.status === 499 || response.status === 401) {
      return { ok: false, status: response.status, problem: { detail: 'Your session has ended. Reload the page to sign in again.' } };
    }
    return { ok: response.ok, status: response.status, data, problem: response.ok ? null : (data || { detail: 'Request failed (' + response.status + ')' }) };
  }

  function lines(text) {
    return text.split('\n').map(s => s.trim()).filter(s => s.length > 0);
  }

  window.Panel = { api, lines };
})();
