// The period chooser shared by the period-based views, and the dialog that starts a period.

import { call, h, t, dialog, toast, showError } from './core.js';

/** A select of the periods and a "new period" button; calls onChange after a switch. */
export function periodBar(app, onChange) {
  const select = h('select', {
    id: 'period-select', 'aria-label': t('period.label'),
    onchange: async () => { app.year = Number(select.value); await onChange(); },
  }, app.periods.map((p) => h('option', { value: p.year, selected: p.year === app.year },
    `${p.year} — ${p.short_name} ${p.framework_version}`)));
  return h('div', { class: 'period-bar' },
    h('label', { for: 'period-select' }, t('period.label')),
    select,
    h('button', { type: 'button', class: 'button button-secondary', id: 'new-period', onclick: async () => {
      if (await newPeriod(app)) await onChange();
    } }, t('period.new')));
}

/** Asks for a year and starts the period; true when one was created. */
export async function newPeriod(app) {
  const years = app.periods.map((p) => p.year);
  const thisYear = new Date().getFullYear();
  const suggested = years.includes(thisYear) ? Math.max(...years) + 1 : thisYear;
  const values = await dialog({
    title: t('period.new_title'),
    message: t('period.new_lead'),
    fields: [
      { id: 'year', label: t('period.year'), type: 'number', value: String(suggested), required: true, inputmode: 'numeric' },
      { id: 'from_previous', label: t('period.from_previous'), type: 'checkbox', value: years.length > 0 },
    ],
    ok: t('period.create'),
  });
  if (!values) return false;
  try {
    const p = await call('add_period', { year: Number(values.year), framework: null, fromPrevious: values.from_previous });
    app.year = p.year;
    await app.loadPeriods();
    const row = app.periods.find((x) => x.year === p.year);
    toast(t('period.created', { year: p.year, framework: row ? `${row.short_name} ${row.framework_version}` : p.framework_version }));
    return true;
  } catch (err) {
    showError(err);
    return false;
  }
}

/** The card shown where a view needs a period and there is none yet. */
export function noPeriodCard(app, onCreated) {
  return h('div', { class: 'card empty-state' },
    h('h2', {}, t('period.none_title')),
    h('p', {}, t('period.none_lead')),
    h('button', { type: 'button', class: 'button', id: 'first-period', onclick: async () => {
      if (await newPeriod(app)) await onCreated();
    } }, t('period.new')));
}
