// Data dukung: every piece of evidence of the period, and the integrity checks of the
// evidence store and of the audit trail.

import { call, h, mount, t, showError } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';
import { getViewState, setViewState } from '../view-state.js';
import { shortName } from './assessment/text.js';

export async function render(root, app) {
  await app.loadPeriods();
  const redraw = () => render(root, app);
  if (app.year === null) {
    mount(root, h('section', {}, h('header', { class: 'page-head' }, h('h1', {}, t('evidence.page_title'))), noPeriodCard(app, redraw)));
    return;
  }
  const [items, assessment] = await Promise.all([
    call('evidence_list', { year: app.year }),
    call('assessment_view', { year: app.year }),
  ]);
  const fw = assessment.framework;
  const result = h('div', { id: 'verify-result', role: 'status' });
  const L = document.documentElement.lang === 'en' ? 'en' : 'id';
  const indName = (i) => shortName(i.name[L] || i.name.id);
  const byId = new Map(fw.indicators.map((i) => [i.id, i]));
  const openIndicator = (indicator) => app.go('assessment', { indicator });
  // The indicator chosen stays while the user moves around (not across periods it is not in).
  const kept = getViewState(app.state, 'evidence-filter') || '';
  const filter = assessment.evidence_counts[kept] > 0 ? kept : '';
  const shown = filter ? items.filter((e) => e.indicator === filter) : items;
  const without = fw.indicators.filter((i) => !(assessment.evidence_counts[i.id] > 0));

  const filterSelect = h('select', {
    id: 'evidence-filter', 'aria-label': t('evidence.filter'),
    onchange: async () => { setViewState(app.state, 'evidence-filter', filterSelect.value || undefined); await redraw(); },
  },
  h('option', { value: '' }, t('evidence.filter_all', { n: items.length })),
  fw.indicators.filter((i) => assessment.evidence_counts[i.id] > 0).map((i) =>
    h('option', { value: i.id, selected: i.id === filter }, `${i.number}. ${indName(i)} (${assessment.evidence_counts[i.id]})`)));

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
        items.length ? h('div', { class: 'tools' }, h('label', { for: 'evidence-filter' }, t('evidence.filter')), filterSelect) : null,
        shown.length
          ? h('table', { class: 'table', id: 'evidence-table' },
              h('thead', {}, h('tr', {}, [t('col.name'), t('col.indicator'), t('col.kind'), t('col.size'), t('evidence.col_fingerprint')].map((x) => h('th', {}, x)))),
              h('tbody', {}, shown.map((e) => h('tr', { dataset: { indicator: e.indicator, id: e.id } },
                h('td', { class: 'name-cell' }, h('button', { type: 'button', class: 'link ev-name', title: t('evidence.open'), id: `open-${e.id}`,
                  onclick: () => call('open_evidence', { id: e.id }).catch(showError) }, e.display_name),
                  e.note ? h('small', { class: 'muted block' }, e.note) : null),
                h('td', { class: 'name-cell' }, h('button', { type: 'button', class: 'link', title: t('evidence.to_indicator'), onclick: () => openIndicator(e.indicator) },
                  byId.has(e.indicator) ? `${byId.get(e.indicator).number}. ${indName(byId.get(e.indicator))}` : e.indicator)),
                h('td', { class: 'nowrap' }, e.kind === 'file' ? t('evidence.kind_file') : t('evidence.kind_url')),
                h('td', { class: 'nowrap' }, e.size != null ? `${Math.max(1, Math.round(e.size / 1024))} KB` : ''),
                e.sha256
                  ? h('td', { class: 'mono nowrap', title: e.sha256 }, `${e.sha256.slice(0, 12)}…`)
                  : h('td', { class: 'url-cell', title: e.url }, e.url)))))
          : h('p', { class: 'muted' }, t('evidence.none_period'))),
      h('div', { class: 'card', id: 'without-evidence' },
        h('h2', {}, t('evidence.without_title', { n: without.length, total: fw.indicators.length })),
        without.length
          ? h('ul', { class: 'chip-list' }, without.map((i) => h('li', {},
              h('button', { type: 'button', class: 'chip', dataset: { indicator: i.id }, onclick: () => openIndicator(i.id) }, `${i.number}. ${indName(i)}`))))
          : h('p', { class: 'muted' }, t('evidence.without_none')))));
}
