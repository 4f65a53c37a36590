// Hub Sumedang → Dasbor: one period across the regions, every figure from Rust: received and on
// time, the median, the predicate distribution (the same plotters charts as the regency's
// dashboard), and the ranking with the change from the year before, follow-up and review.
// Exports: the workbook and CSV of `hub export`.

import { call, h, mount, t, toast, showError, svgImage } from '../../core.js';
import { firstTime, keyBadge, periodChooser, regionText, reviewBadge } from './common.js';

export async function render(root, app) {
  const v = await call('hub_dashboard', { period: app.hubPeriod, thisYear: new Date().getFullYear() });
  const d = v.dashboard;
  app.hubPeriod = d.period;
  const redraw = () => render(root, app);
  const chooser = periodChooser(v.periods, d.period, async (period) => { app.hubPeriod = period; await redraw(); });

  const exportAs = async (format) => {
    try {
      const path = await call('hub_export_dashboard', { period: d.period, format, title: t('hub.dashboard.export_title') });
      if (path) toast(t('hub.dashboard.exported', { path }));
    } catch (err) { showError(err); }
  };
  const ranked = v.lines.filter((l) => l.package_id);
  const openPackage = (l) => app.go('hub-package', { id: l.package_id });

  const ranking = ranked.length
    ? h('table', { class: 'table clickable', id: 'hub-ranking' },
        h('thead', {}, h('tr', {}, [t('hub.dashboard.col_rank'), t('hub.col_region'), t('hub.roster.col_province'), t('hub.packages.col_index'), t('hub.packages.col_predicate'), t('hub.dashboard.col_change'), t('hub.dashboard.col_followup'), t('hub.dashboard.col_overdue'), t('hub.packages.col_review'), t('hub.keys.col_status')].map((x) => h('th', {}, x)))),
        h('tbody', {}, ranked.map((l) => h('tr', {
          id: `rank-${l.code.replace('.', '-')}`, dataset: { code: l.code }, tabindex: 0,
          onclick: () => openPackage(l), onkeydown: (e) => { if (e.key === 'Enter') openPackage(l); },
        },
          h('td', { class: 'rank' }, String(l.rank)),
          h('td', {}, regionText(l.code, l.name), l.expected ? null : h('span', { class: 'badge badge-warn' }, t('hub.roster.not_expected'))),
          h('td', { class: 'muted' }, l.province),
          h('td', { class: 'rank-index' }, h('strong', {}, l.index_display)),
          h('td', {}, h('span', { class: `predicate predicate-${(l.predicate || '').toLowerCase().replace(/\s+/g, '-')}` }, l.predicate)),
          h('td', { class: `rank-change ${l.change_display && l.change_display.startsWith('+') ? 'up' : l.change_display && l.change_display.startsWith('\u2212') ? 'down' : ''}` }, l.change_display || '—'),
          h('td', {}, l.followup_display || '—'),
          h('td', {}, l.overdue === null || l.overdue === undefined ? '—' : String(l.overdue)),
          h('td', {}, reviewBadge(l.review)),
          h('td', {}, keyBadge(l.key_status))))))
    : null;

  mount(root,
    h('section', { class: 'hub wide' },
      h('header', { class: 'page-head with-tools' },
        h('div', {},
          h('h1', { id: 'hub-dashboard-title' }, t('hub.dashboard.title', { period: d.period })),
          h('p', { class: 'muted' }, t('hub.dashboard.lead'))),
        h('div', { class: 'tools' },
          chooser,
          h('button', { type: 'button', class: 'button button-secondary', id: 'hub-export-xlsx', onclick: () => exportAs('xlsx') }, t('hub.dashboard.export_xlsx')),
          h('button', { type: 'button', class: 'button button-secondary', id: 'hub-export-csv', onclick: () => exportAs('csv') }, t('hub.dashboard.export_csv')))),
      h('div', { class: 'kpis kpis-4' },
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.received')),
          h('strong', { class: 'kpi-value', id: 'hub-received' }, t('hub.dashboard.of', { n: d.received, total: d.expected })),
          h('small', { class: 'muted' }, t('hub.dashboard.received_lead'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.on_time')),
          h('strong', { class: 'kpi-value small', id: 'hub-on-time' }, d.due ? String(d.on_time) : '—'),
          h('small', { class: 'muted' }, d.due ? t('hub.roster.due_is', { date: (v.periods.find((p) => p.period === d.period) || {}).due_display || d.due }) : t('hub.roster.due_none'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.median')),
          h('strong', { class: 'kpi-value', id: 'hub-median' }, v.median_display || '—')),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.reported')),
          h('strong', { class: 'kpi-value small', id: 'hub-reported' }, String(ranked.length)),
          h('small', { class: 'muted' }, t('hub.dashboard.reported_lead')))),
      ranked.length
        ? [
            h('div', { class: 'card', id: 'hub-distribution-card' },
              h('h2', {}, t('hub.dashboard.distribution')),
              h('p', { class: 'muted small' }, t('hub.dashboard.distribution_lead')),
              h('div', { class: 'chart-box chart-medium', id: 'hub-distribution' }, svgImage(v.distribution_svg, t('hub.dashboard.distribution')))),
            h('div', { class: 'card', id: 'hub-ranking-card' }, h('h2', {}, t('hub.dashboard.ranking')), h('p', { class: 'muted small' }, t('hub.dashboard.ranking_lead')), ranking),
          ]
        : firstTime('hub-dashboard-empty', t('hub.dashboard.empty_title', { period: d.period }), t('hub.dashboard.empty_lead'),
            h('button', { type: 'button', class: 'button', onclick: () => app.go('hub') }, t('hub.nav.packages')))));
}
