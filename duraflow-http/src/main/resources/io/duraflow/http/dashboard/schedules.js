'use strict';
// The list view's schedules card: a read-only table of the task hub's schedules (docs/schedules.md).
const SchedulesView = (() => {
  const $ = (id) => document.getElementById(id);

  function cell(text) {
    const td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    return td;
  }

  function instanceCell(id) {
    const td = document.createElement('td');
    if (id) {
      const link = document.createElement('a');
      link.href = `#/instance/${encodeURIComponent(id)}`;
      link.textContent = id;
      td.appendChild(link);
    }
    return td;
  }

  async function load() {
    let schedules;
    try {
      schedules = await Api.schedules();
    } catch (e) {
      if (e instanceof Api.ApiError && e.status === 404) schedules = []; // a server without schedules
      else throw e;
    }
    $('schedules-card').hidden = schedules.length === 0;
    const body = $('schedules').querySelector('tbody');
    body.replaceChildren();
    for (const s of schedules) {
      const tr = document.createElement('tr');
      tr.dataset.id = s.id;
      const when = s.cron ? `cron ${s.cron}` : `every ${s.interval}`;
      const state = s.paused ? `paused${s.note ? ': ' + s.note : ''}` : 'active';
      [s.id, s.orchestration, when, s.timeZone, s.overlap, state, App.time(s.nextDueAt)]
        .forEach((t) => tr.appendChild(cell(t)));
      tr.appendChild(instanceCell(s.lastInstanceId));
      body.appendChild(tr);
    }
  }

  return { load };
})();
