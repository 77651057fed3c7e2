'use strict';
// The history as a Gantt chart: one bar per activity attempt (TaskScheduled -> TaskCompleted/TaskFailed),
// timer (TimerCreated -> TimerFired) and sub-orchestration, and markers for external events and
// management requests. Built from the full events of GET .../instances/{id}/history.
const Timeline = (() => {
  const ms = (t) => (t ? Date.parse(t) : NaN);

  /** The rows of the chart, in the order their work started. */
  function model(events, endHint) {
    const rows = [];
    const markers = [];
    const open = new Map(); // taskId -> row, for activities, timers and sub-orchestrations
    const attempts = new Map(); // name + input -> attempts so far, to number retries
    let start = NaN;
    let end = NaN;
    for (const e of events) {
      const t = ms(e.Timestamp);
      // Events are in commit order; a step's OrchestratorStarted may be stamped after the events it carries.
      if (!Number.isNaN(t)) start = Number.isNaN(start) ? t : Math.min(start, t);
      if (!Number.isNaN(t)) end = Number.isNaN(end) ? t : Math.max(end, t);
      switch (e.EventType) {
        case 'TaskScheduled': {
          const key = `${e.FunctionName}\u0000${JSON.stringify(e.Input)}`;
          const attempt = (attempts.get(key) || 0) + 1;
          attempts.set(key, attempt);
          const row = { kind: 'activity', id: e.TaskId, name: e.FunctionName, attempt, start: t, end: NaN,
            state: 'pending', input: e.Input, scheduled: e };
          rows.push(row);
          open.set(e.TaskId, row);
          break;
        }
        case 'TaskCompleted':
        case 'TaskFailed':
        case 'SubOrchestrationInstanceCompleted':
        case 'SubOrchestrationInstanceFailed': {
          const row = open.get(e.TaskScheduledId);
          if (row) {
            row.end = t;
            row.state = e.EventType.endsWith('Failed') ? 'failed' : 'completed';
            row.result = e.Result;
            row.failure = e.FailureDetails;
          }
          break;
        }
        case 'TimerCreated': {
          const row = { kind: 'timer', id: e.TaskId, name: 'Timer', start: t, end: NaN, state: 'pending',
            fireAt: e.FireAt };
          rows.push(row);
          open.set(e.TaskId, row);
          break;
        }
        case 'TimerFired': {
          const row = open.get(e.TimerId);
          if (row) { row.end = t; row.state = 'completed'; }
          break;
        }
        case 'SubOrchestrationInstanceCreated': {
          const row = { kind: 'suborchestration', id: e.TaskId, name: e.FunctionName, instanceId: e.InstanceId,
            start: t, end: NaN, state: 'pending', input: e.Input };
          rows.push(row);
          open.set(e.TaskId, row);
          break;
        }
        case 'EventRaised':
          markers.push({ kind: 'event', name: e.Name, at: t, input: e.Input });
          break;
        case 'ExecutionSuspended': case 'ExecutionResumed': case 'ExecutionTerminated': case 'ExecutionRewound':
          markers.push({ kind: 'control', name: e.EventType.replace('Execution', ''), at: t, input: e.Reason });
          break;
        default:
          break;
      }
    }
    // Retries: a name + input scheduled more than once shows "attempt n of m" on every attempt.
    for (const row of rows) {
      if (row.kind === 'activity') {
        row.attempts = attempts.get(`${row.name}\u0000${JSON.stringify(row.input)}`);
      }
    }
    // A timer between a failed attempt and the next attempt of the same activity is its retry delay.
    rows.forEach((row, i) => {
      if (row.kind !== 'timer') return;
      const before = rows.slice(0, i).reverse().find((r) => r.kind === 'activity');
      const after = rows.slice(i + 1).find((r) => r.kind === 'activity' && before && r.name === before.name
        && r.attempt === before.attempt + 1);
      if (before && before.state === 'failed' && after) row.name = `Retry delay · ${before.name}`;
    });
    const hint = ms(endHint);
    if (!Number.isNaN(hint)) end = Number.isNaN(end) ? hint : Math.max(end, hint);
    return { rows, markers, start, end };
  }

  function duration(msValue) {
    if (Number.isNaN(msValue)) return '';
    if (msValue < 1000) return `${Math.round(msValue)} ms`;
    if (msValue < 60000) return `${(msValue / 1000).toFixed(msValue < 10000 ? 2 : 1)} s`;
    const m = Math.floor(msValue / 60000);
    if (m < 60) return `${m} min ${Math.round((msValue % 60000) / 1000)} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Draws the chart into container; onSelect(row) is called when a bar is clicked. */
  function render(container, events, endHint, onSelect) {
    const m = model(events, endHint);
    container.replaceChildren();
    if (m.rows.length === 0 && m.markers.length === 0) {
      container.append(el('p', 'empty', 'No activities, timers or events yet.'));
      return m;
    }
    const span = Math.max(1, m.end - m.start);
    const pct = (t) => `${(Math.max(0, Math.min(1, (t - m.start) / span)) * 100).toFixed(3)}%`;

    const axis = el('div', 'tl-axis');
    axis.append(el('div', 'tl-label'));
    const ticks = el('div', 'tl-track');
    for (let i = 0; i <= 4; i++) {
      const tick = el('span', 'tl-tick', i === 0 ? '0' : `+${duration((span * i) / 4)}`);
      tick.style.left = `${i * 25}%`;
      ticks.append(tick);
    }
    axis.append(ticks);
    container.append(axis);

    if (m.markers.length > 0) {
      const row = el('div', 'tl-row tl-markers');
      row.append(el('div', 'tl-label', 'Events'));
      const track = el('div', 'tl-track');
      for (const marker of m.markers) {
        const dot = el('span', `tl-marker tl-marker-${marker.kind}`);
        dot.style.left = pct(marker.at);
        dot.title = `${marker.name} at ${new Date(marker.at).toISOString()}`;
        dot.dataset.kind = marker.kind;
        dot.dataset.name = marker.name;
        track.append(dot);
      }
      row.append(track);
      container.append(row);
    }

    for (const r of m.rows) {
      const row = el('div', 'tl-row');
      let label = r.name;
      // A short input tells the branches of a fan-out apart.
      const input = r.input === undefined || r.input === null ? '' : JSON.stringify(r.input);
      if (r.kind === 'activity' && input.length > 0 && input.length <= 24) label += ` ${input}`;
      if (r.kind === 'activity' && r.attempts > 1) label += ` (attempt ${r.attempt} of ${r.attempts})`;
      if (r.kind === 'suborchestration') label = `\u21b3 ${r.name}`;
      const labelNode = el('div', 'tl-label', label);
      labelNode.title = label;
      row.append(labelNode);
      const track = el('div', 'tl-track');
      const bar = el('button', `tl-bar tl-${r.kind} tl-${r.state}`);
      bar.type = 'button';
      const endAt = Number.isNaN(r.end) ? m.end : r.end;
      bar.style.left = pct(r.start);
      bar.style.width = `max(3px, calc(${pct(endAt)} - ${pct(r.start)}))`;
      bar.dataset.kind = r.kind;
      bar.dataset.taskId = r.id;
      bar.dataset.state = r.state;
      const took = Number.isNaN(r.end) ? 'not finished' : duration(r.end - r.start);
      bar.title = `${label}: ${r.state}, ${took}`;
      const text = el('span', 'tl-bar-text', Number.isNaN(r.end) ? '' : duration(r.end - r.start));
      bar.append(text);
      bar.addEventListener('click', () => onSelect(r));
      track.append(bar);
      row.append(track);
      container.append(row);
    }
    return m;
  }

  return { model, render, duration };
})();
