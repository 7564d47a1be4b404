// The schedule form: posts to the API, places problems next to their fields, then shows the candidate link once.
(function () {
  'use strict';
  const form = document.getElementById('schedule-form');
  if (!form) return;
  const formError = document.getElementById('form-error');

  const when = document.getElementById('f-when');
  if (!when.value) {
    const soon = new Date(Date.now() + 24 * 3600 * 1000);
    soon.setMinutes(0, 0, 0);
    when.value = new Date(soon.getTime() - soon.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }

  const zone = document.getElementById('f-zone');
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!zone.value) zone.value = browserZone;
  if (typeof Intl.supportedValuesOf === 'function') {
    const list = document.getElementById('zones');
    Intl.supportedValuesOf('timeZone').forEach(z => { const o = document.createElement('option'); o.value = z; list.appendChild(o); });
  }

  // A panel seat and a shadow seat exclude each other; the warning names the set's categories nobody on the panel is
  // qualified for (from the qualification report: measured agreement, not a tag).
  const setCategories = JSON.parse(form.dataset.setCategories || '{}');
  const qualified = JSON.parse(form.dataset.qualified || '{}');
  const warning = document.getElementById('qualification-warning');
  function warn() {
    const panel = Array.from(form.querySelectorAll('input[name=panel]:checked')).map(i => i.value);
    const categories = setCategories[form.elements.questionSetId.value] || [];
    const uncovered = categories.filter(c => !panel.some(p => (qualified[p] || []).includes(c)));
    warning.hidden = uncovered.length === 0 || panel.length === 0;
    warning.textContent = 'No one on this panel is qualified yet for ' + uncovered.join(', ')
      + '. You can still schedule; consider adding a qualified interviewer, or seat a trainee as a shadow.';
  }
  form.addEventListener('change', event => {
    const t = event.target;
    if (t.name === 'panel' && t.checked) form.querySelector('input[name=shadow][value="' + t.value + '"]').checked = false;
    if (t.name === 'shadow' && t.checked) {
      form.querySelector('input[name=panel][value="' + t.value + '"]').checked = false;
      const lead = form.querySelector('input[name=lead][value="' + t.value + '"]');
      if (lead.checked) lead.checked = false;
    }
    warn();
  });
  warn();

  function clearErrors() {
    formError.hidden = true;
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    const panel = Array.from(form.querySelectorAll('input[name=panel]:checked')).map(i => i.value);
    const lead = form.querySelector('input[name=lead]:checked');
    const local = when.value ? new Date(when.value) : null;
    const body = {
      position: form.elements.position.value.trim(),
      candidate: { name: form.elements.candidateName.value.trim(), email: form.elements.candidateEmail.value.trim() },
      questionSetId: form.elements.questionSetId.value || null,
      panel,
      shadows: Array.from(form.querySelectorAll('input[name=shadow]:checked')).map(i => i.value),
      lead: lead ? lead.value : null,
      scheduledAt: local && !Number.isNaN(local.getTime()) ? local.toISOString() : null,
      meetingUrl: form.elements.meetingUrl.value.trim() || null,
      durationMinutes: form.elements.durationMinutes.value ? Number(form.elements.durationMinutes.value) : null,
      timeZone: zone.value.trim() || null
    };
    if (body.lead && !panel.includes(body.lead)) {
      document.getElementById('err-lead').textContent = 'The lead must be on the panel.';
      return;
    }
    const button = document.getElementById('schedule');
    button.disabled = true;
    try {
      const result = await Panel.api('POST', '/api/sessions', body);
      if (result.ok) {
        form.hidden = true;
        document.getElementById('candidate-link').value = result.data.candidateLink;
        document.getElementById('open-session').href = '/sessions/' + result.data.id;
        document.getElementById('scheduled').hidden = false;
        document.getElementById('candidate-link').focus();
        return;
      }
      const problem = result.problem || {};
      let unplaced = 0;
      (problem.errors || []).forEach(e => {
        const base = e.field.replace(/\[\d+\]/g, '');
        const holder = document.getElementById('err-' + base);
        if (holder) {
          holder.textContent = (holder.textContent ? holder.textContent + ' ' : '') + e.message;
          const input = form.querySelector('[aria-describedby="err-' + base + '"]');
          if (input) input.setAttribute('aria-invalid', 'true');
        } else {
          unplaced++;
        }
      });
      if (!problem.errors || unplaced > 0) {
        formError.textContent = problem.detail || 'The session could not be scheduled.';
        formError.hidden = false;
        formError.focus();
      }
    } finally {
      button.disabled = false;
    }
  });

  document.getElementById('copy-link').addEventListener('click', async () => {
    const input = document.getElementById('candidate-link');
    input.select();
    try { await navigator.clipboard.writeText(input.value); } catch (e) { document.execCommand('copy'); }
  });
})();
