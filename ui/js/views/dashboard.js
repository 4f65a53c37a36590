// Beranda: the index and predicate of the chosen period, progress, groups against targets,
// the largest gaps, what raises the index most, the plan to the next goal, and the trend.
// Every number here comes computed and formatted from the Rust side.

import { call, h, mount, t, svgImage, toast, showError, dialog, localDate, longDate, followUpBreakdown } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';

export async function render(root, app) {
  await app.loadPeriods();
  const redraw = () => render(root, app);
  if (app.year === null) {
    mount(root, h('section', { class: 'dashboard' },
      h('header', { class: 'page-head' }, h('h1', {}, t('dashboard.title'))),
      noPeriodCard(app, redraw)));
    return;
  }
  const d = await call('dashboard_view', { year: app.year, today: localDate() });

  const setTarget = async () => {
    const values = await dialog({
      title: t('dashboard.target_title'),
      message: t('dashboard.target_lead'),
      fields: [{ id: 'target', label: t('dashboard.target_label'), value: d.target_index_display || '', inputmode: 'decimal' }],
    });
    if (!values) return;
    try {
      await call('set_period_target', { year: app.year, target: values.target });
      await redraw();
    } catch (err) { showError(err); }
  };

  const exportXlsx = async () => {
    try {
      const path = await call('export_xlsx', { year: app.year, title: t('dashboard.export_title') });
      if (path) toast(t('dashboard.exported', { path }));
    } catch (err) { showError(err); }
  };

  const s = d.status;
  const pct = (n) => `${Math.round((100 * n) / d.total)}%`;
  const openIndicator = (indicator) => app.go('assessment', { indicator });

  mount(root,
    h('section', { class: 'dashboard' },
      h('header', { class: 'page-head with-tools' },
        h('div', {},
          h('h1', {}, t('dashboard.title')),
          h('p', { class: 'muted' }, `${d.framework_name} · ${t('dashboard.version', { version: d.framework_version })}`,
            d.provisional ? h('span', { class: 'badge badge-warn', title: t('framework.provisional_hint') }, t('framework.provisional')) : null)),
        h('div', { class: 'tools' },
          periodBar(app, redraw),
          h('button', { type: 'button', class: 'button button-secondary', id: 'export-xlsx', onclick: exportXlsx }, t('dashboard.export')))),
      h('div', { class: 'kpis' },
        h('div', { class: 'card kpi kpi-index' },
          h('span', { class: 'kpi-label' }, `${d.index_name} ${d.year}`),
          // Nothing assessed yet: no index to show (1,00 "Kurang" would read as a verdict).
          d.assessed === 0
            ? [h('strong', { class: 'kpi-value', id: 'dash-index' }, '—'),
                h('small', { class: 'muted', id: 'dash-not-assessed' }, t('dashboard.nothing_assessed'))]
            : [h('strong', { class: 'kpi-value', id: 'dash-index' }, d.index_display),
                h('span', { class: `predicate predicate-${d.predicate.toLowerCase().replace(/\s+/g, '-')}`, id: 'dash-predicate' }, d.predicate),
                d.complete ? null : h('small', { class: 'muted', id: 'dash-incomplete' }, t('dashboard.incomplete', { max: d.index_max_display }))]),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('dashboard.progress')),
          h('strong', { class: 'kpi-value small', id: 'dash-assessed' }, t('dashboard.assessed', { n: d.assessed, total: d.total })),
          h('div', { class: 'stacked', role: 'img', 'aria-label': t('dashboard.status_aria', s) },
            h('span', { class: 'seg seg-verified', style: null, dataset: { w: pct(s.terverifikasi) } }),
            h('span', { class: 'seg seg-submitted', dataset: { w: pct(s.diajukan) } }),
            h('span', { class: 'seg seg-draft', dataset: { w: pct(s.draft) } })),
          h('small', { class: 'legend' },
            h('span', { class: 'dot dot-verified' }), t('status.terverifikasi'), ` ${s.terverifikasi}  `,
            h('span', { class: 'dot dot-submitted' }), t('status.diajukan'), ` ${s.diajukan}  `,
            h('span', { class: 'dot dot-draft' }), t('status.draft'), ` ${s.draft}`)),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('dashboard.target')),
          h('strong', { class: 'kpi-value small', id: 'dash-target' }, d.target_index_display || '—'),
          h('small', { class: 'muted' }, t('dashboard.targets_index', { value: d.targets_index_display })),
          h('button', { type: 'button', class: 'link', id: 'set-target', onclick: setTarget }, t('dashboard.set_target'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('dashboard.followup')),
          h('strong', { class: 'kpi-value small', id: 'dash-followup-rate' }, d.follow_up.total ? d.follow_up.rate_display : '—'),
          d.follow_up.total ? h('small', { class: 'kpi-sub', id: 'dash-followup-rate-name' }, t('followup.rate_name')) : null,
          h('small', { class: d.follow_up.overdue ? 'danger' : 'muted', id: 'dash-followup' }, d.follow_up.total
            ? followUpBreakdown(d.follow_up)
            : t('dashboard.followup_none')),
          d.assessed === 0 ? null : h('small', { class: 'muted', id: 'dash-expected' }, t('dashboard.expected', { index: d.follow_up.expected_index_display, predicate: d.follow_up.expected_predicate })),
          h('button', { type: 'button', class: 'link', onclick: () => app.go('followup') }, t('dashboard.see_followup'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('dashboard.evidence')),
          h('strong', { class: 'kpi-value small', id: 'dash-evidence' }, String(d.evidence_items)),
          h('button', { type: 'button', class: 'link', onclick: () => app.go('evidence') }, t('dashboard.see_evidence')))),
      h('div', { class: 'card' },
        h('h2', {}, t('dashboard.groups', { kind: d.group_kind_name })),
        d.assessed === 0
          ? h('p', { class: 'muted', id: 'chart-groups-none' }, t('dashboard.nothing_assessed'))
          : [h('div', { id: 'chart-groups', class: 'chart-box' }, svgImage(d.charts.groups_svg, t('dashboard.groups', { kind: d.group_kind_name }))),
              h('p', { class: 'muted small' }, t('dashboard.groups_legend'))]),
      h('div', { class: 'grid-2 even' },
        h('div', { class: 'card' },
          h('h2', {}, t('dashboard.radar')),
          h('div', { id: 'chart-radar', class: 'chart-box' }, svgImage(d.charts.radar_svg, t('dashboard.radar')))),
        h('div', { class: 'card' },
          h('h2', {}, d.top_kind_name),
          // SPBE: its four domains; Pemdi has no level above its aspects, which the table then lists.
          table([t('col.group'), t('col.index'), t('col.predicate'), t('col.target'), t('col.assessed')],
            d.top_groups.map((g) => [`${g.kind_name} ${g.number} · ${g.name}`, g.index_display, g.predicate, g.target_display, `${g.assessed}/${g.total}`]), 'top-groups'))),
      h('div', { class: 'grid-2' },
        h('div', { class: 'card' },
          h('h2', {}, t('dashboard.leverage')),
          h('p', { class: 'muted small' }, t('dashboard.leverage_lead')),
          clickableTable([t('col.no'), t('col.indicator'), t('col.level'), t('col.gain')],
            d.leverage.map((l) => ({ key: l.indicator, cells: [l.number, l.name, l.assessed ? l.level : '—', l.gain_display] })), 'leverage', openIndicator)),
        h('div', { class: 'card' },
          h('h2', {}, t('dashboard.plan', { target: d.plan.target_display, predicate: d.plan.goal_predicate })),
          h('p', { class: 'muted small', id: 'plan-lead' }, d.plan.steps === 0
            ? t('dashboard.plan_done')
            : t(d.plan.reachable ? 'dashboard.plan_lead' : 'dashboard.plan_unreachable', { steps: d.plan.steps, after: d.plan.index_after_display, predicate: d.plan.predicate_after })),
          clickableTable([t('col.no'), t('col.indicator'), t('col.from_to')],
            d.plan.raises.map((r) => ({ key: r.indicator, cells: [r.number, r.name, `${r.from} → ${r.to}`] })), 'plan', openIndicator))),
      h('div', { class: 'card' },
        h('h2', {}, t('dashboard.gaps')),
        d.gaps.length
          ? clickableTable([t('col.no'), t('col.indicator'), t('col.level'), t('col.target'), t('col.impact')],
              d.gaps.map((g) => ({ key: g.indicator, cells: [g.number, g.name, g.level ?? '—', g.target, g.impact_display] })), 'gaps', openIndicator)
          : h('p', { class: 'muted' }, t('dashboard.no_gaps'))),
      d.stages ? stagesCard(app, d, redraw) : null,
      h('div', { class: 'card' },
        h('h2', {}, t('dashboard.trend')),
        d.charts.trend_svg
          ? h('div', { id: 'chart-trend' }, svgImage(d.charts.trend_svg, t('dashboard.trend')))
          : h('p', { class: 'muted' }, t('dashboard.trend_one')),
        table([t('col.year'), t('col.framework'), t('col.index'), t('col.predicate')],
          d.trend.map((r) => [r.year, r.framework_name, r.complete ? r.index_display : `${r.index_display} *`, r.predicate]), 'trend'))));
  for (const seg of root.querySelectorAll('.seg')) seg.style.width = seg.dataset.w;
}

