// Owner actions on a set's page: take a newer question version, delete.
(function () {
  'use strict';
  const meta = document.getElementById('set-meta');
  const error = document.getElementById('set-error');
  const fail = result => {
    error.textContent = (result.problem && result.problem.detail) || 'The change failed.';
    error.hidden = false;
  };

  document.querySelectorAll('[data-take]').forEach(button => {
    button.addEventListener('click', async () => {
      const current = await Panel.api('GET', '/api/question-sets/' + meta.dataset.id);
      if (!current.ok) return fail(current);
      const set = current.data;
      const items = set.items.map(i => ({
        questionId: i.questionId,
        minutes: i.minutes,
        questionVersion: i.questionId === button.dataset.take ? Number(button.dataset.version) : i.questionVersion
      }));
      const result = await Panel.api('PUT', '/api/question-sets/' + set.id,
        { version: set.version, name: set.name, description: set.description, items });
      if (result.ok) window.location.reload(); else fail(result);
    });
  });

  const remove = document.getElementById('delete-set');
  if (remove) {
    remove.addEventListener('click', async () => {
      if (!window.confirm('Delete this question set? A set used by a session is archived instead.')) return;
      const result = await Panel.api('DELETE', '/api/question-sets/' + remove.dataset.set);
      if (result.ok) window.location.assign('/question-sets?scope=mine'); else fail(result);
    });
  }
})();
