// The lead's controls: start, previous / next (Alt+← / Alt+→), end, cancel; rotate and revoke the candidate link.
// Moving between questions shows a pending state until the room confirms the new question, so a double click never
// skips one; ending and cancelling ask first.
(function () {
  'use strict';
  const controls = document.getElementById('lead-controls');
  if (!controls) return;
  const id = controls.dataset.session;
  const $ = x => document.getElementById(x);
  const error = $('session-error');
  const fail = result => {
    error.textContent = (result.problem && result.problem.detail) || 'That did not work.';
    error.hidden = false;
  };
  const CONFIRM = {
    end: { title: 'End the interview?', message: 'The candidate sees that it is over, and the panel moves on to '
      + 'scorecards. The interview cannot be restarted.', confirm: 'End the interview' },
    cancel: { title: 'Cancel this session?', message: 'The candidate link stops working and the candidate is '
      + 'disconnected. A cancelled session cannot be reopened.', confirm: 'Cancel the session', danger: true }
  };

  document.querySelectorAll('[data-action]').forEach(button => {
    button.addEventListener('click', async () => {
      const action = button.dataset.action;
      if (CONFIRM[action] && !(await Panel.confirm(CONFIRM[action]))) return;
      button.disabled = true;
      const result = await Panel.api('POST', '/api/sessions/' + id + '/' + action, {});
      if (result.ok) window.location.reload(); else { button.disabled = false; fail(result); }
    });
  });

  // Next / previous: no reload; the room shows the new question when its event comes back. Until then both buttons
  // wait (a second click would skip a question), at most a few seconds.
  const stepButtons = Array.from(controls.querySelectorAll('[data-advance]'));
  let pending = null;
  function settle() {
    if (!pending) return;
    window.clearTimeout(pending.timer);
    pending = null;
    stepButtons.forEach(b => { b.disabled = false; b.removeAttribute('aria-busy'); });
    $('advance-state').textContent = '';
  }
  async function step(to) {
    if (pending) return;
    error.hidden = true;
    const room = window.PanelRoom;
    const target = to === 'next' ? (room.current || 0) + 1 : to === 'previous' ? (room.current || 0) - 1 : Number(to);
    pending = { target, timer: window.setTimeout(settle, 4000) };
    stepButtons.forEach(b => { b.disabled = true; b.setAttribute('aria-busy', 'true'); });
    $('advance-state').textContent = 'Moving to question ' + target + '…';
    const result = await Panel.api('POST', '/api/sessions/' + id + '/advance', { to });
    if (!result.ok) { settle(); fail(result); }
  }
  stepButtons.forEach(b => b.addEventListener('click', () => step(b.dataset.advance)));
  if (window.PanelRoom) {
    window.PanelRoom.on((type, data) => {
      if (type === 'question' && pending && data.position === pending.target) settle();
    });
  }
  document.addEventListener('keydown', event => {
    if (!event.altKey || stepButtons.length === 0) return;
    if (event.key === 'ArrowRight') { event.preventDefault(); step('next'); }
    if (event.key === 'ArrowLeft') { event.preventDefault(); step('previous'); }
  });

  const rotate = $('rotate-link');
  if (rotate) {
    rotate.addEventListener('click', async () => {
      const result = await Panel.api('POST', '/api/sessions/' + id + '/candidate-link');
      if (!result.ok) return fail(result);
      const field = $('new-link');
      field.value = result.data.candidateLink;
      field.hidden = false;
      field.select();
      $('link-state').textContent = 'New link below; the previous one no longer works.';
    });
  }
  const revoke = $('revoke-link');
  if (revoke) {
    revoke.addEventListener('click', async () => {
      if (!(await Panel.confirm({ title: 'Revoke the candidate link?', message: 'The candidate is disconnected and the '
        + 'link stops working. You can issue a new one.', confirm: 'Revoke the link', danger: true }))) return;
      const result = await Panel.api('DELETE', '/api/sessions/' + id + '/candidate-link');
      if (result.ok) window.location.reload(); else fail(result);
    });
  }

  // Move the session: a PATCH with what changed; the server mails the update. Problems go next to their fields.
  const reschedule = $('reschedule-form');
  if (reschedule) {
    const when = $('r-when');
    const current = new Date(when.dataset.iso);
    if (!Number.isNaN(current.getTime())) {
      when.value = new Date(current.getTime() - current.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    }
    reschedule.addEventListener('submit', async event => {
      event.preventDefault();
      reschedule.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
      const local = when.value ? new Date(when.value) : null;
      const body = {
        scheduledAt: local && !Number.isNaN(local.getTime()) ? local.toISOString() : null,
        durationMinutes: $('r-duration').value ? Number($('r-duration').value) : null,
        meetingUrl: $('r-meeting').value.trim()
      };
      const button = $('reschedule');
      button.disabled = true;
      const result = await Panel.api('PATCH', '/api/sessions/' + id, body);
      if (result.ok) { window.location.reload(); return; }
      button.disabled = false;
      const errors = (result.problem && result.problem.errors) || [];
      errors.forEach(e => { const holder = $('err-r-' + e.field); if (holder) holder.textContent = e.message; });
      if (!errors.length) fail(result);
    });
  }
})();
