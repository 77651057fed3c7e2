'use strict';
// The instance list: counts per status, filters, sort, paging by continuation token.
const ListView = (() => {
  const STATUSES = ['Pending', 'Running', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew'];
  const $ = (id) => document.getElementById(id);
  // tokens[i] is the continuation token that fetches page i (null for the first).
  let tokens = [null];
  let page = 0;
  let nextToken = null;

  /** datetime-local value (read as UTC) to ISO-8601, or '' when empty. */
  const utc = (value) => (value ? `${value.length === 16 ? `${value}:00` : value}Z` : '');

  function filters(withStatus) {
    const p = new URLSearchParams();
    if (withStatus && $('f-status').value) p.set('runtimeStatus', $('f-status').value);
    if ($('f-name').value.trim()) p.set('name', $('f-name').value.trim());
    if ($('f-prefix').value.trim()) p.set('instanceIdPrefix', $('f-prefix').value.trim());
    if ($('f-from').value) p.set('createdTimeFrom', utc($('f-from').value));
    if ($('f-to').value) p.set('createdTimeTo', utc($('f-to').value));
    p.set('sort', $('f-sort').value);
    p.set('top', $('f-top').value);
    return p;
  }

  function renderCounts(counts) {
    const box = $('counts');
    box.replaceChildren();
    let total = 0;
    for (const s of STATUSES) total += counts[s] || 0;
    const chips = [['', 'All', total]].concat(STATUSES.map((s) => [s, s, counts[s] || 0]));
    for (const [value, label, n] of chips) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = `count status-${value || 'All'}${$('f-status').value === value ? ' active' : ''}`;
      chip.dataset.status = value || 'All';
      const num = document.createElement('strong');
      num.textContent = String(n);
      chip.append(num, document.createTextNode(` ${label}`));
      chip.addEventListener('click', () => { $('f-status').value = value; restart(); });
      box.append(chip);
    }
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.textContent = text;
    row.append(td);
    return td;
  }

  function renderRows(instances) {
    const body = $('instances').querySelector('tbody');
    body.replaceChildren();
    for (const i of instances) {
      const tr = document.createElement('tr');
      tr.dataset.instanceId = i.instanceId;
      const idCell = cell(tr, '');
      const link = document.createElement('a');
      link.href = `#/instance/${encodeURIComponent(i.instanceId)}`;
      link.textContent = i.instanceId;
      idCell.append(link);
      cell(tr, i.name);
      const st = cell(tr, '');
      const badge = document.createElement('span');
      badge.className = `badge status-${i.runtimeStatus}`;
      badge.textContent = i.runtimeStatus;
      st.append(badge);
      cell(tr, App.time(i.createdTime), 'time');
      cell(tr, App.time(i.lastUpdatedTime), 'time');
      body.append(tr);
    }
    $('instances-empty').hidden = instances.length > 0;
  }

  async function load() {
    const [listed, counts] = await Promise.all([Api.list(filters(true), tokens[page]), Api.counts(filters(false))]);
    renderCounts(counts);
    renderRows(listed.instances);
    nextToken = listed.next;
    $('page-prev').disabled = page === 0;
    $('page-next').disabled = !nextToken;
    $('page-info').textContent = `Page ${page + 1}`;
    $('list-view').dataset.loaded = String(Date.now());
  }

  function restart() {
    tokens = [null];
    page = 0;
    App.refreshNow();
  }

  function init() {
    $('filters').addEventListener('submit', (e) => { e.preventDefault(); restart(); });
    $('f-status').addEventListener('change', restart);
    $('f-sort').addEventListener('change', restart);
    $('f-top').addEventListener('change', restart);
    $('f-clear').addEventListener('click', () => {
      for (const id of ['f-name', 'f-prefix', 'f-from', 'f-to']) $(id).value = '';
      $('f-status').value = '';
      restart();
    });
    $('page-next').addEventListener('click', () => {
      if (!nextToken) return;
      tokens[page + 1] = nextToken;
      page += 1;
      App.refreshNow();
    });
    $('page-prev').addEventListener('click', () => {
      if (page === 0) return;
      page -= 1;
      App.refreshNow();
    });
  }

  return { init, load };
})();
