// The candidate page: lobby, then the current question with its timer, then the end. Never shows anything else.
(function () {
  'use strict';
  const $ = id => document.getElementById(id);
  let askedAt = null;
  let lastQuestion = null;
  let stopped = false;

  function show(id) {
    ['lobby', 'question', 'ended', 'disconnected'].forEach(s => { $(s).hidden = s !== id; });
  }

  function tick() {
    if (!askedAt) return;
    const seconds = Math.max(0, Math.floor((Date.now() - askedAt) / 1000));
    $('timer').textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
  }

  function render(s) {
    $('position').textContent = s.position;
    if (s.status === 'SCHEDULED') {
      $('panel-names').textContent = s.panel.length ? 'Your panel: ' + s.panel.join(', ') : '';
      show('lobby');
    } else if (s.status === 'LIVE' && s.currentQuestion) {
      const q = s.currentQuestion;
      $('question-progress').textContent = 'Question ' + q.position + ' of ' + q.total;
      $('question-text').textContent = q.text;
      $('question-parts').innerHTML = '';
      (q.parts || []).forEach(p => { const li = document.createElement('li'); li.textContent = p; $('question-parts').appendChild(li); });
      $('question-minutes').textContent = String(q.minutes);
      askedAt = Date.parse(q.askedAt);
      tick();
      show('question');
      const key = q.position + '@' + q.askedAt;
      if (key !== lastQuestion) {
        lastQuestion = key;
        $('announce').textContent = 'New question, ' + q.position + ' of ' + q.total + ': ' + q.text;
      }
    } else if (s.status === 'ENDED' || s.status === 'DECIDED' || s.status === 'CANCELLED') {
      askedAt = null;
      show('ended');
    }
  }

  async function refresh() {
    if (stopped) return;
    try {
      const response = await fetch('/api/candidate/session', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
      if (response.status === 401) {
        stopped = true;
        show('disconnected');
        return;
      }
      if (response.ok) render(await response.json());
    } catch (e) {
      // A network blip: the next refresh tries again.
    }
  }

  refresh();
  window.setInterval(refresh, 2000);
  window.setInterval(tick, 1000);
  window.PanelCandidate = { refresh };
})();
