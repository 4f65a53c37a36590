// Hub Sumedang → Dasbor: one period across the regions a filter keeps (a province, kabupaten or
// kota), every figure from Rust: received and on time, the median, the predicate distribution
// and the trends with the median (the same plotters charts as the regency's dashboard), the
// ranking with the change from the year before, follow-up and the gap to the official index,
// and the heat map of regions × indicators. Exports: the workbook and CSV of `hub export`.

import { call, h, mount, t, toast, showError, svgImage, currentLang, busy, localDate } from '../../core.js';
import { firstTime, keyBadge, periodChooser, regionText, reviewBadge } from './common.js';

const CELL_CLASS = { below_target: 'heat-below', at_or_above_target: 'heat-met', no_target: 'heat-level', not_assessed: 'heat-none' };

/** The heat map as a table: a row a region (in the ranking's order), a column an indicator. */
function heatTable(m, onOpen) {
  const lang = currentLang();
  const name = (text) => (text && (text[lang] || text.id)) || '';
  return h('div', { class: 'heat-scroll', tabindex: 0, role: 'region', 'aria-label': t('hub.dashboard.heat_map') },
    h('table', { class: 'heat', id: 'hub-heat-map' },
      h('thead', {}, h('tr', {},
        h('th', { class: 'heat-region' }, t('hub.col_region')),
        m.columns.map((c) => h('th', { title: `${c.number}. ${name(c.name)}`, scope: 'col' }, String(c.number))))),
      h('tbody', {}, m.rows.map((r) => h('tr', { dataset: { code: r.code } },
        h('th', { class: 'heat-region', scope: 'row' },
          h('button', { type: 'button', class: 'link', onclick: () => onOpen(r.package_id) }, `${r.rank ? `${r.rank}. ` : ''}${r.name}`)),
        r.cells.map((c, i) => h('td', {
          class: CELL_CLASS[c.state] || '',
          title: `${m.columns[i].number}. ${name(m.columns[i].short_name)} — ${t(`hub.heat.${c.state}`, { level: c.level ?? '—', target: c.target ?? '—' })}`,
        }, c.level ? String(c.level) : '·')))))));
}

