// Kerangka: the frameworks the workspace can use, importing a corrected or newer file, and
// moving a period to a newer version of its framework.

import { call, h, mount, t, toast, showError, confirmDialog } from '../core.js';

export async function render(root, app) {
  const [list, periods] = await Promise.all([call('frameworks_list'), app.loadPeriods()]);
  const redraw = () => render(root, app);

  const input = h('input', { type: 'file', accept: '.json,application/json', id: 'import-framework', class: 'file-input', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const out = await call('import_framework', { text: await file.text() });
      toast(out.stored ? t('framework.imported', { id: out.framework.name, version: out.framework.version })
        : t('framework.already', { id: out.framework.name, version: out.framework.version }));
      await redraw();
    } catch (err) { showError(err); }
  } });

  const upgrade = async (p) => {
    if (!(await confirmDialog(t('framework.upgrade_title'), t('framework.upgrade_confirm', { year: p.year, from: p.framework_version, to: p.newer_version }), t('framework.upgrade')))) return;
    try {
      await call('use_framework_version', { year: p.year, version: p.newer_version });
      toast(t('framework.upgraded', { year: p.year, version: p.newer_version }));
      await redraw();
    } catch (err) { showError(err); }
  };

  mount(root,
    h('section', { class: 'frameworks' },
      h('header', { class: 'page-head with-tools' },
        h('div', {}, h('h1', {}, t('framework.title')), h('p', { class: 'muted' }, t('framework.lead'))),
        h('div', { class: 'tools' }, h('label', { for: 'import-framework', class: 'button' }, t('framework.import')), input)),
      periods.filter((p) => p.newer_version).map((p) =>
        h('div', { class: 'notice warn', id: `upgrade-${p.year}` },
          t('framework.newer', { year: p.year, version: p.newer_version }), ' ',
          h('button', { type: 'button', class: 'button button-secondary', onclick: () => upgrade(p) }, t('framework.upgrade')))),
      h('div', { class: 'card' },
        h('table', { class: 'table', id: 'frameworks-table' },
          h('thead', {}, h('tr', {}, [t('col.framework'), t('col.version'), t('col.indicators'), t('col.years'), t('col.origin'), t('col.used_by')].map((x) => h('th', {}, x)))),
          h('tbody', {}, list.map((f) => h('tr', {},
            h('td', {}, h('strong', {}, f.name), h('small', { class: 'muted block' }, f.legal_basis),
              f.provisional ? h('span', { class: 'badge badge-warn' }, t('framework.provisional')) : null),
            h('td', {}, f.version),
            h('td', {}, String(f.indicators)),
            h('td', {}, `${f.years.from}–${f.years.to ?? ''}`),
            h('td', {}, t(`framework.origin.${f.origin}`)),
            h('td', {}, f.used_by.join(', ') || '—')))))),
      h('p', { class: 'muted small' }, t('framework.format_hint'))));
}
