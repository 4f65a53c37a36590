// The app shell: language, navigation between views, the open workspace, the chosen period.

import { call, h, mount, t, loadTexts, currentLang, showError, toast, confirmDialog, AppError } from './core.js';
import { startOutboxEvents } from './outbox.js';
import { workspaceChanged } from './view-state.js';

// Each view's module is loaded the first time it is shown (and then kept by the browser), so a
// start loads only the first screen's modules.
// Views reachable from the sidebar when a workspace is open, in order; the first is home.
const WORKSPACE_VIEWS = [
  ['dashboard', () => import('./views/dashboard.js'), 'nav.dashboard'],
  ['assessment', () => import('./views/assessment.js'), 'nav.assessment'],
  ['followup', () => import('./views/followup.js'), 'nav.followup'],
  ['evidence', () => import('./views/evidence.js'), 'nav.evidence'],
  ['documents', () => import('./views/documents.js'), 'nav.documents'],
  ['frameworks', () => import('./views/frameworks.js'), 'nav.frameworks'],
  ['profile', () => import('./views/profile.js'), 'nav.profile'],
];
// The coordinators' console in hub mode, in order; the first is home. A package opened from
// its row belongs to the first.
const HUB_VIEWS = [
  ['hub', () => import('./views/hub.js'), 'hub.nav.packages'],
  ['hub-roster', () => import('./views/hub/roster.js'), 'hub.nav.roster'],
  ['hub-dashboard', () => import('./views/hub/dashboard.js'), 'hub.nav.dashboard'],
  ['hub-benchmark', () => import('./views/hub/benchmark.js'), 'hub.nav.benchmark'],
];
const NAV_PARENT = { 'hub-package': 'hub' };
const VIEWS = {
  welcome: () => import('./views/welcome.js'),
  wizard: () => import('./views/wizard.js'),
  'hub-package': () => import('./views/hub/package.js'),
  ...Object.fromEntries(WORKSPACE_VIEWS.map(([id, v]) => [id, v])),
  ...Object.fromEntries(HUB_VIEWS.map(([id, v]) => [id, v])),
};

export const app = {
  state: null, // AppStateView from the Rust side
  view: null,
  params: {},
  dirty: false, // a view with unsaved edits sets this
  year: null, // the period shown by the period-based views
  periods: [],
  hubPeriod: null, // the period the console's roster and dashboard show
  asked: 0, // how many views were asked for; a render asked for before the last is skipped
  rendering: Promise.resolve(), // the render under way (see go)

  workspace() {
    return this.state && this.state.workspace;
  },

  async refresh() {
    this.state = await call('app_state');
    renderChrome();
  },

  /** After another workspace, a hub or nothing opened: no view's state of the one before stays. */
  async switched() {
    this.year = null;
    this.periods = [];
    this.hubPeriod = null;
    this.params = {};
    await this.refresh();
    workspaceChanged(this.state);
  },

  /**
   * The periods of the workspace; keeps `year` on an existing one (the latest by default; the
   * example opens on its latest complete period, the one whose documents it shows).
   */
  async loadPeriods() {
    this.periods = await call('periods');
    if (!this.periods.some((p) => p.year === this.year)) {
      const ws = this.workspace();
      const complete = ws && ws.info.is_sample ? this.periods.filter((p) => p.complete) : [];
      const pick = complete.length ? complete : this.periods;
      this.year = pick.length ? pick[pick.length - 1].year : null;
    }
    return this.periods;
  },

  /** Shows a view; asks first when the current one has unsaved edits. */
  async go(view, params = {}) {
    if (this.dirty && !(await confirmDialog(t('confirm.discard_title'), t('confirm.discard'), t('confirm.discard_ok'), true))) return;
    this.dirty = false;
    this.view = view;
    this.params = params;
    renderChrome();
    // One view renders at a time: a view still loading (its module, its first calls) finishes
    // before the next one starts, so it can never draw over the view asked for after it.
    const asked = ++this.asked;
    this.rendering = this.rendering.then(() => (asked === this.asked ? this.renderView(view, params) : null));
    await this.rendering;
  },

  /** Draws `view` into the main area (see `go`). */
  async renderView(view, params) {
    const root = document.getElementById('view');
    mount(root, h('p', { class: 'loading' }, t('common.loading')));
    const started = performance.now();
    try {
      const module = await VIEWS[view]();
      performance.measure(`module ${view}`, { start: started });
      await module.render(root, this, params);
      performance.measure(`view ${view}`, { start: started });
    } catch (err) {
      const text = err instanceof AppError ? err.text() : String(err);
      mount(root, h('div', { class: 'card error-card' }, h('h2', {}, t('common.error_title')), h('p', {}, text)));
    }
    if (!root.contains(document.activeElement) || document.activeElement === document.body) root.focus({ preventScroll: true });
    document.getElementById('app').dataset.view = view;
  },

  hub() {
    return this.state && this.state.hub;
  },

  /** After a hub was created or opened: the window is in hub mode. */
  async openedHub() {
    await this.switched();
    await this.go('hub');
  },

  /** After a workspace was created or opened. */
  async opened(ws) {
    this.state.workspace = ws;
    await this.switched();
    await this.go(WORKSPACE_VIEWS[0][0]);
  },
};

