// A report page: reads the report's JSON with the page's filters, draws it with Apache ECharts (served from the
// app) and lists the same rows in a table. The CSV link carries the same filters.
(function () {
  'use strict';
  const section = document.getElementById('report');
  if (!section) return;
  const name = section.dataset.report;
  const query = window.location.search;
  const $ = x => document.getElementById(x);
  $('csv-download').href = '/reports/' + name + '.csv' + query;

  const fmt = v => v === null || v === undefined ? '—' : (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v));
  const pct = v => v === null || v === undefined ? '—' : Math.round(v * 100) + '%';

  function table(columns, rows) {
    const t = $('report-table');
    t.replaceChildren();
    const head = t.createTHead().insertRow();
    columns.forEach(c => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = c[0]; if (c[2]) th.className = 'num'; head.appendChild(th); });
    const body = t.createTBody();
    rows.forEach(r => {
      const tr = body.insertRow();
      columns.forEach(c => { const td = tr.insertCell(); td.textContent = c[1](r); if (c[2]) td.className = 'num'; });
    });
  }

  // Tooltips drawn on the canvas (richText), not as HTML with inline styles, which the page's CSP refuses; the grid
  // keeps room for both axes' labels.
  const TOOLTIP = { renderMode: 'richText', confine: true, backgroundColor: '#1d2330', borderWidth: 0,
    textStyle: { color: '#ffffff', fontSize: 13 } };
  function chart(option) {
    const el = $('chart');
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    const tooltip = Object.assign({ trigger: 'axis' }, TOOLTIP, option.tooltip || {});
    // Axis names run inwards from their axis, so the right one is not cut at the chart's edge.
    if (Array.isArray(option.yAxis)) {
      option.yAxis.forEach((axis, i) => { axis.nameTextStyle = { align: i === 0 ? 'left' : 'right' }; });
    }
    instance.setOption(Object.assign({ animation: false, grid: { left: 16, right: 16, top: 48, bottom: 16, containLabel: true } },
      option, { tooltip }));
    el.dataset.rendered = 'true';
    window.reportChart = instance; // for the browser tests: hover it, read it
    window.addEventListener('resize', () => instance.resize());
  }

  const renderers = {
    pipeline(data) {
      const rows = data.rows;
      if (rows.length === 0) return false;
      const weeks = [...new Set(rows.map(r => r.week || 'undated'))];
      const sum = (key) => weeks.map(w => rows.filter(r => (r.week || 'undated') === w).reduce((a, r) => a + r[key], 0));
      const hires = sum('hires'), decided = sum('decided');
      chart({
        legend: { top: 0 },
        xAxis: { type: 'category', data: weeks },
        yAxis: [{ type: 'value', name: 'sessions', minInterval: 1 }, { type: 'value', name: 'hire rate', min: 0, max: 1, axisLabel: { formatter: v => Math.round(v * 100) + '%' } }],
        series: [
          { name: 'Scheduled', type: 'bar', data: sum('scheduled') },
          { name: 'Held', type: 'bar', data: sum('held') },
          { name: 'Cancelled', type: 'bar', data: sum('cancelled') },
          { name: 'Decided', type: 'bar', data: decided },
          { name: 'Hire rate', type: 'line', yAxisIndex: 1, data: decided.map((d, i) => d ? hires[i] / d : null) }
        ]
      });
      const t = data.totals;
      $('report-summary').replaceChildren();
      const p = document.createElement('p');
      p.id = 'pipeline-totals';
      p.textContent = 'All: ' + t.scheduled + ' scheduled, ' + t.held + ' held, ' + t.cancelled + ' cancelled, ' + t.decided
        + ' decided, hire rate ' + pct(t.hireRate) + ', median ' + fmt(t.medianHoursToDecision) + ' h from end to decision.';
      $('report-summary').appendChild(p);
      table([['Week', r => r.week || '—'], ['Position', r => r.position], ['Scheduled', r => r.scheduled, 1], ['Held', r => r.held, 1],
        ['Cancelled', r => r.cancelled, 1], ['Decided', r => r.decided, 1], ['Hires', r => r.hires, 1], ['Hire rate', r => pct(r.hireRate), 1],
        ['Median h to decision', r => fmt(r.medianHoursToDecision), 1]], rows);
      return true;
    },
    interviewers(data) {
      const rows = data.rows;
      if (rows.length === 0) return false;
      chart({
        legend: { top: 0 },
        xAxis: { type: 'category', data: rows.map(r => r.interviewerName || r.interviewer) },
        yAxis: [{ type: 'value', name: 'leniency' }, { type: 'value', name: 'mean rating', min: 1, max: 5 }],
        series: [
          { name: 'Leniency', type: 'bar', data: rows.map(r => r.leniency) },
          { name: 'Mean rating', type: 'line', yAxisIndex: 1, data: rows.map(r => r.meanRating) }
        ]
      });
      table([['Interviewer', r => r.interviewerName || r.interviewer], ['Ratings', r => r.ratings, 1], ['Mean', r => fmt(r.meanRating), 1],
        ['Leniency', r => fmt(r.leniency) + (r.fewComparisons && r.leniency !== null ? ' (few items)' : ''), 1], ['Compared items', r => r.comparedItems, 1],
        ['Strong no / no / yes / strong yes', r => [r.strongNo, r.no, r.yes, r.strongYes].join(' / '), 1],
        ['Submitted', r => r.submitted + ' of ' + r.seats, 1], ['Submission rate', r => pct(r.submissionRate), 1],
        ['Median min to submit', r => fmt(r.medianSubmitDelayMinutes), 1], ['Drift', r => r.driftFlagged ? 'flagged' : '']], rows);
      return true;
    },
    qualification(data) {
      const rows = data.rows;
      if (rows.length === 0) return false;
      const people = [...new Set(rows.map(r => r.interviewerName || r.interviewer))];
      const categories = [...new Set(rows.map(r => r.category))];
      // A heat map: interviewer × category, coloured by alpha; empty cells have no comparisons yet.
      chart({
        tooltip: { trigger: 'item', formatter: p => p.data ? categories[p.data[0]] + ' · ' + people[p.data[1]] + ': alpha ' + fmt(p.data[2]) : '' },
        grid: { left: 16, right: 16, top: 16, bottom: 56, containLabel: true },
        xAxis: { type: 'category', data: categories.map(c => c.split('/').pop()), axisLabel: { rotate: 35, interval: 0 } },
        yAxis: { type: 'category', data: people },
        visualMap: { min: 0, max: 1, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, text: ['alpha 1', '0'],
          inRange: { color: ['#b3261e', '#f2c14e', '#2e7d32'] } },
        series: [{ type: 'heatmap', data: rows.filter(r => r.alphaInterval !== null)
          .map(r => [categories.indexOf(r.category), people.indexOf(r.interviewerName || r.interviewer), Math.max(0, r.alphaInterval)]) }]
      });
      const p = document.createElement('p');
      p.id = 'qualification-rule';
      p.textContent = 'Qualified: at least ' + data.minComparisons + ' comparisons and interval alpha at least ' + data.alphaThreshold + '.';
      $('report-summary').replaceChildren(p);
      table([['Interviewer', r => r.interviewerName || r.interviewer], ['Category', r => r.category],
        ['Comparisons', r => r.comparisons, 1], ['Exercise', r => r.exerciseComparisons, 1], ['Shadow', r => r.shadowComparisons, 1],
        ['Alpha (interval)', r => fmt(r.alphaInterval), 1], ['Mean abs. deviation', r => fmt(r.meanAbsoluteDeviation), 1],
        ['Qualified', r => r.qualified ? 'yes' : 'no']], rows);
      return true;
    },
    drift(data) {
      const rows = data.rows;
      if (rows.length === 0) return false;
      chart({
        legend: { top: 0 },
        xAxis: { type: 'category', data: rows.map(r => r.interviewerName || r.interviewer) },
        yAxis: { type: 'value', name: 'leniency' },
        series: [
          { name: 'Window', type: 'bar', data: rows.map(r => r.leniency) },
          { name: 'Own history', type: 'bar', data: rows.map(r => r.baseline) },
          { name: 'Pool (window)', type: 'line', data: rows.map(r => r.pool) }
        ]
      });
      const p = document.createElement('p');
      p.id = 'drift-window';
      p.textContent = 'Window ' + data.window.from.slice(0, 10) + ' to ' + data.window.to.slice(0, 10) + '; flagged when a Holm-adjusted p-value is at most '
        + data.familyAlpha + ' (at most that chance of any false flag in this report); tests need ' + data.minValues + ' values per sample.';
      $('report-summary').replaceChildren(p);
      table([['Interviewer', r => r.interviewerName || r.interviewer], ['Leniency (window)', r => fmt(r.leniency), 1],
        ['Own history', r => fmt(r.baseline), 1], ['Shift', r => fmt(r.shift), 1], ['Pool', r => fmt(r.pool), 1],
        ['n window / history', r => r.windowCount + ' / ' + r.baselineCount, 1],
        ['p vs history (adj.)', r => fmt(r.adjustedPHistory), 1], ['p vs pool (adj.)', r => fmt(r.adjustedPPool), 1],
        ['Flagged', r => r.flagged ? 'drifted' : '']], rows);
      return true;
    },
    reliability(data) {
      if (data.pairableValues === 0) return false;
      chart({
        tooltip: { trigger: 'item' },
        xAxis: { type: 'category', data: ['Ordinal alpha', 'Interval alpha'] },
        yAxis: { type: 'value', min: -1, max: 1 },
        series: [{ type: 'bar', data: [data.alphaOrdinal, data.alphaInterval], barWidth: '35%',
          markLine: { symbol: 'none', data: [{ yAxis: 0.8, name: 'reliable' }, { yAxis: 0.667, name: 'tentative' }] } }]
      });
      table([['Ordinal alpha', r => fmt(r.alphaOrdinal), 1], ['Interval alpha', r => fmt(r.alphaInterval), 1],
        ['Units', r => r.units, 1], ['Raters', r => r.raters, 1], ['Pairable values', r => r.pairableValues, 1]], [data]);
      if (data.tooFewValues) {
        const p = document.createElement('p');
        p.className = 'alert info';
        p.id = 'few-values';
        p.textContent = 'Fewer than 30 pairable ratings: alpha moves a lot with a single rating; do not rely on it yet.';
        $('report-summary').replaceChildren();
        $('report-summary').appendChild(p);
      }
      return true;
    },
    questions(data) {
      const rows = data.rows.filter(r => r.timesAsked > 0 || r.ratings > 0);
      if (rows.length === 0) return false;
      const title = r => r.questionText || r.questionKey.split('/').pop();
      chart({
        legend: { top: 0 },
        xAxis: { type: 'category', data: rows.map(title), axisLabel: { rotate: 35, interval: 0, formatter: v => v.length > 28 ? v.slice(0, 27) + '…' : v } },
        yAxis: [{ type: 'value', name: 'mean rating', min: 0, max: 5 }, { type: 'value', name: 'discrimination', min: -1, max: 1 }],
        series: [
          { name: 'Mean rating', type: 'bar', data: rows.map(r => r.meanRating) },
          { name: 'Discrimination', type: 'line', yAxisIndex: 1, connectNulls: false, data: rows.map(r => r.discrimination) }
        ]
      });
      const flags = r => [r.lowDiscrimination ? 'low discrimination' : '', r.overExposed ? 'over-exposed' : '', r.tooFewData ? 'too few decisions' : ''].filter(x => x).join(', ');
      table([['Question', title], ['Asked', r => r.timesAsked, 1], ['Ratings', r => r.ratings, 1], ['Mean', r => fmt(r.meanRating), 1],
        ['SD', r => fmt(r.standardDeviation), 1], ['Discrimination', r => fmt(r.discrimination), 1], ['n', r => r.discriminationN, 1],
        ['Median min', r => fmt(r.medianMinutes), 1], ['Exposure', r => pct(r.exposure), 1], ['Flags', flags]], rows);
      return true;
    }
  };

  (async function load() {
    const result = await Panel.api('GET', '/api/reports/' + name + query);
    if (!result.ok) {
      $('report-error').textContent = (result.problem && result.problem.detail) || 'The report could not be read.';
      $('report-error').hidden = false;
      return;
    }
    $('rebuilding').hidden = !result.data.rebuilding;
    const withheld = result.data.withheldSessions || 0;
    $('withheld').hidden = withheld === 0;
    $('withheld').textContent = withheld === 1
      ? 'One session is left out: you sit on its panel and have not submitted your scorecard. It counts for you once you have.'
      : withheld + ' sessions are left out: you sit on their panels and have not submitted your scorecards. They count for you once you have.';
    const any = renderers[name](result.data);
    $('report-empty').hidden = any;
    $('chart').parentElement.hidden = !any;
    section.dataset.loaded = 'true';
  })();
})();
