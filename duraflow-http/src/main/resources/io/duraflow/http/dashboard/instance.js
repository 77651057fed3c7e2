'use strict';
// One instance: status, input/output/custom status, failure, the timeline, the raw events and the actions.
const InstanceView = (() => {
  const HISTORY_PAGE = 500;
  const $ = (id) => document.getElementById(id);
  let current = null; // { id, status, events, nextOffset, stamp }

  const pretty = (v) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

  function details(e) {
    const skip = new Set(['Index', 'EventType', 'Timestamp']);
    const parts = [];
    for (const [k, v] of Object.entries(e)) {
      if (skip.has(k) || v === null || v === undefined) continue;
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      parts.push(`${k}: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`);
    }
    return parts.join('  ·  ');
  }

  function renderEvents(events) {
    const body = $('events').querySelector('tbody');
    body.replaceChildren();
    for (const e of events) {
      const tr = document.createElement('tr');
      for (const text of [String(e.Index), e.EventType, App.time(e.Timestamp, true), details(e)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    $('h-count').textContent = `(${events.length}${current.nextOffset !== null ? '+' : ''})`;
  }

  function select(row) {
    const box = $('tl-detail');
    box.hidden = false;
    box.replaceChildren();
    const h = document.createElement('h3');
    h.textContent = `${row.kind === 'timer' ? 'Timer' : row.name} · ${row.state}`;
    const pre = document.createElement('pre');
    const info = { taskId: row.id, started: row.start ? new Date(row.start).toISOString() : null,
      ended: Number.isNaN(row.end) ? null : new Date(row.end).toISOString(),
      took: Number.isNaN(row.end) ? null : Timeline.duration(row.end - row.start) };
    if (row.attempts > 1) info.attempt = `${row.attempt} of ${row.attempts}`;
    if (row.fireAt) info.fireAt = row.fireAt;
    if (row.instanceId) info.instanceId = row.instanceId;
    if (row.input !== undefined) info.input = row.input;
    if (row.result !== undefined) info.result = row.result;
    if (row.failure) info.failure = row.failure;
    pre.textContent = JSON.stringify(info, null, 2);
    box.append(h, pre);
    if (row.instanceId) {
      const a = document.createElement('a');
      a.href = `#/instance/${encodeURIComponent(row.instanceId)}`;
      a.textContent = 'Open the sub-orchestration';
      box.append(a);
    }
  }

  function render() {
    const s = current.status;
    $('i-id').textContent = s.instanceId;
    $('i-name').textContent = s.name;
    const badge = $('i-status');
    badge.textContent = s.runtimeStatus;
    badge.className = `badge status-${s.runtimeStatus}`;
    $('i-times').textContent = `created ${App.time(s.createdTime)} · updated ${App.time(s.lastUpdatedTime)} UTC`;
    $('i-input').textContent = pretty(s.input);
    $('i-output').textContent = s.runtimeStatus === 'Failed' ? '—' : pretty(s.output);
    $('i-custom').textContent = pretty(s.customStatus);
    const done = current.events.find((e) => e.EventType === 'ExecutionCompleted' && e.FailureDetails);
    const failed = s.runtimeStatus === 'Failed';
    $('i-failure').hidden = !failed;
    if (failed) {
      const f = done ? done.FailureDetails : null;
      $('i-failure-text').textContent = [typeof s.output === 'string' ? s.output : pretty(s.output),
        f ? `${f.ErrorType}: ${f.ErrorMessage}` : ''].filter(Boolean).join('\n');
    }
    const terminal = ['Completed', 'Failed', 'Terminated', 'ContinuedAsNew'].includes(s.runtimeStatus);
    const m = Timeline.render($('timeline'), current.events, terminal ? null : new Date().toISOString(), select);
    const activities = m.rows.filter((r) => r.kind === 'activity');
    $('tl-summary').textContent = `${activities.length} activit${activities.length === 1 ? 'y' : 'ies'}`
      + ` · ${m.rows.filter((r) => r.kind === 'timer').length} timers · ${m.markers.length} events`
      + (Number.isNaN(m.end - m.start) ? '' : ` · ${Timeline.duration(m.end - m.start)}`);
    $('history-more').hidden = current.nextOffset === null;
    renderEvents(current.events);
    for (const b of $('actions').querySelectorAll('button')) {
      const a = b.dataset.action;
      b.disabled = (a === 'resume' && s.runtimeStatus !== 'Suspended')
        || (a === 'suspend' && !['Running', 'Pending'].includes(s.runtimeStatus))
        || (['raise', 'terminate'].includes(a) && terminal)
        || (a === 'rewind' && s.runtimeStatus !== 'Failed')
        || (a === 'purge' && !terminal);
    }
    $('instance-view').dataset.loadedStatus = s.runtimeStatus;
  }

  async function loadHistory(id, offset) {
    const page = await Api.history(id, offset, HISTORY_PAGE);
    return page;
  }

  /** Loads (or reloads) instance id; history pages already shown are fetched again only if it changed. */
  async function load(id) {
    const status = await Api.status(id);
    const stamp = `${status.runtimeStatus}|${status.lastUpdatedTime}`;
    if (current && current.id === id && current.stamp === stamp) return;
    const keep = current && current.id === id ? Math.max(HISTORY_PAGE, current.events.length) : HISTORY_PAGE;
    const events = [];
    let offset = 0;
    let nextOffset = null;
    do {
      const page = await loadHistory(id, offset);
      events.push(...page.events);
      nextOffset = page.nextOffset;
      offset = nextOffset;
    } while (nextOffset !== null && events.length < keep);
    current = { id, status, events, nextOffset, stamp };
    render();
  }

  async function more() {
    if (!current || current.nextOffset === null) return;
    const page = await loadHistory(current.id, current.nextOffset);
    current.events.push(...page.events);
    current.nextOffset = page.nextOffset;
    render();
  }

  const ACTIONS = {
    raise: { title: 'Raise an event', text: 'Send an external event to this instance.', run: (id, f) => Api.raiseEvent(id, f.name, f.data) },
    suspend: { title: 'Suspend', text: 'Suspend this instance? It stops taking steps until resumed.', reason: true, run: (id, f) => Api.control(id, 'suspend', f.reason) },
    resume: { title: 'Resume', text: 'Resume this suspended instance?', reason: true, run: (id, f) => Api.control(id, 'resume', f.reason) },
    terminate: { title: 'Terminate', text: 'Terminate this instance? It ends as Terminated and cannot continue.', reason: true, run: (id, f) => Api.control(id, 'terminate', f.reason) },
    rewind: { title: 'Rewind', text: 'Rewind this failed instance to retry its failed work?', reason: true, run: (id, f) => Api.control(id, 'rewind', f.reason) },
    restart: { title: 'Restart', text: 'Start this orchestration again with the same input, under a new instance id?', run: (id) => Api.control(id, 'restart') },
    purge: { title: 'Purge', text: 'Delete this instance and its history for good?', run: (id) => Api.purge(id) },
  };

  function confirmAction(name) {
    const action = ACTIONS[name];
    const dialog = $('confirm');
    $('confirm-title').textContent = action.title;
    $('confirm-text').textContent = `${action.text} (${current.id})`;
    $('confirm-event').hidden = name !== 'raise';
    $('confirm-reason-row').hidden = !action.reason;
    $('confirm-reason').value = '';
    $('confirm-error').hidden = true;
    $('confirm-ok').dataset.action = name;
    dialog.showModal();
  }

  async function runConfirmed() {
    const name = $('confirm-ok').dataset.action;
    const fields = { reason: $('confirm-reason').value.trim() };
    if (name === 'raise') {
      fields.name = $('confirm-event-name').value.trim();
      const text = $('confirm-event-data').value.trim() || 'null';
      try {
        JSON.parse(text);
      } catch (e) {
        return showDialogError('The payload is not valid JSON.');
      }
      if (!fields.name) return showDialogError('Enter the event name.');
      fields.data = text;
    }
    const id = current.id;
    try {
      const answer = await ACTIONS[name].run(id, fields);
      $('confirm').close();
      if (name === 'purge') {
        App.notice(`Instance ${id} purged.`, false, true);
        window.location.hash = '#/';
        return;
      }
      if (name === 'restart' && answer && answer.id) {
        App.notice(`Restarted as ${answer.id}.`, false, true);
        window.location.hash = `#/instance/${encodeURIComponent(answer.id)}`;
        return;
      }
      App.notice(`${ACTIONS[name].title}: requested.`);
      App.follow();
    } catch (e) {
      showDialogError(e.message);
    }
    return undefined;
  }

  function showDialogError(message) {
    $('confirm-error').textContent = message;
    $('confirm-error').hidden = false;
  }

  function init() {
    for (const b of $('actions').querySelectorAll('button')) {
      b.addEventListener('click', () => confirmAction(b.dataset.action));
    }
    $('confirm-form').addEventListener('submit', (e) => { e.preventDefault(); runConfirmed(); });
    $('confirm-cancel').addEventListener('click', () => $('confirm').close());
    $('history-more').addEventListener('click', () => more().catch((e) => App.notice(e.message, true)));
  }

  function reset() {
    current = null;
    $('tl-detail').hidden = true;
  }

  return { init, load, reset };
})();
