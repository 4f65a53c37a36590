// First screen when no workspace is open: what Living Lab is, and the ways in.

import { call, h, mount, t, showError, localTime, localDate, busy } from '../core.js';

export async function render(root, app) {
  const recent = app.state.recent || [];

  const openFolder = async () => {
    try {
      const dir = await call('pick_folder', { title: t('welcome.pick_title') });
      if (!dir) return;
      await app.opened(await call('open_workspace', { dir }));
    } catch (err) {
      showError(err);
    }
  };

  const openRecent = async (r) => {
    try {
      await app.opened(await call('open_workspace', { dir: r.path }));
    } catch (err) {
      showError(err);
    }
  };

  const openSample = async (e) => {
    try {
      const ws = await busy(e.currentTarget, t('common.loading'), () => call('open_sample', { today: localDate() }));
      await app.opened(ws);
    } catch (err) {
      showError(err);
    }
  };

  // Hub Sumedang: the coordinators' mode, a hub folder instead of a workspace.
  const openHub = async (e, dir) => {
    try {
      await busy(e.currentTarget, t('common.loading'), () => call('open_hub', { dir, name: t('hub.default_name') }));
      await app.openedHub();
    } catch (err) {
      showError(err);
    }
  };
  const pickHub = async (e) => {
    const button = e.currentTarget;
    try {
      const dir = await call('pick_folder', { title: t('welcome.hub_pick_title') });
      if (dir) await openHub({ currentTarget: button }, dir);
    } catch (err) {
      showError(err);
    }
  };
  const hubPanel = h('div', { class: 'card', id: 'hub-choice', hidden: true },
    h('h2', {}, t('welcome.hub')),
    h('p', { class: 'muted small' }, t('welcome.hub_lead')),
    h('div', { class: 'tools' },
      h('button', { type: 'button', class: 'button', id: 'hub-default', onclick: (e) => openHub(e, null) }, t('welcome.hub_default')),
      h('button', { type: 'button', class: 'button button-secondary', id: 'hub-pick', onclick: pickHub }, t('welcome.hub_pick'))),
    h('p', { class: 'muted small' }, t('welcome.hub_default_at'), ' ', h('span', { class: 'mono', id: 'hub-default-dir' }, app.state.default_hub_dir)));

  const forget = async (r) => {
    await call('forget_recent', { path: r.path });
    await app.refresh();
    await app.go('welcome');
  };

  mount(root,
    h('section', { class: 'welcome' },
      h('div', { class: 'hero' },
        h('img', { src: 'img/logo.png', alt: '', class: 'hero-logo' }),
        h('div', {},
          h('h1', { id: 'welcome-title' }, t('welcome.title')),
          h('p', { class: 'lead' }, t('welcome.lead')))),
      h('ol', { class: 'steps-explained' },
        ['welcome.step1', 'welcome.step2', 'welcome.step3', 'welcome.step4'].map((k) => h('li', {}, t(k)))),
      h('div', { class: 'choices' },
        h('button', { type: 'button', class: 'choice primary', id: 'start-wizard', onclick: () => app.go('wizard') },
          h('strong', {}, t('welcome.create')), h('span', {}, t('welcome.create_hint'))),
        h('button', { type: 'button', class: 'choice', id: 'open-folder', onclick: openFolder },
          h('strong', {}, t('welcome.open')), h('span', {}, t('welcome.open_hint'))),
        h('button', { type: 'button', class: 'choice sample', id: 'open-sample', onclick: openSample },
          h('strong', {}, t('welcome.sample')), h('span', {}, t('welcome.sample_hint'))),
        h('button', { type: 'button', class: 'choice hub-choice', id: 'open-hub', 'aria-controls': 'hub-choice',
          onclick: () => { hubPanel.hidden = !hubPanel.hidden; if (!hubPanel.hidden) hubPanel.scrollIntoView({ block: 'nearest' }); } },
          h('strong', {}, t('welcome.hub')), h('span', {}, t('welcome.hub_hint')))),
      hubPanel,
      recent.length
        ? h('div', { class: 'card recent' },
            h('h2', {}, t('welcome.recent')),
            h('ul', { class: 'recent-list' }, recent.map((r) =>
              h('li', {},
                h('button', { type: 'button', class: 'link', disabled: !r.exists, onclick: () => openRecent(r) },
                  h('strong', {}, r.name), h('small', {}, r.path)),
                h('span', { class: 'muted' }, r.exists ? localTime(r.opened_at) : t('welcome.missing')),
                h('button', { type: 'button', class: 'icon-button', title: t('welcome.forget'), 'aria-label': t('welcome.forget'), onclick: () => forget(r) }, '×')))))
        : null));
  document.getElementById('start-wizard').focus();
}
