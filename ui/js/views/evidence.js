// Data dukung: every piece of evidence of the period, and the integrity checks of the
// evidence store and of the audit trail.

import { call, h, mount, t, showError } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';

export async function render(root, app) {
  await app.loadPeriods();
  const redraw = () => render(root, app);
  if (app.year === null) {
    mount(root, h('section', {}, h('header', { class: 'page-head' }, h('h1', {}, t('evidence.page_title'))), noPeriodCard(app, redraw)));
    return;
  }
  const items = await call('evidence_list', { year: app.year });
  const result = h('div', { id: 'verify-result', role: 'status' });

  const verify = async () => {
    mount(result, h('p', { class: 'muted' }, t('evidence.verifying')));
    try {
      const [ev, audit] = await Promise.all([call('verify_evidence'), call('verify_audit')]);
      mount(result,
        h('div', { class: ev.intact ? 'notice ok' : 'notice bad', id: 'verify-evidence' },
          ev.intact ? t('evidence.verify_ok', { n: ev.checked }) : t('evidence.verify_bad', { changed: ev.changed.length, missing: ev.missing.length }),
          ev.intact ? null : h('ul', {},
            ev.changed.map((f) => h('li', {}, t('evidence.changed_file', { name: f.name, links: f.links.join(', ') }))),
            ev.missing.map((f) => h('li', {}, t('evidence.missing_file', { name: f.name, links: f.links.join(', ') }))))),
        h('div', { class: audit.intact ? 'notice ok' : 'notice bad', id: 'verify-audit' },
          audit.intact ? t('audit.ok', { n: audit.entries }) : t('audit.bad', { seq: audit.broken_at, problem: audit.problem })));
    } catch (err) { showError(err); mount(result); }
  };

  mount(root,
    h('section', { class: 'evidence-page' },
      h('header', { class: 'page-head with-tools' },
        h('div', {}, h('h1', {}, t('evidence.page_title')), h('p', { class: 'muted' }, t('evidence.page_lead'))),
        h('div', { class: 'tools' }, periodBar(app, redraw),
          h('button', { type: 'button', class: 'button', id: 'verify-all', onclick: verify }, t('evidence.verify')))),
      result,
      h('div', { class: 'card' },
        items.length
          ? h('table', { class: 'table clickable', id: 'evidence-table' },
              h('thead', {}, h('tr', {}, [t('col.name'), t('col.kind'), t('col.size'), 'SHA-256 / URL'].map((x) => h('th', {}, x)))),
              h('tbody', {}, items.map((e) => h('tr', { tabindex: 0, dataset: { indicator: e.indicator },
                onclick: () => app.go('assessment', { indicator: e.indicator }),
                onkeydown: (ev) => { if (ev.key === 'Enter') app.go('assessment', { indicator: e.indicator }); } },
                h('td', {}, e.display_name),
                h('td', {}, e.kind === 'file' ? t('evidence.kind_file') : t('evidence.kind_url')),
                h('td', {}, e.size != null ? `${Math.max(1, Math.round(e.size / 1024))} KB` : ''),
                h('td', { class: 'mono' }, e.sha256 || e.url)))))
          : h('p', { class: 'muted' }, t('evidence.none_period')))));
}
