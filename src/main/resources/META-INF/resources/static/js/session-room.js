// The live room for panelists, managers and admins: follows the session over /ws/sessions/{id} (the console's cookie
// authenticates the upgrade). Shows the question being asked with its rubric, follow-ups and timer, who is in the
// room and the scoring progress (counts only). Other scripts of the page follow it through window.PanelRoom.
(function () {
  'use strict';
  const room = document.getElementById('room');
  if (!room) return;
  const id = room.dataset.session;
  const $ = x => document.getElementById(x);
  const listeners = [];
  const state = {
    id,
    status: room.dataset.status,
    current: null,
    items: {},
    guides: {},
    asked: new Set((room.dataset.asked || '').split(',').filter(x => x).map(Number)),
    on(fn) { listeners.push(fn); }
  };
  window.PanelRoom = state;
  const emit = (type, data) => listeners.forEach(fn => fn(type, data));
  let askedAt = null;
  const wide = window.matchMedia('(min-width: 1000px)');

  function fill(list, values) {
    list.replaceChildren(...(values || []).map(v => { const li = document.createElement('li'); li.textContent = v; return li; }));
  }

  function showGuide(position) {
    const guide = state.guides[position] || {};
    fill($('now-keypoints'), guide.rubric ? guide.rubric.keyPoints : []);
    $('now-level1').textContent = guide.rubric ? guide.rubric.levels['1'] : '';
    $('now-level3').textContent = guide.rubric ? guide.rubric.levels['3'] : '';
    $('now-level5').textContent = guide.rubric ? guide.rubric.levels['5'] : '';
    fill($('now-followups'), guide.followUps);
    const details = $('now-guide');
    if (details.hidden) {
      details.hidden = false;
      details.open = wide.matches; // beside the question on a wide screen; folded on a phone
    }
  }

  function showQuestion(position, total, when) {
    const item = state.items[position];
    if (!item) return;
    const changed = state.current !== position;
    state.current = position;
    state.asked.add(position);
    $('now-progress').textContent = 'Question ' + position + ' of ' + total;
    $('now-text').textContent = item.text;
    $('now-minutes').textContent = String(item.minutes);
    fill($('now-parts'), (state.guides[position] || {}).parts || item.parts);
    showGuide(position);
    askedAt = Date.parse(when);
    tick();
    $('now').hidden = false;
    $('room-now').hidden = false;
    document.querySelectorAll('#session-items li[data-position]').forEach(li => {
      const current = Number(li.dataset.position) === position;
      li.classList.toggle('current', current);
      if (current) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      if (current) li.dataset.asked = 'true';
    });
    room.dataset.position = String(position);
    if (changed) $('room-announce').textContent = 'Now asking question ' + position + ': ' + item.text;
    emit('question', { position, total });
  }

  function presence(p) {
    const over = ['ENDED', 'DECIDED', 'CANCELLED'].includes(state.status);
    document.querySelectorAll('#panel li[data-user]').forEach(li => {
      const user = li.dataset.user;
      const dot = li.querySelector('[data-presence]');
      if (dot) dot.hidden = over || !(p.panelists || []).includes(user);
    });
    $('candidate-presence').textContent = over ? 'the interview is over'
      : p.candidate ? 'in the room' : 'not connected';
  }

  // Counts only: the server never sends another panelist's values to the room.
  function progress(p) {
    (p.items || []).forEach(i => {
      const chip = document.querySelector('[data-progress="' + i.position + '"]');
      if (!chip) return;
      chip.textContent = i.rated + ' of ' + p.panelSize + ' rated';
      chip.hidden = i.rated === 0;
    });
    const submitted = p.submitted || [];
    const shadows = p.shadowsSubmitted || [];
    $('submitted-count').textContent = submitted.length + ' of ' + p.panelSize + ' scorecards submitted';
    document.querySelectorAll('#panel li[data-user]').forEach(li => {
      const done = li.querySelector('[data-done]');
      if (done) done.hidden = !submitted.includes(li.dataset.user) && !shadows.includes(li.dataset.user);
    });
  }

  function onFrame(frame) {
    emit('frame', frame);
    if (frame.type === 'snapshot') {
      const session = frame.data.session.session;
      state.guides = {};
      frame.data.session.guides.forEach(g => { state.guides[g.position] = g; });
      state.items = {};
      session.items.forEach(i => { state.items[i.position] = i; });
      state.status = session.status;
      (session.askedPositions || []).forEach(p => state.asked.add(p));
      emit('snapshot', frame.data);
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
    } else if (frame.type === 'status' && frame.data.status !== state.status) {
      state.status = frame.data.status;
      // Controls and details change with the status; unsaved scoring edits are saved first.
      Promise.resolve(window.panelFlush ? window.panelFlush() : null).finally(() => window.location.reload());
    }
  }

  function connected(yes, text) {
    $('live-state').dataset.state = yes ? 'connected' : 'reconnecting';
    $('live-state').textContent = text;
    room.dataset.live = String(yes);
  }

  function connect() {
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/sessions/' + id);
    socket.onopen = () => connected(true, 'Connected');
    socket.onmessage = event => onFrame(JSON.parse(event.data));
    socket.onclose = event => {
      if (event.code === 4404) { connected(false, 'Not available'); return; }
      connected(false, 'Reconnecting…');
      window.setTimeout(connect, 2000); // a reconnect brings a fresh snapshot
    };
  }

  function tick() {
    if (!askedAt || state.status !== 'LIVE') return;
    const s = Math.max(0, Math.floor((Date.now() - askedAt) / 1000));
    $('now-timer').textContent = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }
  window.setInterval(tick, 1000);
  connect();
})();
