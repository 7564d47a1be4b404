// Retire button on the question page.
(function () {
  'use strict';
  const button = document.getElementById('retire');
  if (!button) return;
  button.addEventListener('click', async () => {
    if (!window.confirm('Retire this question? It stays readable but cannot be added to new question sets.')) return;
    const result = await Panel.api('POST', '/api/questions/' + button.dataset.question + '/retire');
    if (result.ok) {
      window.location.reload();
    } else {
      const error = document.getElementById('retire-error');
      error.textContent = (result.problem && result.problem.detail) || 'Could not retire the question.';
      error.hidden = false;
    }
  });
})();
