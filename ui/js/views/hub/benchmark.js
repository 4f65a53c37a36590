// Hub Sumedang → Tolok ukur nasional: the SPBE results KemenPAN-RB published per year (the
// 2023 ones ship with the app), imported from their CSV; the national and provincial means; the
// rows whose name matched no region (matched here by hand, kept for later imports) and those
// whose published index is not the one their domains give. Every figure comes from Rust.

import { call, h, mount, t, toast, showError, sendFile, formDialog, AppError } from '../../core.js';
import { firstTime } from './common.js';

function regionPicker() {
  const list = h('ul', { class: 'region-results', id: 'match-results', role: 'listbox' });
  const chosen = { code: null };
  const search = h('input', { id: 'match-search', type: 'search', autocomplete: 'off', 'aria-controls': 'match-results', oninput: async () => {
    const q = search.value.trim();
    chosen.code = null;
    if (q.length < 2) { mount(list); return; }
    const found = await call('search_regions', { query: q, limit: 12 });
    mount(list, found.length
      ? found.map((r) => h('li', {
          role: 'option', tabindex: 0, id: `match-${r.code.replace('.', '-')}`, 'aria-selected': 'false',
          onclick: (e) => pick(e.currentTarget, r), onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); pick(e.currentTarget, r); } },
        }, h('span', { class: 'code' }, r.code), h('span', {}, r.name), h('span', { class: 'province' }, r.province)))
      : h('li', { class: 'empty' }, t('wizard.region_no_match')));
  } });
  const pick = (li, r) => {
    for (const other of list.children) other.setAttribute('aria-selected', 'false');
    li.setAttribute('aria-selected', 'true');
    chosen.code = r.code;
  };
  return { chosen, node: h('div', { class: 'field' }, h('label', { for: 'match-search' }, t('hub.benchmark.match_search')), search, list) };
}