/**
 * The stages of the year's evaluation (Pemdi 2026) with their dates, the one under way marked;
 * each stage's dates are set in a dialog of two date fields.
 */
function stagesCard(app, d, redraw) {
  const today = localDate();
  const state = (s) => {
    if (s.starts && today < s.starts) return 'upcoming';
    if (s.ends && today > s.ends) return 'past';
    return s.starts ? 'current' : 'unset';
  };
  const edit = async (s) => {
    const values = await dialog({
      title: t('stages.edit_title', { stage: t(`stages.${s.stage}`) }),
      fields: [
        { id: 'starts', label: t('stages.starts'), type: 'date', value: s.starts || '' },
        { id: 'ends', label: t('stages.ends'), type: 'date', value: s.ends || '' },
      ],
    });
    if (!values) return;
    try {
      await call('set_period_stage', { year: app.year, stage: s.stage, starts: values.starts || null, ends: values.ends || null });
      toast(t('stages.saved', { stage: t(`stages.${s.stage}`) }));
      await redraw();
    } catch (err) { showError(err); }
  };
  return h('div', { class: 'card', id: 'stages-card' },
    h('h2', {}, t('stages.title', { year: d.year })),
    h('p', { class: 'muted small' }, t('stages.lead')),
    h('table', { class: 'table', id: 'stages' },
      h('thead', {}, h('tr', {}, [t('stages.col_stage'), t('stages.starts'), t('stages.ends'), t('stages.col_state'), ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, d.stages.map((s) => h('tr', { id: `stage-${s.stage}` },
        h('td', {}, t(`stages.${s.stage}`)),
        h('td', {}, s.starts ? longDate(s.starts) : '—'),
        h('td', {}, s.ends ? longDate(s.ends) : '—'),
        h('td', {}, state(s) === 'unset' ? h('span', { class: 'muted' }, t('stages.state_unset')) : h('span', { class: `badge stage-${state(s)}` }, t(`stages.state_${state(s)}`))),
        h('td', { class: 'nowrap' }, h('button', { type: 'button', class: 'link', id: `stage-edit-${s.stage}`, onclick: () => edit(s) }, t('stages.edit'))))))));
}

/** The cell of column `i`: a column of names may break a name longer than the line. */
function cell(headers, i, c) {
  const named = [t('col.group'), t('col.indicator'), t('col.framework')].includes(headers[i]);
  return h('td', named ? { class: 'name-cell' } : {}, String(c));
}

function table(headers, rows, id) {
  return h('table', { class: 'table', id: `table-${id}` },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => cell(headers, i, c))))));
}

function clickableTable(headers, rows, id, onOpen) {
  if (!rows.length) return h('p', { class: 'muted' }, t('common.none'));
  return h('table', { class: 'table clickable', id: `table-${id}` },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {
      tabindex: 0, dataset: { indicator: r.key },
      onclick: () => onOpen(r.key),
      onkeydown: (e) => { if (e.key === 'Enter') onOpen(r.key); },
    }, r.cells.map((c, i) => cell(headers, i, c))))));
}
