// Clone buttons on the set list and the set page.
(function () {
  'use strict';
  document.querySelectorAll('[data-clone]').forEach(button => {
    button.addEventListener('click', async () => {
      button.disabled = true;
      const result = await Panel.api('POST', '/api/question-sets/' + button.dataset.clone + '/clone');
      if (result.ok) {
        window.location.assign('/question-sets/' + result.data.id + '/edit');
        return;
      }
      button.disabled = false;
      const error = document.getElementById('list-error') || document.getElementById('set-error');
      error.textContent = (result.problem && result.problem.detail) || 'Could not clone the set.';
      error.hidden = false;
    });
  });
})();
