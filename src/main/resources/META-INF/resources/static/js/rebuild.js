// The admin's rebuild page: starts a rebuild and follows its progress (events done / total, rate, ETA).
(function () {
  'use strict';
  const start = document.getElementById('rebuild-start');
  if (!start) return;
  const bar = document.getElementById('rebuild-bar');
  const state = document.getElementById('rebuild-state');
  const error = document.getElementById('rebuild-error');
  let timer = null;

  function show(p) {
    bar.value = p.percent || (p.state === 'DONE' ? 100 : 0);
    let text = p.state;
    if (p.total > 0) text += ': ' + p.done + ' of ' + p.total + ' events';
    if (p.eventsPerSecond) text += ' · ' + Math.round(p.eventsPerSecond) + ' events/s';
    if (p.state === 'RUNNING' && p.etaSeconds !== null && p.etaSeconds !== undefined) text += ' · about ' + p.etaSeconds + ' s left';
    if (p.error) text += ' · ' + p.error;
    state.textContent = text;
    state.dataset.state = p.state;
    start.disabled = p.state === 'RUNNING';
    if (p.state !== 'RUNNING' && timer) { window.clearInterval(timer); timer = null; }
  }

  async function poll() {
    const result = await Panel.api('GET', '/api/admin/analytics/rebuild');
    if (result.ok) show(result.data);
  }

  function follow() {
    if (!timer) timer = window.setInterval(poll, 1000);
    poll();
  }

  start.addEventListener('click', async () => {
    error.hidden = true;
    const result = await Panel.api('POST', '/api/admin/analytics/rebuild');
    if (!result.ok) { error.textContent = (result.problem && result.problem.detail) || 'Not started.'; error.hidden = false; return; }
    show(result.data);
    follow();
  });
  if (state.dataset.state === 'RUNNING') follow();
})();
