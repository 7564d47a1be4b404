// Every console page: the menu button on narrow screens, and times shown in the reader's own time zone.
(function () {
  'use strict';
  const toggle = document.getElementById('menu-toggle');
  const menu = document.getElementById('site-menu');
  if (toggle && menu) {
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      menu.classList.toggle('open', open);
    });
  }
  window.PanelTime = {
    // 12 Dec 2026, 14:30 in the reader's zone; the session's own zone is named beside it where it differs.
    format(iso, zone) {
      const when = new Date(iso);
      if (Number.isNaN(when.getTime())) return iso;
      const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
      const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (!zone || zone === mine) return local;
      const there = new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone: zone }).format(when);
      return local + ' (' + there + ' ' + zone.replace(/_/g, ' ') + ')';
    },
    relative(iso) {
      const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60000);
      const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
      if (Math.abs(minutes) < 60) return rtf.format(minutes, 'minute');
      if (Math.abs(minutes) < 48 * 60) return rtf.format(Math.round(minutes / 60), 'hour');
      return rtf.format(Math.round(minutes / 1440), 'day');
    }
  };
  document.querySelectorAll('time[datetime]').forEach(t => {
    t.textContent = t.dataset.relative !== undefined ? PanelTime.relative(t.getAttribute('datetime'))
      : PanelTime.format(t.getAttribute('datetime'), t.dataset.zone);
    if (t.dataset.relative !== undefined) t.title = PanelTime.format(t.getAttribute('datetime'));
  });
})();