export async function render(root, app) {
  const v = await call('hub_benchmark', { year: app.benchmarkYear || null });
  const redraw = () => render(root, app);
  const outcome = h('div', { id: 'benchmark-outcome', role: 'status' });
  const input = h('input', { type: 'file', accept: '.csv,text/csv', class: 'file-input', id: 'benchmark-file', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const s = await sendFile('hub_import_benchmark', file, { 'x-name': file.name });
      app.benchmarkYear = s.year;
      toast(t('hub.benchmark.imported', { year: s.year, rows: s.rows, matched: s.matched, unmatched: s.unmatched.length, inconsistent: s.inconsistent.length }));
      await redraw();
    } catch (err) {
      mount(outcome, h('div', { class: 'notice bad', id: 'benchmark-refused' }, h('strong', { class: 'block' }, file.name), err instanceof AppError ? err.text() : String(err)));
    }
  } });
  const importTools = h('div', { class: 'tools' }, h('label', { for: 'benchmark-file', class: 'button button-secondary' }, t('hub.benchmark.choose')), input);

  if (!v.benchmark) {
    mount(root, h('section', { class: 'hub' },
      h('header', { class: 'page-head' }, h('h1', {}, t('hub.nav.benchmark'))),
      firstTime('benchmark-empty', t('hub.benchmark.empty_title'), t('hub.benchmark.empty_lead'), importTools),
      outcome));
    return;
  }
  const b = v.benchmark;
  const issues = b;
  app.benchmarkYear = b.year;
  const yearSelect = h('select', { id: 'benchmark-year', 'aria-label': t('hub.benchmark.year'), onchange: async () => { app.benchmarkYear = Number(yearSelect.value); await redraw(); } },
    v.years.map((y) => h('option', { value: y, selected: y === b.year }, String(y))));

  const match = async (row) => {
    const picker = regionPicker();
    const done = await formDialog({
      title: t('hub.benchmark.match_title'),
      lead: t('hub.benchmark.match_lead', { row: row.row, name: row.instansi }),
      body: picker.node,
      ok: t('hub.benchmark.match_ok'),
      id: 'match-dialog',
      submit: async () => {
        if (!picker.chosen.code) throw new Error(t('hub.benchmark.match_pick'));
        return call('hub_match_benchmark', { year: b.year, row: row.row, code: picker.chosen.code });
      },
    });
    if (done) {
      toast(t('hub.benchmark.matched', { name: row.instansi, region: `${done.name} (${done.code})` }));
      await redraw();
    }
  };

  mount(root,
    h('section', { class: 'hub wide' },
      h('header', { class: 'page-head with-tools' },
        h('div', {},
          h('h1', { id: 'benchmark-title' }, t('hub.nav.benchmark')),
          h('p', { class: 'muted' }, t('hub.benchmark.lead'))),
        h('div', { class: 'tools' },
          h('div', { class: 'period-bar' }, h('label', { for: 'benchmark-year' }, t('hub.benchmark.year')), yearSelect),
          importTools)),
      outcome,
      h('div', { class: 'kpis kpis-4' },
        [['national', b.national_mean_display], ['provincial', b.provincial_mean_display], ['kabupaten_kota', b.kabupaten_kota_mean_display], ['rows', String(b.row_count)]].map(([k, value]) =>
          h('div', { class: 'card kpi' },
            h('span', { class: 'kpi-label' }, t(`hub.benchmark.${k}`)),
            h('strong', { class: 'kpi-value small', id: `benchmark-${k}` }, value || '—')))),
      h('div', { class: 'grid-2 even' },
        h('div', { class: 'card', id: 'benchmark-unmatched-card' },
          h('h2', {}, t('hub.benchmark.unmatched', { n: issues.unmatched.length })),
          h('p', { class: 'muted small' }, t('hub.benchmark.unmatched_lead')),
          issues.unmatched.length
            ? h('table', { class: 'table', id: 'benchmark-unmatched' },
                h('thead', {}, h('tr', {}, [t('hub.benchmark.col_row'), t('hub.benchmark.col_name'), t('hub.benchmark.col_kind'), ''].map((x) => h('th', {}, x)))),
                h('tbody', {}, issues.unmatched.map((u) => h('tr', { dataset: { row: u.row } },
                  h('td', {}, String(u.row)), h('td', {}, u.instansi), h('td', {}, u.jenis),
                  h('td', {}, h('button', { type: 'button', class: 'link', id: `match-row-${u.row}`, onclick: () => match(u) }, t('hub.benchmark.match')))))))
            : h('p', { class: 'muted', id: 'benchmark-unmatched-none' }, t('hub.benchmark.unmatched_none'))),
        h('div', { class: 'card', id: 'benchmark-inconsistent-card' },
          h('h2', {}, t('hub.benchmark.inconsistent', { n: issues.inconsistent.length })),
          h('p', { class: 'muted small' }, t('hub.benchmark.inconsistent_lead')),
          issues.inconsistent.length
            ? h('table', { class: 'table', id: 'benchmark-inconsistent' },
                h('thead', {}, h('tr', {}, [t('hub.benchmark.col_row'), t('hub.benchmark.col_name'), t('hub.benchmark.col_published'), t('hub.benchmark.col_computed')].map((x) => h('th', {}, x)))),
                h('tbody', {}, issues.inconsistent.map((i) => h('tr', {}, h('td', {}, String(i.row)), h('td', {}, i.instansi), h('td', {}, i.published_display), h('td', {}, i.computed_display)))))
            : h('p', { class: 'muted', id: 'benchmark-inconsistent-none' }, t('hub.benchmark.inconsistent_none')))),
      b.gaps ? h('div', { class: 'card', id: 'benchmark-gaps-card' },
        h('h2', {}, t('hub.benchmark.gaps', { period: b.gaps.period })),
        h('p', { class: 'muted small' }, b.gaps.year
          ? t('hub.benchmark.gaps_lead', { year: b.gaps.year, national: b.gaps.national_mean_display || '—', kk: b.gaps.kabupaten_kota_mean_display || '—' })
          : t('hub.benchmark.gaps_no_year', { period: b.gaps.period })),
        b.gaps.rows.length
          ? h('table', { class: 'table', id: 'benchmark-gaps' },
              h('thead', {}, h('tr', {}, [t('hub.col_region'), t('hub.roster.col_province'), t('hub.benchmark.col_self'), t('hub.benchmark.col_official'), t('hub.benchmark.col_gap'), t('hub.benchmark.col_province_mean')].map((x) => h('th', {}, x)))),
              h('tbody', {}, b.gaps.rows.map((r) => h('tr', { id: `gap-${r.code.replace('.', '-')}` },
                h('td', {}, `${r.name} (${r.code})`), h('td', { class: 'muted' }, r.province),
                h('td', {}, r.self_display || '—'), h('td', {}, r.official_display || '—'),
                h('td', { class: 'rank-gap' }, r.gap_display || '—'), h('td', {}, r.province_mean_display || '—')))))
          : h('p', { class: 'muted' }, t('hub.benchmark.gaps_none'))) : null,
      h('div', { class: 'card', id: 'benchmark-provinces-card' },
        h('h2', {}, t('hub.benchmark.provinces')),
        h('table', { class: 'table', id: 'benchmark-provinces' },
          h('thead', {}, h('tr', {}, [t('hub.roster.col_province'), t('hub.benchmark.col_province_index'), t('hub.benchmark.col_kk_mean'), t('hub.benchmark.col_kk_count')].map((x) => h('th', {}, x)))),
          h('tbody', {}, b.provinces.map((p) => h('tr', {}, h('td', {}, p.name), h('td', {}, p.index_display || '—'), h('td', {}, p.mean_display || '—'), h('td', {}, String(p.kabupaten_kota)))))))));
}
