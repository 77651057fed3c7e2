'use strict';
// The page's shell: login, the hash router (#/ and #/instance/{id}), auto-refresh and notices.
const App = (() => {
  const REFRESH_MS = 3000;
  const FOLLOW_MS = 500;
  const FOLLOW_TIMES = 20;
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let following = 0;
  let loading = false;
  let again = false; // a refresh was asked for while one was running (a filter changed): run it after

  /** An ISO time as "YYYY-MM-DD HH:MM:SS" (UTC), with milliseconds when precise. */
  function time(iso, precise) {
    if (!iso) return '';
    const text = new Date(iso).toISOString().replace('T', ' ');
    return precise ? text.replace('Z', '') : text.slice(0, 19);
  }

  let keepNotice = false;

  /** Shows message above the view; keepOnNavigate when it is about the navigation it comes with. */
  function notice(message, isError, keepOnNavigate) {
    keepNotice = Boolean(keepOnNavigate);
    const box = $('notice');
    box.textContent = message;
    box.className = isError ? 'notice error' : 'notice';
    box.hidden = !message;
  }

  function route() {
    const hash = window.location.hash || '#/';
    const m = hash.match(/^#\/instance\/(.+)$/);
    return m ? { view: 'instance', id: decodeURIComponent(m[1]) } : { view: 'list' };
  }

  function show(view) {
    $('login-view').hidden = view !== 'login';
    $('list-view').hidden = view !== 'list';
    $('instance-view').hidden = view !== 'instance';
    $('logout').hidden = view === 'login';
  }

  async function refreshNow() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    again = false;
    try {
      const r = route();
      show(r.view);
      if (r.view === 'instance') await InstanceView.load(r.id);
      else await Promise.all([ListView.load(), SchedulesView.load()]);
      // The server answers again: an earlier error no longer holds.
      if ($('notice').classList.contains('error')) notice('');
    } catch (e) {
      if (!(e instanceof Api.ApiError && e.status === 401)) notice(e.message, true);
      if (e instanceof Api.ApiError && e.status === 404 && route().view === 'instance') {
        notice(`No instance ${route().id} (purged, or in another task hub).`, true);
      }
    } finally {
      loading = false;
      if (again) refreshNow();
      else schedule();
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (!$('login-view').hidden) return;
    if (following > 0) {
      following -= 1;
      timer = setTimeout(refreshNow, FOLLOW_MS);
    } else if ($('auto-refresh').checked) {
      timer = setTimeout(refreshNow, REFRESH_MS);
    }
  }

  /** After an action: reload quickly for a while, so its effect shows without waiting for auto-refresh. */
  function follow() {
    following = FOLLOW_TIMES;
    refreshNow();
  }

  function showLogin(message) {
    clearTimeout(timer);
    show('login');
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    $('login-key').focus();
  }

  async function start() {
    Api.onUnauthorized(() => showLogin('Your session has ended; log in again.'));
    ListView.init();
    InstanceView.init();
    $('login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await Api.login($('login-key').value);
        $('login-key').value = '';
        $('login-error').hidden = true;
        refreshNow();
      } catch (err) {
        showLogin(err.message);
      }
    });
    $('logout').addEventListener('click', async () => {
      await Api.logout().catch(() => {});
      showLogin('Logged out.');
    });
    $('auto-refresh').addEventListener('change', schedule);
    window.addEventListener('hashchange', () => {
      InstanceView.reset();
      if (!keepNotice) notice('');
      keepNotice = false;
      refreshNow();
    });
    try {
      await Api.session();
      refreshNow();
    } catch (e) {
      showLogin('');
    }
  }

  document.addEventListener('DOMContentLoaded', start);
  return { time, notice, refreshNow, follow };
})();
