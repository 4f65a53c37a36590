// Paket laporan on the Dokumen page: building the signed report package of a period (to send
// to Kabupaten Sumedang), what the last build gave, and every package built so far.

import { call, h, mount, t, showError, busy, localDate, localTime, AppError } from '../../core.js';

/** A size in bytes, in the largest unit that keeps it readable. */
export function fileSize(bytes) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = Number(bytes);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

/** What one build gave: a new package, or the last one when nothing changed. */
function outcomeView(out) {
  const unchanged = out.outcome === 'unchanged';
  return h('div', { class: unchanged ? 'notice warn-plain' : 'notice ok', id: 'package-outcome', role: 'status', dataset: { outcome: out.outcome } },
    h('strong', { class: 'block' }, unchanged ? t('packages.unchanged') : t('packages.built', { seq: out.seq })),
    h('dl', { class: 'facts' },
      h('dt', {}, t('packages.seq')), h('dd', { id: 'package-seq' }, String(out.seq)),
      h('dt', {}, t('packages.size')), h('dd', { id: 'package-size' }, fileSize(out.size)),
      h('dt', {}, t('packages.files')), h('dd', { id: 'package-files' }, String(out.files)),
      h('dt', {}, t('packages.manifest_hash')), h('dd', { class: 'mono', id: 'package-hash' }, out.manifest_sha256),
      h('dt', {}, t('packages.path')), h('dd', { class: 'mono', id: 'package-path' }, out.path)));
}

/** The card; `app.periods` must be loaded. */
export function packagesCard(app) {
  const body = h('div', { id: 'packages-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const outcome = h('div', { id: 'package-outcome-box' });
  const card = h('div', { class: 'card', id: 'packages-card' },
    h('h2', {}, t('packages.title')),
    h('p', { class: 'muted small' }, t('packages.lead')),
    outcome, body);
  if (!app.periods.length) {
    mount(body, h('p', { class: 'muted' }, t('period.none_title')));
    return card;
  }
  const year = h('select', { id: 'package-year', 'aria-label': t('period.label') },
    app.periods.map((p) => h('option', { value: p.year, selected: p.year === app.year }, String(p.year))));

  const draw = async () => {
    try {
      const state = await call('package_state', { year: Number(year.value), today: localDate() });
      const changed = state.changed_since_last;
      mount(body,
        h('div', { class: 'tools' },
          h('label', { for: 'package-year' }, t('period.label')), year,
          changed === true ? h('span', { class: 'badge badge-warn', id: 'package-changed' }, t('package.changed')) : null,
          changed === false ? h('span', { class: 'muted small', id: 'package-current' }, t('packages.current')) : null,
          h('button', { type: 'button', class: 'button', id: 'package-build', onclick: buildNow },
            changed === null ? t('packages.build_first') : t('packages.build'))),
        state.packages.length
          ? h('table', { class: 'table', id: 'packages-table' },
              h('thead', {}, h('tr', {}, [t('period.label'), t('packages.seq'), t('packages.created'), t('packages.size'), t('packages.files'), t('packages.manifest_hash'), ''].map((x) => h('th', {}, x)))),
              h('tbody', {}, state.packages.map((p) => h('tr', { dataset: { seq: p.seq, period: p.period } },
                h('td', {}, String(p.period)),
                h('td', {}, String(p.seq)),
                h('td', { class: 'nowrap' }, localTime(p.created_at)),
                h('td', { class: 'nowrap' }, fileSize(p.size)),
                h('td', {}, String(p.files)),
                h('td', { class: 'mono nowrap', title: p.manifest_sha256 }, `${p.manifest_sha256.slice(0, 16)}…`),
                h('td', {}, p.head ? h('span', { class: 'badge badge-issued' }, t('packages.latest')) : h('span', { class: 'muted small' }, t('packages.superseded')))))))
          : h('p', { class: 'muted', id: 'packages-none' }, t('packages.none')));
    } catch (err) {
      mount(body, h('div', { class: 'notice bad' }, err instanceof AppError ? err.text() : String(err)));
    }
  };

  async function buildNow(e) {
    const button = e.currentTarget;
    const progress = new window.__TAURI__.core.Channel();
    progress.onmessage = (p) => {
      button.textContent = t('packages.building_progress', { percent: p.percent, done: p.done_files, total: p.total_files });
    };
    try {
      const out = await busy(button, t('packages.building'), () =>
        call('build_package', { year: Number(year.value), today: localDate(), title: t('packages.save_title'), onProgress: progress }));
      if (!out) return;
      mount(outcome, outcomeView(out));
      await draw();
    } catch (err) { showError(err); }
  }

  year.addEventListener('change', () => { mount(outcome); draw(); });
  draw();
  return card;
}