export async function render(root, app) {
  const filter = app.hubFilter || { province: '', kind: '' };
  const v = await call('hub_dashboard', { period: app.hubPeriod, thisYear: new Date().getFullYear(), province: filter.province || null, kind: filter.kind || null });
  const d = v.dashboard;
  app.hubPeriod = d.period;
  const heat = await call('hub_heat_map', { period: d.period, province: filter.province || null, kind: filter.kind || null });
  const redraw = () => render(root, app);
  const chooser = periodChooser(v.periods, d.period, async (period) => { app.hubPeriod = period; await redraw(); });
  const setFilter = async (change) => { app.hubFilter = { ...filter, ...change }; await redraw(); };
  const province = h('select', { id: 'hub-filter-province', onchange: () => setFilter({ province: province.value }) },
    h('option', { value: '' }, t('hub.filter.all_provinces')),
    v.provinces.map(([code, name]) => h('option', { value: code, selected: code === filter.province }, name)));
  const kind = h('select', { id: 'hub-filter-kind', onchange: () => setFilter({ kind: kind.value }) },
    [['', t('hub.filter.all_kinds')], ['kabupaten', t('hub.filter.kabupaten')], ['kota', t('hub.filter.kota')]]
      .map(([value, label]) => h('option', { value, selected: value === (filter.kind || '') }, label)));
  const filters = h('div', { class: 'filters card', id: 'hub-filters' },
    h('span', { class: 'filters-title' }, t('hub.filter.title')),
    h('label', { for: 'hub-filter-province' }, t('hub.filter.province')), province,
    h('label', { for: 'hub-filter-kind' }, t('hub.filter.kind')), kind);

  const exportAs = async (format) => {
    try {
      const path = await call('hub_export_dashboard', { period: d.period, format, title: t('hub.dashboard.export_title'), province: filter.province || null, kind: filter.kind || null });
      if (path) toast(t('hub.dashboard.exported', { path }));
    } catch (err) { showError(err); }
  };
  const recap = async (e) => {
    try {
      const path = await busy(e.currentTarget, t('hub.recap.working'), () => call('hub_recap', { period: d.period, today: localDate(), title: t('hub.recap.title'), province: filter.province || null, kind: filter.kind || null }));
      if (path) toast(t('hub.recap.saved', { path }));
    } catch (err) { showError(err); }
  };
  const ranked = v.lines.filter((l) => l.package_id);
  const openPackage = (l) => app.go('hub-package', { id: l.package_id });

  const ranking = ranked.length
    ? h('table', { class: 'table clickable', id: 'hub-ranking' },
        h('thead', {}, h('tr', {}, [t('hub.dashboard.col_rank'), t('hub.col_region'), t('hub.packages.col_index'), t('hub.packages.col_predicate'), t('hub.dashboard.col_change'), t('hub.dashboard.col_followup'), t('hub.dashboard.col_actions'), t('hub.dashboard.col_overdue'), d.benchmark_year ? t('hub.dashboard.col_gap', { year: d.benchmark_year }) : t('hub.dashboard.col_gap_none'), t('hub.packages.col_review'), t('hub.keys.col_status')].map((x) => h('th', {}, x)))),
        h('tbody', {}, ranked.map((l) => h('tr', {
          id: `rank-${l.code.replace('.', '-')}`, dataset: { code: l.code }, tabindex: 0,
          onclick: () => openPackage(l), onkeydown: (e) => { if (e.key === 'Enter') openPackage(l); },
        },
          h('td', { class: 'rank' }, String(l.rank)),
          h('td', {}, regionText(l.code, l.name), l.expected ? null : h('span', { class: 'badge badge-warn' }, t('hub.roster.not_expected')),
            h('small', { class: 'muted block' }, l.province)),
          h('td', { class: 'rank-index' }, h('strong', {}, l.index_display)),
          h('td', {}, h('span', { class: `predicate predicate-${(l.predicate || '').toLowerCase().replace(/\s+/g, '-')}` }, l.predicate_display)),
          h('td', { class: `rank-change ${l.change_display && l.change_display.startsWith('+') ? 'up' : l.change_display && l.change_display.startsWith('\u2212') ? 'down' : ''}` }, l.change_display || '—'),
          h('td', {}, l.followup_display || '—'),
          h('td', { class: 'nowrap' }, l.actions_total === null || l.actions_total === undefined ? '—' : t('hub.dashboard.actions', { done: l.actions_done, total: l.actions_total })),
          h('td', {}, l.overdue === null || l.overdue === undefined ? '—' : String(l.overdue)),
          h('td', { class: 'rank-gap nowrap', title: l.official_display ? t('hub.dashboard.official', { index: l.official_display }) : null }, l.gap_display || '—'),
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
          ranked.length
            ? [h('button', { type: 'button', class: 'button button-secondary', id: 'hub-export-xlsx', onclick: () => exportAs('xlsx') }, t('hub.dashboard.export_xlsx')),
               h('button', { type: 'button', class: 'button button-secondary', id: 'hub-export-csv', onclick: () => exportAs('csv') }, t('hub.dashboard.export_csv')),
               h('button', { type: 'button', class: 'button', id: 'hub-recap', onclick: recap }, t('hub.recap.button'))]
            : null)),
      filters,
      h('div', { class: 'kpis kpis-4' },
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.received')),
          h('strong', { class: 'kpi-value', id: 'hub-received' }, t('hub.dashboard.of', { n: d.received, total: d.expected })),
          h('small', { class: 'muted' }, t('hub.dashboard.received_lead'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.on_time')),
          h('strong', { class: 'kpi-value small', id: 'hub-on-time' }, d.due ? String(d.on_time) : '—'),
          h('small', { class: 'muted' }, d.due ? t('hub.roster.due_is', { date: v.due_display || d.due }) : t('hub.roster.due_none'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.median')),
          h('strong', { class: 'kpi-value', id: 'hub-median' }, v.median_display || '—')),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.reported')),
          h('strong', { class: 'kpi-value small', id: 'hub-reported' }, String(ranked.length)),
          h('small', { class: 'muted' }, t('hub.dashboard.reported_lead')))),
      ranked.length
        ? [
            h('div', { class: 'grid-2 even' },
              h('div', { class: 'card', id: 'hub-distribution-card' },
                h('h2', {}, t('hub.dashboard.distribution')),
                h('p', { class: 'muted small' }, t('hub.dashboard.distribution_lead')),
                h('div', { class: 'chart-box', id: 'hub-distribution' }, svgImage(v.distribution_svg, t('hub.dashboard.distribution')))),
              h('div', { class: 'card', id: 'hub-trends-card' },
                h('h2', {}, t('hub.dashboard.trends')),
                h('p', { class: 'muted small' }, t('hub.dashboard.trends_lead')),
                heat.trends_svg
                  ? h('div', { class: 'chart-box', id: 'hub-trends' }, svgImage(heat.trends_svg, t('hub.dashboard.trends')))
                  : h('p', { class: 'muted', id: 'hub-trends-none' }, t('hub.dashboard.trends_none')),
                h('table', { class: 'table', id: 'hub-trends-table' },
                  h('thead', {}, h('tr', {}, [t('period.label'), t('hub.dashboard.median'), t('hub.dashboard.received')].map((x) => h('th', {}, x)))),
                  h('tbody', {}, heat.trend_rows.map((p) => h('tr', {},
                    h('td', {}, String(p.period)), h('td', {}, p.median_display || '—'), h('td', {}, t('hub.dashboard.of', { n: p.received, total: p.expected })))))))),
            h('div', { class: 'card', id: 'hub-ranking-card' }, h('h2', {}, t('hub.dashboard.ranking')), h('p', { class: 'muted small' }, t('hub.dashboard.ranking_lead')), ranking),
            h('div', { class: 'card', id: 'hub-heat-card' },
              h('h2', {}, t('hub.dashboard.heat_map')),
              h('p', { class: 'muted small' }, t('hub.dashboard.heat_lead', { framework: heat.heat_map.framework ? heat.heat_map.framework.name : '' })),
              h('p', { class: 'legend small' },
                ['below_target', 'at_or_above_target', 'no_target', 'not_assessed'].map((s) => h('span', { class: 'heat-key' }, h('span', { class: `heat-swatch ${CELL_CLASS[s]}` }), t(`hub.heat.key.${s}`)))),
              heatTable(heat.heat_map, (id) => app.go('hub-package', { id }))),
          ]
        : firstTime('hub-dashboard-empty', t('hub.dashboard.empty_title', { period: d.period }), t('hub.dashboard.empty_lead'),
            h('button', { type: 'button', class: 'button', onclick: () => app.go('hub') }, t('hub.nav.packages')))));
}
