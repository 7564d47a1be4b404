// The set builder: search the bank, add with one click, reorder by drag and drop or keyboard, time each question.
(function () {
  'use strict';
  const form = document.getElementById('set-form');
  if (!form) return;
  const setId = form.dataset.id || null;
  const list = document.getElementById('set-items');
  const announce = document.getElementById('announce');
  const formError = document.getElementById('form-error');
  let version = null;
  let titles = {};
  let items = []; // { questionId, text, category, minutes, questionVersion }

  // Rows are cloned from the page's <template>s and filled with textContent: nothing is parsed as HTML.
  const clone = id => document.getElementById(id).content.firstElementChild.cloneNode(true);
  const slot = (node, name) => node.querySelector('[data-slot="' + name + '"]');
  const say = text => { announce.textContent = ''; window.setTimeout(() => { announce.textContent = text; }, 30); };

  function render(focus) {
    list.replaceChildren();
    items.forEach((item, index) => {
      const li = clone('set-item-template');
      li.dataset.index = String(index);
      li.dataset.question = item.questionId;
      slot(li, 'text').textContent = item.text;
      slot(li, 'category').textContent = titles[item.category] || item.category;
      const version = slot(li, 'version');
      if (item.questionVersion) version.textContent = 'v' + item.questionVersion; else version.remove();
      const minutes = li.querySelector('[data-role="minutes"]');
      minutes.id = 'min-' + index;
      minutes.value = item.minutes;
      slot(li, 'minutes-label').htmlFor = minutes.id;
      const up = li.querySelector('[data-role="up"]');
      up.setAttribute('aria-label', 'Move up: ' + item.text);
      up.disabled = index === 0;
      const down = li.querySelector('[data-role="down"]');
      down.setAttribute('aria-label', 'Move down: ' + item.text);
      down.disabled = index === items.length - 1;
      li.querySelector('[data-role="remove"]').setAttribute('aria-label', 'Remove: ' + item.text);
      list.appendChild(li);
    });
    document.getElementById('empty-items').hidden = items.length > 0;
    summarize();
    markAdded();
    if (focus) {
      const target = list.children[focus.index];
      const button = target && (target.querySelector('[data-role="' + focus.role + '"]:not([disabled])') || target.querySelector('[data-role="minutes"]'));
      if (button) button.focus();
    }
  }

  function summarize() {
    const minutes = items.reduce((sum, i) => sum + (Number(i.minutes) || 0), 0);
    document.getElementById('total-count').textContent = String(items.length);
    document.getElementById('total-minutes').textContent = String(minutes);
    const coverage = {};
    items.forEach(i => {
      const c = coverage[i.category] || (coverage[i.category] = { count: 0, minutes: 0 });
      c.count++;
      c.minutes += Number(i.minutes) || 0;
    });
    const rows = Object.keys(coverage).map(k => {
      const li = clone('coverage-template');
      slot(li, 'category').textContent = titles[k] || k;
      slot(li, 'count').textContent = coverage[k].count + ' · ' + coverage[k].minutes + ' min';
      return li;
    });
    document.getElementById('coverage').replaceChildren(...rows);
  }

  function move(from, to, role) {
    if (to < 0 || to >= items.length || from === to) return;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    render({ index: to, role });
    say('Moved ' + item.text + ' to position ' + (to + 1) + ' of ' + items.length);
  }

  list.addEventListener('click', event => {
    const button = event.target.closest('button[data-role]');
    if (!button) return;
    const index = Number(button.closest('li').dataset.index);
    if (button.dataset.role === 'up') move(index, index - 1, 'up');
    if (button.dataset.role === 'down') move(index, index + 1, 'down');
    if (button.dataset.role === 'remove') {
      const [removed] = items.splice(index, 1);
      render({ index: Math.min(index, items.length - 1), role: 'remove' });
      say('Removed ' + removed.text);
    }
  });

  list.addEventListener('input', event => {
    if (event.target.dataset.role !== 'minutes') return;
    const index = Number(event.target.closest('li').dataset.index);
    items[index].minutes = event.target.value === '' ? '' : Number(event.target.value);
    summarize();
  });

  // Drag and drop.
  let dragged = null;
  list.addEventListener('dragstart', event => {
    const li = event.target.closest('li');
    dragged = Number(li.dataset.index);
    li.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', String(dragged));
  });
  list.addEventListener('dragover', event => {
    const li = event.target.closest('li');
    if (!li || dragged === null) return;
    event.preventDefault();
    list.querySelectorAll('.drop-target').forEach(e => e.classList.remove('drop-target'));
    li.classList.add('drop-target');
  });
  list.addEventListener('drop', event => {
    const li = event.target.closest('li');
    if (!li || dragged === null) return;
    event.preventDefault();
    const to = Number(li.dataset.index);
    const from = dragged;
    dragged = null;
    move(from, to, 'up');
  });
  list.addEventListener('dragend', () => {
    dragged = null;
    list.querySelectorAll('.dragging, .drop-target').forEach(e => e.classList.remove('dragging', 'drop-target'));
  });

  // Bank search.
  const results = document.getElementById('bank-results');
  async function search() {
    const q = document.getElementById('bank-q').value.trim();
    const url = '/api/questions?size=25' + (q ? '&q=' + encodeURIComponent(q) : '');
    const result = await Panel.api('GET', url);
    if (!result.ok) {
      document.getElementById('bank-count').textContent = (result.problem && result.problem.detail) || 'Search failed.';
      return;
    }
    document.getElementById('bank-count').textContent = result.data.total + ' found' + (result.data.total > 25 ? ', showing 25' : '');
    results.replaceChildren();
    result.data.items.forEach(q => {
      const li = clone('bank-result-template');
      li.dataset.question = q.id;
      slot(li, 'text').textContent = q.text;
      slot(li, 'category').textContent = titles[q.category] || q.category;
      slot(li, 'minutes').textContent = q.minutes + ' min';
      li.querySelector('button').setAttribute('aria-label', 'Add: ' + q.text);
      li.querySelector('button').addEventListener('click', () => {
        if (items.some(i => i.questionId === q.id)) return;
        items.push({ questionId: q.id, text: q.text, category: q.category, minutes: q.minutes, questionVersion: null });
        render();
        say('Added ' + q.text + '; ' + items.length + ' questions in the set');
      });
      results.appendChild(li);
    });
    markAdded();
  }
  function markAdded() {
    results.querySelectorAll('li').forEach(li => {
      const added = items.some(i => i.questionId === li.dataset.question);
      const button = li.querySelector('button');
      button.disabled = added;
      button.textContent = added ? 'Added' : 'Add';
    });
  }
  document.getElementById('bank-search').addEventListener('click', search);
  document.getElementById('bank-q').addEventListener('keydown', event => {
    if (event.key === 'Enter') { event.preventDefault(); search(); }
  });

  // Save.
  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  }
  function showProblem(result) {
    const problem = result.problem || {};
    let placed = 0;
    (problem.errors || []).forEach(error => {
      const match = /^items\[(\d+)\]/.exec(error.field);
      if (match && list.children[Number(match[1])]) {
        const li = list.children[Number(match[1])];
        li.setAttribute('aria-invalid', 'true');
        li.querySelector('[data-role="error"]').textContent = error.message;
        placed++;
      } else if (error.field === 'name' || error.field === 'items') {
        document.getElementById('err-' + error.field).textContent = error.message;
        if (error.field === 'name') document.getElementById('s-name').setAttribute('aria-invalid', 'true');
        placed++;
      }
    });
    if (result.status === 409 && problem.type && problem.type.endsWith('/stale-version')) {
      const reload = document.createElement('a');
      reload.href = window.location.pathname;
      reload.textContent = 'reload';
      formError.replaceChildren(problem.detail + ' Your edits are still here; ', reload, ' to start from their version.');
    } else if (placed === 0 || placed < (problem.errors || []).length) {
      formError.textContent = problem.detail || 'The set could not be saved.';
    } else {
      formError.textContent = 'Please fix the problems marked below.';
    }
    formError.hidden = false;
    formError.focus();
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    const body = {
      name: document.getElementById('s-name').value.trim(),
      description: document.getElementById('s-description').value.trim(),
      items: items.map(i => {
        const item = { questionId: i.questionId, minutes: i.minutes === '' ? null : i.minutes };
        if (i.questionVersion) item.questionVersion = i.questionVersion;
        return item;
      })
    };
    if (setId) body.version = version;
    const save = document.getElementById('save-set');
    save.disabled = true;
    try {
      const result = setId
        ? await Panel.api('PUT', '/api/question-sets/' + setId, body)
        : await Panel.api('POST', '/api/question-sets', body);
      if (result.ok) {
        window.location.assign('/question-sets/' + result.data.id);
        return;
      }
      showProblem(result);
    } finally {
      save.disabled = false;
    }
  });

  async function start() {
    const categories = await Panel.api('GET', '/api/questions/categories');
    if (categories.ok) categories.data.forEach(c => { titles[c.key] = c.title; });
    if (setId) {
      const result = await Panel.api('GET', '/api/question-sets/' + setId);
      if (!result.ok) {
        formError.textContent = (result.problem && result.problem.detail) || 'Could not load the set.';
        formError.hidden = false;
        return;
      }
      const set = result.data;
      version = set.version;
      document.getElementById('s-name').value = set.name;
      document.getElementById('s-description').value = set.description || '';
      items = set.items.map(i => ({ questionId: i.questionId, text: i.text, category: i.category, minutes: i.minutes, questionVersion: i.questionVersion }));
    }
    render();
    form.dataset.ready = 'true';
    search();
  }
  start();
})();
