// A panelist's scoring in the room: each question asked so far gets a 1–5 rating (a radio group: arrow keys, or the
// number keys for the question being asked), the rubric's words for the chosen level, and a note, saved as you go
// with a visible state. The question being asked is rated right under it; every asked question also in the list.
// Then the scorecard once the session has ended. The page never receives anyone else's values.
(function () {
  'use strict';
  const room = document.getElementById('room');
  if (!room || room.dataset.panelist !== 'true' || !window.PanelRoom) return;
  const live = window.PanelRoom;
  const id = room.dataset.session;
  const status = room.dataset.status;
  const $ = x => document.getElementById(x);
  const WORDS = { 1: 'weak', 2: 'below', 3: 'adequate', 4: 'good', 5: 'excellent' };
  const state = {}; // position -> { rating, note, revision, saving: Promise, timer, lastState: [text, kind] }
  const views = {}; // position -> widgets showing it (the list's, and the "now" card's)
  let submitted = false;
  const editable = () => !submitted && (status === 'LIVE' || status === 'ENDED');

  function levelText(position, value) {
    const g = live.guides[position];
    const levels = g && g.rubric ? g.rubric.levels : null;
    return levels ? levels[String(value)] : null;
  }

  function hintFor(position, rating) {
    if (!rating) return 'Choose 1 (weak) to 5 (excellent). The rubric says what a 1, a 3 and a 5 look like.';
    const anchor = rating === 2 ? 1 : rating === 4 ? 3 : rating;
    const text = levelText(position, anchor);
    const between = anchor !== rating ? ' Your ' + rating + ' is a notch above ' + anchor + '.' : '';
    return text ? 'Rubric for ' + anchor + ' (' + WORDS[anchor] + '): ' + text + between : '';
  }

  // One widget: built once, then only updated, so focus never jumps while someone rates or types.
  function widget(position, where) {
    const box = document.createElement('fieldset');
    box.className = 'rating';
    box.dataset.position = String(position);
    box.dataset.where = where;
    const legend = document.createElement('legend');
    legend.textContent = where === 'now' ? 'Your rating' : 'Your rating of question ' + position;
    box.appendChild(legend);
    const scale = document.createElement('div');
    scale.className = 'rating-scale';
    for (let v = 1; v <= 5; v++) {
      const label = document.createElement('label');
      label.className = 'rating-option';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'rating-' + where + '-' + position;
      input.value = String(v);
      input.dataset.rate = String(v);
      input.addEventListener('change', () => choose(position, v));
      const number = document.createElement('span');
      number.className = 'num';
      number.textContent = String(v);
      const word = document.createElement('span');
      word.className = 'word';
      word.textContent = WORDS[v];
      label.append(input, number, word);
      scale.appendChild(label);
    }
    box.appendChild(scale);
    const hint = document.createElement('p');
    hint.className = 'small rate-hint';
    box.appendChild(hint);
    const noteLabel = document.createElement('label');
    noteLabel.className = 'sr-only';
    noteLabel.textContent = 'Your note on question ' + position;
    const note = document.createElement('textarea');
    note.rows = 2;
    note.maxLength = 10000;
    note.placeholder = 'Note (others see it only once they have submitted too)';
    note.id = 'note-' + where + '-' + position;
    noteLabel.htmlFor = note.id;
    note.dataset.note = String(position);
    note.addEventListener('input', () => {
      const s = state[position];
      s.note = note.value;
      s.changedAt = Date.now();
      sync(position, note);
      if (!s.rating) { remember(position, 'Pick a rating to save the note', 'warn'); return; }
      remember(position, 'Editing…', 'pending');
      window.clearTimeout(s.timer);
      s.timer = window.setTimeout(() => save(position), 700);
    });
    box.append(noteLabel, note);
    const foot = document.createElement('div');
    foot.className = 'rate-foot';
    const saved = document.createElement('span');
    saved.className = 'small save-state';
    saved.dataset.saveState = String(position);
    saved.setAttribute('aria-live', 'polite');
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'btn secondary small';
    clear.textContent = 'Clear';
    clear.dataset.clear = String(position);
    clear.addEventListener('click', () => clearRating(position));
    foot.append(saved, clear);
    box.appendChild(foot);
    (views[position] = views[position] || []).push(box);
    return box;
  }

  // Shows the state in every widget of the question; `except` is the element being typed in, left alone.
  function sync(position, except) {
    const s = state[position];
    (views[position] || []).forEach(box => {
      box.querySelectorAll('input[type=radio]').forEach(r => {
        r.checked = Number(r.value) === s.rating;
        r.disabled = !editable();
      });
      const note = box.querySelector('textarea');
      if (note !== except && note.value !== (s.note || '')) note.value = s.note || '';
      note.disabled = !editable();
      box.querySelector('.rate-hint').textContent = hintFor(position, s.rating);
      box.querySelector('[data-clear]').hidden = !s.rating || !editable();
      const saved = box.querySelector('.save-state');
      saved.textContent = s.lastState ? s.lastState[0] : '';
      saved.dataset.kind = s.lastState ? s.lastState[1] : '';
    });
  }

  function remember(position, text, kind) {
    state[position].lastState = [text, kind];
    sync(position);
  }

  function choose(position, value) {
    if (!editable()) return;
    const s = state[position];
    s.rating = value;
    s.changedAt = Date.now();
    sync(position);
    save(position);
  }

  // One save at a time per question, in order; each sends the revision it last saw, so a second tab gets a 409
  // ("changed elsewhere") instead of silently overwriting.
  function save(position) {
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
      } else {
        remember(position, 'Not saved: ' + ((result.problem && result.problem.detail) || result.status), 'error');
      }
      updateScorecard();
    });
    return s.saving;
  }

  function clearRating(position) {
    const s = state[position];
    window.clearTimeout(s.timer);
    s.timer = null;
    const startedAt = Date.now();
    s.saving = (s.saving || Promise.resolve()).then(async () => {
      const result = await Panel.api('DELETE', '/api/sessions/' + id + '/ratings/' + position + '?revision=' + s.revision);
      if (result.ok) {
        // The server's revision after the clear; what was chosen or typed meanwhile stays (and saves next).
        const fresh = await Panel.api('GET', '/api/sessions/' + id + '/scorecard');
        const row = fresh.ok ? (fresh.data.ratings || []).find(r => r.position === position) : null;
        if (row) s.revision = row.revision;
        if (!(s.changedAt > startedAt)) {
          s.rating = null;
          s.note = '';
        }
        remember(position, 'Cleared', 'ok');
      } else {
        remember(position, (result.problem && result.problem.detail) || 'Not cleared', 'error');
      }
      updateScorecard();
    });
  }

  // Saves whatever is still waiting (a note typed just before the lead ended the session).
  window.panelFlush = () => Promise.all(Object.keys(state).map(p => {
    const s = state[p];
    if (s.timer && s.rating) save(Number(p));
    return s.saving || Promise.resolve();
  }));

  // The list: a widget for each question asked so far; the others say they are not asked yet.
  function showInList(position) {
    const li = document.querySelector('#session-items li[data-position="' + position + '"]');
    if (!li || li.querySelector('fieldset.rating')) return;
    li.querySelector('.rate-slot').appendChild(widget(position, 'list'));
    const notAsked = li.querySelector('.not-asked');
    if (notAsked) notAsked.hidden = true;
    sync(position);
  }

  // The "now" card: the question being asked, rated right under it.
  function showNow(position) {
    const slot = $('now-rating');
    if (!slot || status !== 'LIVE') return;
    const existing = slot.querySelector('fieldset.rating');
    if (existing && Number(existing.dataset.position) === position) return;
    if (existing) {
      const p = Number(existing.dataset.position);
      views[p] = (views[p] || []).filter(b => b !== existing);
      existing.remove();
    }
    slot.appendChild(widget(position, 'now'));
    sync(position);
  }

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
    if (status !== 'SCHEDULED') {
      // Everything already rated shows too (a question the lead has since skipped back over stays editable).
      Object.keys(state).map(Number).filter(p => live.asked.has(p) || state[p].rating).forEach(showInList);
      if (live.current) showNow(live.current);
    }
    room.dataset.scoring = 'ready';
    updateScorecard();
  }

  live.on((type, data) => {
    if (room.dataset.scoring !== 'ready') return;
    if (type === 'question') {
      showInList(data.position);
      showNow(data.position);
    } else if (type === 'snapshot') {
      Object.keys(views).forEach(p => sync(Number(p))); // the rubric's words arrive with the snapshot
    }
  });

  // Number keys rate the question being asked (or the one whose rating has the focus), unless one is typing.
  document.addEventListener('keydown', event => {
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[1-5]$/.test(event.key)) return;
    const target = event.target;
    if (target.matches && target.matches('textarea, input[type=text], input[type=search], select')) return;
    const within = target.closest && target.closest('fieldset.rating');
    const position = within ? Number(within.dataset.position) : live.current;
    if (!position || !state[position] || !views[position] || !editable()) return;
    event.preventDefault();
    choose(position, Number(event.key));
    const shown = within || views[position].find(box => box.offsetParent !== null) || views[position][0];
    const focused = shown.querySelector('input[value="' + event.key + '"]');
    if (focused) focused.focus();
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
      Object.keys(state).forEach(p => sync(Number(p)));
      updateScorecard();
      $('open-debrief').focus();
    });
  }
  load();
})();
