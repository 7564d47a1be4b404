// The lead's controls on the session page: start, previous / next, end, cancel; rotate and revoke the link.
(function () {
  'use strict';
  const controls = document.getElementById('lead-controls');
  if (!controls) return;
  const id = controls.dataset.session;
  const error = document.getElementById('session-error');
  const fail = result => {
    error.textContent = (result.problem && result.problem.detail) || 'That did not work.';
    error.hidden = false;
  };

  controls.querySelectorAll('[data-action]').forEach(button => {
    button.addEventListener('click', async () => {
      if (button.dataset.action === 'cancel' && !window.confirm('Cancel this session? The candidate link stops working.')) return;
      const result = await Panel.api('POST', '/api/sessions/' + id + '/' + button.dataset.action, {});
      if (result.ok) window.location.reload(); else fail(result);
    });
  });
  // Moving between questions needs no reload: the live room shows the new question from the event stream.
  controls.querySelectorAll('[data-advance]').forEach(button => {
    button.addEventListener('click', async () => {
      error.hidden = true;
      const result = await Panel.api('POST', '/api/sessions/' + id + '/advance', { to: button.dataset.advance });
      if (!result.ok) fail(result);
    });
  });
  const rotate = document.getElementById('rotate-link');
  if (rotate) {
    rotate.addEventListener('click', async () => {
      const result = await Panel.api('POST', '/api/sessions/' + id + '/candidate-link');
      if (!result.ok) return fail(result);
      const field = document.getElementById('new-link');
      field.value = result.data.candidateLink;
      field.hidden = false;
      field.select();
      document.getElementById('link-state').textContent = 'New link below; the previous one no longer works.';
    });
  }
  const revoke = document.getElementById('revoke-link');
  if (revoke) {
    revoke.addEventListener('click', async () => {
      if (!window.confirm('Revoke the candidate link? The candidate is disconnected.')) return;
      const result = await Panel.api('DELETE', '/api/sessions/' + id + '/candidate-link');
      if (result.ok) window.location.reload(); else fail(result);
    });
  }
})();
