// Shared helpers for console pages: JSON calls to the API with the anti-forgery header, problem+json errors, and a
// confirmation dialog for what cannot be undone.
(function () {
  'use strict';

  async function api(method, url, body) {
    const headers = { 'X-Requested-With': 'JavaScript', 'Accept': 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      return { ok: false, status: 0, problem: { detail: 'The server cannot be reached. Check your connection and try again.' } };
    }
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

  // A modal dialog with a title, a message and two buttons; resolves true when confirmed.
  function confirm(options) {
    return new Promise(resolve => {
      const dialog = document.createElement('dialog');
      dialog.className = 'confirm-dialog';
      dialog.setAttribute('aria-labelledby', 'confirm-title');
      const title = document.createElement('h2');
      title.id = 'confirm-title';
      title.textContent = options.title;
      const message = document.createElement('p');
      message.textContent = options.message;
      const actions = document.createElement('div');
      actions.className = 'actions';
      const yes = document.createElement('button');
      yes.type = 'button';
      yes.className = 'btn' + (options.danger ? ' danger-solid' : '');
      yes.id = 'confirm-yes';
      yes.textContent = options.confirm || 'Confirm';
      const no = document.createElement('button');
      no.type = 'button';
      no.className = 'btn secondary';
      no.id = 'confirm-no';
      no.textContent = options.cancel || 'Go back';
      actions.append(yes, no);
      dialog.append(title, message, actions);
      document.body.appendChild(dialog);
      const done = value => { dialog.close(); dialog.remove(); resolve(value); };
      yes.addEventListener('click', () => done(true));
      no.addEventListener('click', () => done(false));
      dialog.addEventListener('cancel', event => { event.preventDefault(); done(false); });
      dialog.showModal();
      no.focus();
    });
  }

  window.Panel = { api, lines, confirm };
})();
