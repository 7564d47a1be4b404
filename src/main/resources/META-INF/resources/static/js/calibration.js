// Interviewer training: the caller's qualification on the list page; on an exercise page, the blind attempt and the
// feedback (the experts' ratings and reasons arrive only with the attempt's result).
(function () {
  'use strict';
  const $ = x => document.getElementById(x);
  const fmt = v => v === null || v === undefined ? '—' : (Number.isInteger(v) ? String(v) : v.toFixed(2));

  const mine = $('my-qualification');
  if (mine) {
    (async function () {
      const result = await Panel.api('GET', '/api/reports/qualification');
      if (!result.ok) {
        $('mine-state').textContent = (result.problem && result.problem.detail) || 'Your qualification could not be read.';
        return;
      }
      const rows = result.data.rows.filter(r => r.interviewer === mine.dataset.user && r.comparisons > 0);
      if (rows.length === 0) {
        $('mine-state').textContent = 'No comparisons yet: take an exercise or sit in a session as a shadow.';
        return;
      }
      $('mine-state').textContent = 'Qualified needs ' + result.data.minComparisons + ' comparisons and interval alpha of at least '
        + result.data.alphaThreshold + ' in the category.';
      const t = $('mine');
      const head = t.createTHead().insertRow();
      ['Category', 'Comparisons', 'Alpha (interval)', 'Mean abs. deviation', 'Qualified'].forEach((c, i) => {
        const th = document.createElement('th'); th.scope = 'col'; th.textContent = c; if (i > 0 && i < 4) th.className = 'num'; head.appendChild(th);
      });
      const body = t.createTBody();
      rows.forEach(r => {
        const tr = body.insertRow();
        [r.category, r.comparisons, fmt(r.alphaInterval), fmt(r.meanAbsoluteDeviation), r.qualified ? 'yes' : 'not yet'].forEach((v, i) => {
          const td = tr.insertCell(); td.textContent = v; if (i > 0 && i < 4) td.className = 'num';
        });
      });
      $('mine-wrap').hidden = false;
    })();
  }

  const form = $('attempt');
  if (!form) return;
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const error = $('attempt-error');
    error.hidden = true;
    const ratings = [];
    const missing = [];
    form.querySelectorAll('fieldset[data-answer]').forEach((set, i) => {
      const chosen = set.querySelector('input[type=radio]:checked');
      if (chosen) ratings.push({ answerId: set.dataset.answer, rating: Number(chosen.value) });
      else missing.push(i + 1);
    });
    if (missing.length > 0) {
      error.textContent = 'Rate every answer first: answer ' + missing.join(', ') + ' has no rating yet.';
      error.hidden = false;
      return;
    }
    const button = $('submit-attempt');
    button.disabled = true;
    const result = await Panel.api('POST', '/api/calibration/exercises/' + form.dataset.exercise + '/attempts', { ratings });
    if (!result.ok) {
      error.textContent = (result.problem && result.problem.detail) || 'The attempt could not be recorded.';
      error.hidden = false;
      button.disabled = false;
      return;
    }
    const data = result.data;
    data.answers.forEach(a => {
      const set = form.querySelector('fieldset[data-answer="' + a.answerId + '"]');
      set.querySelectorAll('input').forEach(i => { i.disabled = true; });
      const p = set.querySelector('[data-feedback]');
      const delta = a.delta === 0 ? 'same as the experts' : (a.delta > 0 ? a.delta + ' above' : (-a.delta) + ' below') + ' the experts';
      p.textContent = 'You: ' + a.rating + ' · experts: ' + a.expert + ' (' + delta + '). ' + a.reason;
      p.className = 'feedback small ' + (Math.abs(a.delta) >= 2 ? 'off' : 'close');
      p.hidden = false;
    });
    button.hidden = true;
    $('result-summary').textContent = 'Interval alpha ' + fmt(data.alphaInterval) + ', mean absolute deviation '
      + fmt(data.meanAbsoluteDeviation) + ' rating points. '
      + (data.countsForQualification ? 'This attempt counts toward your qualification.' : 'A retake: practice, not counted toward qualification.');
    $('result').hidden = false;
    $('result').scrollIntoView({ block: 'nearest' });
  });
})();
