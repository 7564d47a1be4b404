// The privacy page: find candidate records by email, then export or erase one (asking first). Rows are cloned from a
// <template> and filled with textContent: nothing about a candidate is ever parsed as HTML.
(function () {
  'use strict';
  const form = document.getElementById('find-form');
  if (!form) return;
  const $ = id => document.getElementById(id);
  const error = $('privacy-error');
  const fail = result => {
    error.textContent = (result.problem && result.problem.detail) || 'That did not work.';
    error.hidden = false;
  };

  function row(record, index) {
    const li = $('found-row').content.firstElementChild.cloneNode(true);
    li.dataset.ref = record.candidateRef;
    li.querySelector('[data-name]').textContent = record.name;
    li.querySelector('[data-email]').textContent = record.email;
    li.querySelector('[data-session]').href = '/sessions/' + record.sessions[0];
    li.querySelector('[data-export]').href = '/api/admin/candidates/' + record.candidateRef + '/export';
    const reason = li.querySelector('[data-reason]');
    reason.id = 'reason-' + index;
    li.querySelector('[data-reason-label]').htmlFor = reason.id;
    const state = li.querySelector('[data-state]');
    li.querySelector('[data-erase]').addEventListener('submit', async event => {
      event.preventDefault();
      error.hidden = true;
      if (!reason.value.trim()) {
        state.textContent = 'Give a reason (the request\'s reference); it goes into the audit trail.';
        reason.focus();
        return;
      }
      if (!(await Panel.confirm({ title: 'Erase ' + record.name + '?', message: 'The name, the email and every note, '
        + 'summary and rationale about this candidate are removed for good. Ratings, recommendations and the '
        + 'decision stay, without a name.', confirm: 'Erase', danger: true }))) return;
      const result = await Panel.api('POST', '/api/admin/candidates/' + record.candidateRef + '/erase',
        { reason: reason.value.trim() });
      if (!result.ok) return fail(result);
      li.querySelector('[data-name]').textContent = 'Erased candidate';
      li.querySelector('[data-email]').textContent = '';
      li.querySelector('[data-erase]').hidden = true;
      state.textContent = 'Erased. The session now shows "Erased candidate".';
    });
    return li;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const email = $('find-email').value.trim();
    $('found').replaceChildren();
    if (!email) { $('find-state').textContent = 'Type an email address.'; return; }
    const result = await Panel.api('GET', '/api/admin/candidates?email=' + encodeURIComponent(email));
    if (!result.ok) return fail(result);
    const items = result.data.items;
    $('find-state').textContent = items.length === 0 ? 'No candidate with that address.'
      : items.length === 1 ? 'One record.' : items.length + ' records.';
    items.forEach((record, i) => $('found').appendChild(row(record, i)));
  });
})();
