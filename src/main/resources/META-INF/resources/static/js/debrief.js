// The decision form on the debrief page (hiring managers and admins, once the session has ended).
(function () {
  'use strict';
  const form = document.getElementById('decision-form');
  if (!form) return;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const error = document.getElementById('decision-error');
    error.hidden = true;
    const choice = form.querySelector('input[name="decision"]:checked');
    const rationale = document.getElementById('decision-rationale').value.trim();
    if (!choice || !rationale) {
      error.textContent = 'Choose a decision and give the rationale.';
      error.hidden = false;
      return;
    }
    const label = choice.parentElement.textContent.trim();
    const sure = await Panel.confirm({ title: 'Record "' + label + '"?', message: 'A decision is final: it cannot be '
      + 'changed afterwards, and scorecards not yet submitted are closed.', confirm: 'Record "' + label + '"' });
    if (!sure) return;
    const result = await Panel.api('POST', '/api/sessions/' + form.dataset.session + '/decision',
      { decision: choice.value, rationale });
    if (result.ok) window.location.reload();
    else { error.textContent = (result.problem && result.problem.detail) || 'Not recorded.'; error.hidden = false; }
  });
})();