function renderChrome() {
  const ws = app.workspace();
  const hubInfo = app.hub();
  const top = document.getElementById('topbar-workspace');
  mount(top, hubInfo && !ws
    ? h('div', { class: 'ws-title' }, h('div', {},
        h('strong', { id: 'ws-name' }, h('span', { class: 'ws-name-text', title: hubInfo.name }, hubInfo.name), h('span', { class: 'badge badge-hub', id: 'hub-badge' }, t('hub.badge'))),
        h('small', { id: 'ws-office' }, t('hub.topbar'))))
    : ws
    ? h('div', { class: 'ws-title' },
        ws.emblem ? h('img', { src: ws.emblem, alt: '', class: 'ws-emblem' }) : null,
        h('div', {},
          h('strong', { id: 'ws-name' }, ws.info.region.name,
            ws.info.is_sample ? h('span', { class: 'badge badge-sample', id: 'sample-badge', title: t('sample.notice') }, t('sample.badge')) : null),
          h('small', { id: 'ws-office', title: ws.profile.office_name }, ws.profile.office_name)))
    : null);

  const nav = document.getElementById('sidebar');
  const views = ws ? WORKSPACE_VIEWS : hubInfo ? HUB_VIEWS : null;
  nav.hidden = !views;
  if (views) {
    const current = NAV_PARENT[app.view] || app.view;
    mount(nav,
      h('ul', {}, views.map(([id, , label], i) =>
        h('li', {}, h('button', {
          type: 'button', class: current === id ? 'nav-item active' : 'nav-item', id: `nav-${id}`,
          title: `${t(label)} (Alt+${i + 1})`,
          'aria-current': current === id ? 'page' : false, onclick: () => app.go(id),
        }, t(label))))),
      h('div', { class: 'sidebar-foot' }, ws
        ? h('button', { type: 'button', class: 'nav-item subtle', id: 'nav-switch', onclick: switchWorkspace }, t('nav.switch_workspace'))
        : h('button', { type: 'button', class: 'nav-item subtle', id: 'hub-close', onclick: switchWorkspace }, t('hub.close'))));
  }
  for (const b of document.querySelectorAll('.lang-switch button')) {
    b.classList.toggle('active', b.dataset.lang === currentLang());
    b.setAttribute('aria-pressed', String(b.dataset.lang === currentLang()));
  }
  document.title = ws ? `${ws.info.region.name} — Living Lab` : hubInfo ? `${hubInfo.name} — Living Lab` : 'Living Lab';
}

async function switchWorkspace() {
  if (app.dirty && !(await confirmDialog(t('confirm.discard_title'), t('confirm.discard'), t('confirm.discard_ok'), true))) return;
  app.dirty = false;
  await call('close_workspace');
  await app.switched();
  await app.go('welcome');
}

async function setLanguage(lang) {
  try {
    await call('set_language', { lang });
    await loadTexts(lang);
    const dirty = app.dirty;
    app.dirty = false;
    await app.refresh();
    await app.go(app.view, app.params);
    app.dirty = dirty;
  } catch (err) {
    showError(err);
  }
}

function shortcuts(e) {
  // Alt+1…5 jump between the main views.
  const views = app.workspace() ? WORKSPACE_VIEWS : app.hub() ? HUB_VIEWS : null;
  if (e.altKey && !e.ctrlKey && /^[1-9]$/.test(e.key) && views) {
    const entry = views[Number(e.key) - 1];
    if (entry) {
      e.preventDefault();
      app.go(entry[0]);
    }
  }
}

async function start() {
  performance.mark('app start');
  for (const b of document.querySelectorAll('.lang-switch button')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
  window.addEventListener('beforeunload', (e) => { if (app.dirty) e.preventDefault(); });
  document.addEventListener('keydown', shortcuts);
  startOutboxEvents();
  try {
    app.state = await call('app_state');
    await loadTexts(app.state.language);
    renderChrome();
    await app.go(app.workspace() ? WORKSPACE_VIEWS[0][0] : app.hub() ? 'hub' : 'welcome');
    if (app.state.startup_problem) {
      toast(t('welcome.reopen_failed', { reason: new AppError(app.state.startup_problem).text() }), 'error');
    }
  } catch (err) {
    showError(err);
  }
  const root = document.getElementById('app');
  root.dataset.ready = 'true';
  performance.measure('app start to ready', 'app start');
  const ready = performance.now();
  // The first screen is in the DOM; the frame after the next one starts once it was painted.
  // scripts/bench-startup.sh reads this time (ms since the page's navigation started).
  // The first frame's callback runs before its style, layout and paint; the second's after.
  requestAnimationFrame(() => {
    performance.measure('ready to first frame', { start: ready });
    requestAnimationFrame(() => {
      performance.measure('ready to painted', { start: ready });
      root.dataset.paintedAt = String(Math.round(performance.now()));
    });
  });
}

start();
