// A panelist's scoring in the session room: rate each question 1–5 with the rubric's 1/3/5 descriptions as hints,
// an optional note, autosaved with a visible state; then the scorecard once the session has ended. The page never
// receives anyone else's values: the room's frames carry counts only.
(function () {
  'use strict';
  const room = document.getElementById('room');
  if (!room || room.dataset.panelist !== 'true') return;
  const id = room.dataset.session;
  const status = room.dataset.status;
  const $ = x => document.getElementById(x);
  const state = {}; // position -> { rating, note, revision, saving: Promise, timer }
  let guides = {};
  let guidesLoaded = false;
  let submitted = false;
  const editable = () => !submitted && (status === 'LIVE' || status === 'ENDED');

  function levelHint(position, value) {
    const g = guides[position];
    const levels = g && g.rubric ? g.rubric.levels : null;
    return levels && levels[String(value)] ? levels[String(value)] : null;
  }

  function setState(position, text, kind) {
    const el = document.querySelector('[data-save-state="' + position + '"]');
    if (!el) return;
    el.textContent = text;
    el.dataset.kind = kind || '';
  }

  function render(position) {
    const li = document.querySelector('#session-items li[data-position="' + position + '"]');
    const slot = li && li.querySelector('.rate-slot');
    if (!slot) return;
    const s = state[position];
    slot.innerHTML = '';
    const box = document.createElement('div');
    box.className = 'rate';
    const group = document.createElement('div');
    group.className = 'rate-buttons';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', 'Your rating of question ' + position);
    for (let v = 1; v <= 5; v++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'rate-btn';
      b.textContent = String(v);
      b.dataset.rate = String(v);
      b.setAttribute('aria-pressed', String(s.rating === v));
      const hint = levelHint(position, v);
      if (hint) b.title = v + ': ' + hint;
      b.disabled = !editable();
      b.addEventListener('click', () => { s.rating = v; s.changedAt = Date.now(); save(position, true); render(position); });
      group.appendChild(b);
    }
    box.appendChild(group);
    const hint = document.createElement('p');
    hint.className = 'small muted rate-hint';
    const anchor = s.rating === 2 ? 1 : s.rating === 4 ? 3 : s.rating;
    const shown = s.rating ? levelHint(position, anchor) : null;
    hint.textContent = shown
      ? 'Rubric for ' + anchor + (anchor !== s.rating ? ' (your ' + s.rating + ' is a notch above)' : '') + ': ' + shown
      : 'Hover a number for the rubric\'s 1, 3 and 5 descriptions.';
    box.appendChild(hint);
    const note = document.createElement('textarea');
    note.rows = 2;
    note.maxLength = 10000;
    note.placeholder = 'Note (other panelists see it only once they have submitted too)';
    note.setAttribute('aria-label', 'Your note on question ' + position);
    note.dataset.note = String(position);
    note.value = s.note || '';
    note.disabled = !editable();
    note.addEventListener('input', () => {
      s.note = note.value;
      s.changedAt = Date.now();
      if (!s.rating) { setState(position, 'Pick a rating to save the note', 'warn'); return; }
      setState(position, 'Editing…', 'pending');
      window.clearTimeout(s.timer);
      s.timer = window.setTimeout(() => save(position, false), 700);
    });
    box.appendChild(note);
    const foot = document.createElement('div');
    foot.className = 'rate-foot';
    const saved = document.createElement('span');
    saved.className = 'small save-state';
    saved.dataset.saveState = String(position);
    saved.setAttribute('aria-live', 'polite');
    foot.appendChild(saved);
    if (s.rating && editable()) {
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'btn secondary small';
      clear.textContent = 'Clear';
      clear.addEventListener('click', () => clearRating(position));
      foot.appendChild(clear);
    }
    box.appendChild(foot);
    slot.appendChild(box);
    if (s.lastState) setState(position, s.lastState[0], s.lastState[1]);
  }

  function remember(position, text, kind) {
    state[position].lastState = [text, kind];
    setState(position, text, kind);
  }

  // One save at a time per question, in order; each sends the revision it last saw, so a second tab gets a 409
  // ("changed elsewhere") instead of silently overwriting.
  function save(position, now) {
    const s = state[position];
    window.clearTimeout(s.timer);
    s.timer = null;
    remember(position, 'Saving…', 'pending');
    s.saving = (s.saving || Promise.resolve()).then(async () => {
      const result = await Panel.api('PUT', '/api/sessions/' + id + '/ratings/' + position,
        { rating: s.rating, note: s.note || null, revision: s.revision });
      if (result.ok) {
        s.revision = result.data.revision;
        remember(position, 'Saved', 'ok');
      } else if (result.status === 409) {
        remember(position, (result.problem && result.problem.detail) || 'Not saved', 'error');
      } else {
        remember(position, 'Not saved: ' + ((result.problem && result.problem.detail) || result.status), 'error');
      }
      updateScorecard();
    });
    return now ? s.saving : null;
  }

  function clearRating(position) {
    const s = state[position];
    window.clearTimeout(s.timer);
    s.timer = null;
    const startedAt = Date.now();
    s.saving = (s.saving || Promise.resolve()).then(async () => {
      const result = await Panel.api('DELETE', '/api/sessions/' + id + '/ratings/' + position + '?revision=' + s.revision);
      if (result.ok) {
        // The server's revision after the clear; what was clicked or typed meanwhile stays (and saves next).
        const fresh = await Panel.api('GET', '/api/sessions/' + id + '/scorecard');
        const row = fresh.ok ? (fresh.data.ratings || []).find(r => r.position === position) : null;
        if (row) s.revision = row.revision;
        if (!(s.changedAt > startedAt)) {
          s.rating = null;
          s.note = '';
        }
        s.lastState = ['Cleared', 'ok'];
      } else {
        s.lastState = [(result.problem && result.problem.detail) || 'Not cleared', 'error'];
      }
      render(position);
      updateScorecard();
    });
  }

  // Saves whatever is still waiting (a note typed just before the lead ended the session).
  window.panelFlush = () => Promise.all(Object.keys(state).map(p => {
    const s = state[p];
    if (s.timer && s.rating) save(Number(p), true);
    return s.saving || Promise.resolve();
  }));

  function updateScorecard() {
    const card = $('scorecard');
    if (!card) return;
    const rated = Object.values(state).filter(s => s.rating).length;
    const total = Object.keys(state).length;
    card.hidden = status !== 'ENDED' && status !== 'DECIDED' && !submitted;
    if (submitted) {
      $('scorecard-state').textContent = 'Submitted. Your ratings are locked.';
      $('scorecard-form').hidden = true;
      $('scorecard-done').hidden = false;
    } else if (status === 'ENDED') {
      $('scorecard-state').textContent = 'You rated ' + rated + ' of ' + total + ' questions.'
        + (rated < total ? ' Questions you leave unrated count as not assessed.' : '');
      $('scorecard-form').hidden = false;
    } else {
      $('scorecard-state').textContent = 'The session is ' + status.toLowerCase() + '; scorecards are closed.';
    }
  }

  async function load() {
    const result = await Panel.api('GET', '/api/sessions/' + id + '/scorecard');
    if (!result.ok) return;
    const card = result.data;
    submitted = card.submitted;
    document.querySelectorAll('#session-items li[data-position]').forEach(li => {
      state[li.dataset.position] = { rating: null, note: '', revision: 0 };
    });
    (card.ratings || []).forEach(r => { state[r.position] = { rating: r.rating, note: r.note || '', revision: r.revision }; });
    if (card.recommendation) {
      const radio = document.querySelector('input[name="recommendation"][value="' + card.recommendation + '"]');
      if (radio) radio.checked = true;
    }
    if (status === 'SCHEDULED') return; // rating opens when the session starts
    Object.keys(state).forEach(p => render(Number(p)));
    room.dataset.scoring = 'ready';
    updateScorecard();
  }

  document.addEventListener('panel:frame', event => {
    const frame = event.detail;
    // Only the first snapshot redraws (a reconnect's snapshot must not take the focus from a note being typed).
    if (frame.type === 'snapshot' && !guidesLoaded) {
      guidesLoaded = true;
      guides = {};
      frame.data.session.guides.forEach(g => { guides[g.position] = g; });
      if (room.dataset.scoring === 'ready') Object.keys(state).forEach(p => render(Number(p)));
    }
  });

  const form = $('scorecard-form');
  if (form) {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const error = $('scorecard-error');
      error.hidden = true;
      const choice = form.querySelector('input[name="recommendation"]:checked');
      const summary = $('scorecard-summary').value.trim();
      if (!choice || !summary) {
        error.textContent = 'Choose a recommendation and write a short summary.';
        error.hidden = false;
        return;
      }
      await window.panelFlush();
      const unsaved = Object.keys(state).filter(p => state[p].lastState && state[p].lastState[1] === 'error');
      if (unsaved.length > 0) {
        error.textContent = 'Not submitted: your rating of question ' + unsaved.join(', ') + ' is not saved. '
          + 'Check it (reload if it was changed elsewhere), then submit.';
        error.hidden = false;
        return;
      }
      const result = await Panel.api('POST', '/api/sessions/' + id + '/scorecard', { recommendation: choice.value, summary });
      if (!result.ok) {
        error.textContent = (result.problem && result.problem.detail) || 'Not submitted.';
        error.hidden = false;
        return;
      }
      submitted = true;
      Object.keys(state).forEach(p => render(Number(p)));
      updateScorecard();
      $('open-debrief').focus();
    });
  }
  load();
})();
