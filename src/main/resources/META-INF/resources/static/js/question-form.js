// Create / edit a question through the API; shows each field's problem next to it.
(function () {
  'use strict';
  const form = document.getElementById('question-form');
  if (!form) return;
  const id = form.dataset.id;
  const version = form.dataset.version ? parseInt(form.dataset.version, 10) : null;
  const formError = document.getElementById('form-error');

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  }

  function showFieldError(field, message) {
    // "rubric.keyPoints[2]" and "tags[0]" belong to the input of their list.
    const base = field.replace(/\[\d+\]/g, '');
    const holder = document.getElementById('err-' + base) || document.getElementById('err-' + base.split('.')[0]);
    if (!holder) return false;
    holder.textContent = holder.textContent ? holder.textContent + ' ' + message : message;
    const input = form.querySelector('[aria-describedby="' + holder.id + '"]');
    if (input) input.setAttribute('aria-invalid', 'true');
    return true;
  }

  function body() {
    const value = name => form.elements[name].value;
    const payload = {
      text: value('text').trim(),
      parts: Panel.lines(value('parts')),
      difficulty: parseInt(value('difficulty'), 10),
      minutes: value('minutes') === '' ? null : Number(value('minutes')),
      tags: value('tags').split(',').map(t => t.trim()).filter(t => t.length > 0),
      rubric: {
        keyPoints: Panel.lines(value('keyPoints')),
        levels: { '1': value('level1').trim(), '3': value('level3').trim(), '5': value('level5').trim() }
      },
      followUps: Panel.lines(value('followUps'))
    };
    if (id) {
      payload.version = version;
    } else {
      payload.category = value('category');
    }
    return payload;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    const save = document.getElementById('save');
    save.disabled = true;
    try {
      const result = id
        ? await Panel.api('PUT', '/api/questions/' + id, body())
        : await Panel.api('POST', '/api/questions', body());
      if (result.ok) {
        window.location.assign('/questions/' + result.data.id + '?saved=1');
        return;
      }
      const problem = result.problem || {};
      const unplaced = (problem.errors || []).filter(e => !showFieldError(e.field, e.message));
      if (!problem.errors || unplaced.length > 0 || result.status !== 400) {
        formError.textContent = result.status === 409
          ? problem.detail + ' Your changes are still in the form.'
          : (problem.detail || 'The question could not be saved.');
        formError.hidden = false;
      }
      const firstInvalid = form.querySelector('[aria-invalid=true]');
      (firstInvalid || formError).focus && (firstInvalid || formError).focus();
    } finally {
      save.disabled = false;
    }
  });
})();
