// The candidate page: lobby, then the current question with its timer, then the end. Never shows anything else.
// Live over a WebSocket (/ws/candidate); polls the REST view while the socket is down.
(function () {
  'use strict';
  const $ = id => document.getElementById(id);
  let askedAt = null;
  let lastQuestion = null;
  let stopped = false;
  let socket = null;
  let poller = null;

  function show(id) {
    ['lobby', 'question', 'ended', 'disconnected'].forEach(s => { $(s).hidden = s !== id; });
  }

  function tick() {
    if (!askedAt) return;
    const seconds = Math.max(0, Math.floor((Date.now() - askedAt) / 1000));
    $('timer').textContent = Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
  }

  // 12 Dec 2026, 14:30 in the reader's zone, with the session's own zone beside it where it differs.
  function when(iso, zone) {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return '';
    const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === mine) return local;
    return local + ' (' + new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone: zone }).format(at)
      + ' ' + zone.replace(/_/g, ' ') + ')';
  }

  function meeting(s) {
    if (s.scheduledAt) {
      $('candidate-when').setAttribute('datetime', s.scheduledAt);
      $('candidate-when').textContent = when(s.scheduledAt, s.timeZone) + ' · about ' + s.durationMinutes + ' minutes';
    }
    if (s.meetingUrl) {
      const a = document.createElement('a');
      a.href = s.meetingUrl;
      a.id = 'candidate-meeting';
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = 'Join the meeting';
      $('candidate-where').replaceChildren(a);
      $('question-meeting-link').href = s.meetingUrl;
      $('question-meeting').hidden = false;
    }
  }

  function render(s) {
    $('position').textContent = s.position;
    meeting(s);
    if (s.status === 'SCHEDULED') {
      $('panel-names').textContent = s.panel.length ? 'Your panel: ' + s.panel.join(', ') : '';
      show('lobby');
    } else if (s.status === 'LIVE' && s.currentQuestion) {
      const q = s.currentQuestion;
      $('question-progress').textContent = 'Question ' + q.position + ' of ' + q.total;
      $('question-text').textContent = q.text;
      $('question-parts').replaceChildren();
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

  function disconnected() {
    stopped = true;
    if (poller) window.clearInterval(poller);
    show('disconnected');
  }

  async function refresh() {
    if (stopped) return;
    try {
      const response = await fetch('/api/candidate/session', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
      if (response.status === 401) return disconnected();
      if (response.ok) render(await response.json());
    } catch (e) {
      // A network blip: the next try goes again.
    }
  }

  function startPolling() {
    if (!poller && !stopped) poller = window.setInterval(refresh, 3000);
  }

  function connect() {
    if (stopped) return;
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/candidate');
    socket.onopen = () => { if (poller) { window.clearInterval(poller); poller = null; } };
    socket.onmessage = event => {
      const frame = JSON.parse(event.data);
      if (frame.data) render(frame.data);
    };
    socket.onclose = event => {
      if (event.code === 4401) return disconnected();
      startPolling();
      window.setTimeout(connect, 3000); // reconnect: the server sends a fresh snapshot
    };
  }

  refresh();
  connect();
  window.setInterval(tick, 1000);
})();
