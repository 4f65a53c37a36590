// Hub Sumedang → Daftar daerah: the regions Sumedang expects packages from (a file of codes or
// the signatory CSV of the joint letter), the date a period's packages are due, and per region
// its last package of the period, when it came, its review, its key and whether it was on time.

import { call, h, mount, t, toast, showError, localTime, longDate, AppError } from '../../core.js';
import { dateInput } from '../../date-input.js';
import { firstTime, keyBadge, periodChooser, regionText, reviewBadge } from './common.js';

export async function render(root, app) {
  const v = await call('hub_dashboard', { period: app.hubPeriod, thisYear: new Date().getFullYear() });
  const d = v.dashboard;
  app.hubPeriod = d.period;
  const redraw = () => render(root, app);
  const problem = h('div', { id: 'roster-problem', role: 'alert' });

  const input = h('input', { type: 'file', accept: '.csv,.txt,text/csv,text/plain', class: 'file-input', id: 'roster-file', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const roster = await call('hub_set_roster', { text: await file.text() });
      toast(t('hub.roster.set', { n: roster.length }));
      await redraw();
    } catch (err) {
      mount(problem, h('div', { class: 'notice bad' }, h('strong', { class: 'block' }, file.name), err instanceof AppError ? err.text() : String(err)));
    }
  } });
  const due = dateInput({ id: 'roster-due', value: d.due || '', required: true, label: t('hub.roster.due_title', { period: d.period }) });
  const saveDue = async () => {
    try {
      const date = await due.input.readDate();
      await call('hub_set_due', { period: d.period, date });
      toast(t('hub.roster.due_set', { period: d.period, date: longDate(date) }));
      await redraw();
    } catch (err) { showError(err); }
  };
  const chooser = periodChooser(v.periods, d.period, async (period) => { app.hubPeriod = period; await redraw(); });
  const rows = v.lines.filter((l) => l.expected || l.package_id);
  const openPackage = (l) => l.package_id && app.go('hub-package', { id: l.package_id });

  const table = rows.length
    ? h('table', { class: 'table clickable', id: 'roster-table' },
        h('thead', {}, h('tr', {}, [t('hub.col_region'), t('hub.roster.col_last'), t('hub.roster.col_when'), t('hub.packages.col_review'), t('hub.keys.col_status'), t('hub.roster.col_on_time')].map((x) => h('th', {}, x)))),
        h('tbody', {}, rows.map((l) => h('tr', {
          id: `roster-${l.code.replace('.', '-')}`, dataset: { code: l.code, expected: String(l.expected) },
          tabindex: l.package_id ? 0 : null,
          onclick: () => openPackage(l), onkeydown: (e) => { if (e.key === 'Enter') openPackage(l); },
        },
          h('td', {}, regionText(l.code, l.name), l.expected ? null : h('span', { class: 'badge badge-warn' }, t('hub.roster.not_expected')),
            h('small', { class: 'muted block' }, l.province)),
          h('td', { class: 'nowrap' }, l.package_id ? t('hub.roster.last', { seq: l.seq, index: l.index_display }) : h('span', { class: 'muted' }, t('hub.roster.nothing'))),
          h('td', { class: 'nowrap' }, l.last_package_at ? localTime(l.last_package_at) : '—'),
          h('td', { class: 'roster-review' }, l.package_id ? reviewBadge(l.review) : '—'),
          h('td', {}, keyBadge(l.registry_key)),
          h('td', { class: 'roster-on-time' }, l.on_time === null || l.on_time === undefined
            ? h('span', { class: 'muted' }, l.package_id ? t('hub.roster.no_due') : '—')
            : h('span', { class: l.on_time ? 'badge badge-signed' : 'badge badge-overdue' }, t(l.on_time ? 'hub.roster.on_time' : 'hub.roster.late')))))))
    : null;

  mount(root,
    h('section', { class: 'hub wide' },
      h('header', { class: 'page-head with-tools' },
        h('div', {},
          h('h1', { id: 'roster-title' }, t('hub.nav.roster')),
          h('p', { class: 'muted' }, t('hub.roster.lead'))),
        h('div', { class: 'tools' }, chooser)),
      h('div', { class: 'kpis kpis-3' },
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.expected')),
          h('strong', { class: 'kpi-value small', id: 'roster-expected' }, String(d.expected))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.received')),
          h('strong', { class: 'kpi-value small', id: 'roster-received' }, t('hub.dashboard.of', { n: d.received, total: d.expected }))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.dashboard.on_time')),
          h('strong', { class: 'kpi-value small', id: 'roster-on-time' }, d.due ? t('hub.dashboard.of', { n: d.on_time, total: d.expected }) : '—'),
          h('small', { class: 'muted' }, d.due ? t('hub.roster.due_is', { date: longDate(d.due) }) : t('hub.roster.due_none')))),
      h('div', { class: 'card', id: 'roster-settings' },
        h('div', { class: 'grid-2 even' },
          h('div', {},
            h('h2', {}, t('hub.roster.file_title')),
            h('p', { class: 'muted small' }, t('hub.roster.file_lead')),
            h('div', { class: 'tools' }, h('label', { for: 'roster-file', class: 'button button-secondary' }, t('hub.roster.choose')), input)),
          h('div', {},
            h('h2', {}, t('hub.roster.due_title', { period: d.period })),
            h('p', { class: 'muted small' }, t('hub.roster.due_lead')),
            h('div', { class: 'tools' },
              h('label', { for: 'roster-due', class: 'sr-only' }, t('hub.roster.due_title', { period: d.period })), due,
              h('button', { type: 'button', class: 'button button-secondary', id: 'roster-due-save', onclick: saveDue }, t('common.save'))))),
        problem),
      table
        ? h('div', { class: 'card', id: 'roster-card' }, h('h2', {}, t('hub.roster.table_title', { period: d.period })), table)
        : firstTime('roster-empty', t('hub.roster.empty_title'), t('hub.roster.empty_lead'),
            h('label', { for: 'roster-file', class: 'button' }, t('hub.roster.choose')))));
}
