// Shows <time datetime="..."> values in the reader's own time zone.
(function () {
  'use strict';
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  document.querySelectorAll('time[datetime]').forEach(t => {
    const when = new Date(t.getAttribute('datetime'));
    if (!Number.isNaN(when.getTime())) t.textContent = format.format(when);
  });
})();
