// The live room for panelists: follows the session over /ws/sessions/{id} (the console's cookie authenticates the
// upgrade). Shows the current question with its rubric, follow-ups and timer, and who is in the room.
(function () {
  'use strict';
  const room = document.getElementById('room');
  if (!room) return;
  const id = room.dataset.session;
  const $ = x => document.getElementById(x);
  let guides = {};
  let items = {};
  let status = null;
  let askedAt = null;

  function fill(list, values) {
    list.innerHTML = '';
    (values || []).forEach(v => { const li = document.createElement('li'); li.textContent = v; list.appendChild(li); });
  }

  function showQuestion(position, total, when) {
    const item = items[position];
    const guide = guides[position] || {};
    if (!item) return;
    $('now-progress').textContent = 'Question ' + position + ' of ' + total;
    $('now-text').textContent = item.text;
    $('now-minutes').textContent = String(item.minutes);
    fill($('now-parts'), guide.parts);
    fill($('now-keypoints'), guide.rubric ? guide.rubric.keyPoints : []);
    $('now-level1').textContent = guide.rubric ? guide.rubric.levels['1'] : '';
    $('now-level3').textContent = guide.rubric ? guide.rubric.levels['3'] : '';
    $('now-level5').textContent = guide.rubric ? guide.rubric.levels['5'] : '';
    fill($('now-followups'), guide.followUps);
    askedAt = Date.parse(when);
    $('now').hidden = false;
    document.querySelectorAll('#session-items li').forEach(li => {
      const current = Number(li.dataset.position) === position;
      li.classList.toggle('current', current);
      if (current) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
    });
    room.dataset.position = String(position);
    $('room-announce').textContent = 'Now asking question ' + position + ': ' + item.text;
  }

  function presence(p) {
    document.querySelectorAll('#panel li[data-user]').forEach(li => {
      const user = li.dataset.user;
      const here = user === 'candidate' ? p.candidate : (p.panelists || []).includes(user);
      li.querySelector('.presence-dot').hidden = !here;
    });
    $('candidate-presence').textContent = p.candidate ? 'in the room' : 'not connected';
  }

  // Counts only: the server never sends another panelist's values to the room.
  function progress(p) {
    (p.items || []).forEach(i => {
      const chip = document.querySelector('[data-progress="' + i.position + '"]');
      if (!chip) return;
      chip.textContent = i.rated + ' of ' + p.panelSize + ' rated';
      chip.hidden = i.rated === 0;
    });
    $('submitted-count').textContent = (p.submitted || []).length + ' of ' + p.panelSize + ' scorecards submitted';
    document.querySelectorAll('#panel li[data-user]').forEach(li => {
      li.classList.toggle('submitted', (p.submitted || []).includes(li.dataset.user));
    });
  }

  function onFrame(frame) {
    // Scoring (and anything else on the page) follows the same frames.
    document.dispatchEvent(new CustomEvent('panel:frame', { detail: frame }));
    if (frame.type === 'snapshot') {
      const session = frame.data.session.session;
      guides = {};
      frame.data.session.guides.forEach(g => { guides[g.position] = g; });
      items = {};
      session.items.forEach(i => { items[i.position] = i; });
      status = session.status;
      if (session.status === 'LIVE' && session.currentItem) {
        showQuestion(session.currentItem.position, session.items.length, session.currentItem.askedAt);
      }
      presence(frame.data.presence);
      if (frame.data.progress) progress(frame.data.progress);
    } else if (frame.type === 'progress') {
      progress(frame.data);
    } else if (frame.type === 'question') {
      showQuestion(frame.data.position, frame.data.total, frame.data.askedAt);
    } else if (frame.type === 'presence') {
      presence(frame.data);
    } else if (frame.type === 'status' && frame.data.status !== status) {
      status = frame.data.status;
      // Controls and details change with the status; unsaved scoring edits are saved first.
      Promise.resolve(window.panelFlush ? window.panelFlush() : null).finally(() => window.location.reload());
    }
  }

  function connect() {
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/sessions/' + id);
    socket.onopen = () => { $('live-state').textContent = 'Live: updates arrive as they happen.'; room.dataset.live = 'true'; };
    socket.onmessage = event => onFrame(JSON.parse(event.data));
    socket.onclose = event => {
      room.dataset.live = 'false';
      if (event.code === 4404) { $('live-state').textContent = 'Not available.'; return; }
      $('live-state').textContent = 'Reconnecting…';
      window.setTimeout(connect, 2000); // a reconnect brings a fresh snapshot
    };
  }

  window.setInterval(() => {
    if (!askedAt) return;
    const s = Math.max(0, Math.floor((Date.now() - askedAt) / 1000));
    $('now-timer').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }, 1000);
  connect();
})();
