// Hub Sumedang → Paket masuk, the console's first section: regions' keys registered from their
// enrolment letters (the fingerprint compared with the signed paper first), package files
// imported with the import summary, and every package received, each opened or reviewed from
// its row.

import { call, h, mount, t, toast, showError, sendFile, localTime, currentLang, AppError } from '../core.js';
import { KEY_CLASS, regionText, reviewBadge, reviewDialog } from './hub/common.js';

const STATUS_CLASS = { imported: 'ok', already_received: 'warn-plain', refused: 'bad', held: 'bad' };

function errorText(err) {
  return err instanceof AppError ? err.text() : String(err);
}

/** The fingerprint in its groups, large; its text stays exactly the fingerprint. */
function fingerprint(fp, id) {
  return h('div', { class: 'fingerprint', id },
    fp.split('-').map((g, i) => [i ? h('span', { class: 'fp-sep' }, '-') : null, h('span', { class: 'fp-group' }, g)]));
}

/** One check of an import, in the language shown now. */
function checkItem(c) {
  const text = (c.messages && c.messages[currentLang()]) || c.message;
  return h('li', { class: c.ok ? 'check-ok' : c.status === 'skipped' ? 'check-skipped' : 'check-bad', dataset: { code: c.code, status: c.status } },
    h('span', { class: 'check-mark', 'aria-hidden': 'true' }, c.ok ? '✓' : c.status === 'skipped' ? '–' : '✗'), ' ', text);
}

/** The import summary of one file. */
function summaryView(s) {
  const known = s.status !== 'refused' || s.region;
  return h('div', { class: `notice ${STATUS_CLASS[s.status] || 'bad'} import-summary`, dataset: { status: s.status } },
    h('strong', { class: 'block' }, t(`hub.import.status.${s.status}`), s.dry_run ? ` — ${t('hub.import.dry_run_done')}` : ''),
    h('p', { class: 'muted small mono' }, s.file),
    known
      ? h('dl', { class: 'facts' },
          h('dt', {}, t('hub.col_region')), h('dd', { class: 'summary-region' }, regionText(s.region, s.region_name)),
          h('dt', {}, t('hub.col_period')), h('dd', {}, s.period ? String(s.period) : '—'),
          h('dt', {}, t('hub.col_seq')), h('dd', { class: 'summary-seq' }, s.seq ? String(s.seq) : '—'),
          h('dt', {}, t('hub.import.counts')),
          h('dd', { class: 'summary-counts' }, t('hub.import.counts_text', { files: s.counts.files, fresh: s.counts.evidence_new, known: s.counts.evidence_known })))
      : null,
    h('details', { class: 'checks', open: s.status === 'refused' },
      h('summary', {}, t('hub.import.checks')),
      h('ul', { class: 'check-list' }, s.checks.map(checkItem))));
}

export async function render(root, app) {
  const view = await call('hub_view');
  const redraw = () => render(root, app);
  const names = view.regions || {};

  // Registering a key: read the letter, show its fingerprint, register once confirmed.
  const letterBox = h('div', { id: 'hub-letter-box' });
  const confirmLetter = (file, key) => {
    if (!key.region) {
      mount(letterBox, h('div', { class: 'notice bad', role: 'alert' }, t('hub.keys.no_region')));
      return;
    }
    const register = async () => {
      try {
        const added = await call('add_region_key', { region: key.region, publicKey: key.public_key, confirm: key.fingerprint });
        toast(t('hub.keys.added', { region: regionText(added.region, key.region_name) }));
        await redraw();
      } catch (err) { showError(err); }
    };
    mount(letterBox,
      h('div', { class: 'notice warn-plain', id: 'hub-letter-confirm' },
        h('strong', { class: 'block' }, t('hub.keys.confirm_title', { region: regionText(key.region, key.region_name) })),
        h('p', { class: 'muted small mono' }, file),
        fingerprint(key.fingerprint, 'hub-letter-fingerprint'),
        h('p', {}, t('hub.keys.confirm_lead')),
        h('div', { class: 'tools' },
          h('button', { type: 'button', class: 'button', id: 'hub-key-confirm', onclick: register }, t('hub.keys.confirm')),
          h('button', { type: 'button', class: 'button button-secondary', id: 'hub-key-cancel', onclick: () => mount(letterBox) }, t('common.cancel')))));
  };
  const letterInput = h('input', { type: 'file', accept: '.pdf,application/pdf', class: 'file-input', id: 'hub-letter-file', onchange: async () => {
    const file = letterInput.files[0];
    letterInput.value = '';
    if (!file) return;
    try {
      confirmLetter(file.name, await sendFile('read_enrolment_letter', file, { 'x-name': file.name }));
    } catch (err) {
      mount(letterBox, h('div', { class: 'notice bad', role: 'alert', id: 'hub-letter-refused' }, errorText(err)));
    }
  } });

  // Importing package files, one after another; each gets its summary.
  const results = h('div', { id: 'hub-import-result', role: 'status' });
  const dryRun = h('input', { type: 'checkbox', id: 'hub-dry-run' });
  const importInput = h('input', { type: 'file', accept: '.llpkg', multiple: true, class: 'file-input', id: 'hub-import-file', onchange: async () => {
    const files = [...importInput.files];
    importInput.value = '';
    if (!files.length) return;
    const check = dryRun.checked;
    mount(results, h('p', { class: 'loading' }, t('hub.import.working')));
    const outcomes = [];
    for (const file of files) {
      try {
        outcomes.push({ summary: await sendFile('import_package', file, { 'x-name': file.name, 'x-dry-run': String(check) }) });
      } catch (err) {
        outcomes.push({ file: file.name, err });
      }
    }
    await drawLists();
    mount(results, outcomes.map(({ summary, file, err }) => {
      if (summary) return summaryView({ ...summary, region_name: summary.region ? names[summary.region] : null });
      return h('div', { class: 'notice bad import-summary', dataset: { status: 'error' } }, h('strong', { class: 'block' }, file), errorText(err));
    }));
  } });

  const keysBox = h('div', { id: 'hub-keys' });
  const packagesBox = h('div', { id: 'hub-packages' });
  const drawLists = async () => {
    const v = await call('hub_view');
    Object.assign(names, v.regions || {});
    mount(keysBox, v.keys.length
      ? h('table', { class: 'table', id: 'hub-keys-table' },
          h('thead', {}, h('tr', {}, [t('hub.col_region'), t('hub.keys.col_key'), t('hub.keys.col_fingerprint'), t('hub.keys.col_status'), t('hub.keys.col_added')].map((x) => h('th', {}, x)))),
          h('tbody', {}, v.keys.map((k) => h('tr', { dataset: { key: k.key_id } },
            h('td', {}, regionText(k.region, names[k.region])),
            h('td', { class: 'mono nowrap' }, k.key_id),
            h('td', { class: 'mono' }, k.fingerprint),
            h('td', {}, h('span', { class: `badge ${KEY_CLASS[k.status] || ''}` }, t(`hub.key_status.${k.status}`))),
            h('td', { class: 'nowrap' }, localTime(k.confirmed_at || k.added_at))))))
      : h('p', { class: 'muted', id: 'hub-keys-none' }, t('hub.keys.none')));
    const open = (p) => app.go('hub-package', { id: p.package_id });
    const review = async (p) => {
      try {
        if (await reviewDialog(await call('hub_package', { packageId: p.package_id }))) await drawLists();
      } catch (err) { showError(err); }
    };
    mount(packagesBox, v.packages.length
      ? h('table', { class: 'table clickable', id: 'hub-packages-table' },
          h('thead', {}, h('tr', {}, [t('hub.col_region'), t('hub.col_period'), t('hub.col_seq'), t('hub.packages.col_index'), t('hub.packages.col_predicate'), t('hub.keys.col_status'), t('hub.packages.col_review'), t('hub.packages.col_received'), ''].map((x) => h('th', {}, x)))),
          h('tbody', {}, v.packages.map((p) => h('tr', { id: `hub-package-${p.package_id}`, dataset: { package: p.package_id, head: String(p.head) },
            onclick: (e) => { if (!e.target.closest('button')) open(p); } },
            h('td', {}, regionText(p.region, names[p.region])),
            h('td', {}, String(p.period)),
            h('td', { class: 'nowrap' }, String(p.seq), ' ',
              p.head ? h('span', { class: 'badge badge-issued' }, t('hub.packages.head')) : h('span', { class: 'muted small' }, t('hub.packages.superseded'))),
            h('td', { class: 'package-index' }, v.index_display[p.package_id] || p.index),
            h('td', {}, p.predicate),
            h('td', {}, h('span', { class: `badge ${KEY_CLASS[p.key_status] || ''}` }, t(`hub.key_status.${p.key_status}`))),
            h('td', { class: 'package-review' }, reviewBadge(p.review)),
            h('td', {}, localTime(p.received_at)),
            h('td', { class: 'nowrap' }, h('div', { class: 'row-actions' },
              h('button', { type: 'button', class: 'link', id: `hub-open-${p.package_id}`, onclick: () => open(p) }, t('hub.packages.open')),
              p.head ? h('button', { type: 'button', class: 'link', id: `hub-review-${p.package_id}`, onclick: () => review(p) }, t('hub.packages.review')) : null))))))
      : h('div', { class: 'empty-inline', id: 'hub-packages-none' },
          h('p', {}, t('hub.packages.none')),
          h('ol', { class: 'muted small first-steps' }, ['hub.first.step1', 'hub.first.step2', 'hub.first.step3'].map((k) => h('li', {}, t(k))))));
  };
  await drawLists();

  mount(root,
    h('section', { class: 'hub' },
      h('header', { class: 'page-head' },
        h('p', { class: 'kicker', id: 'hub-title' }, t('hub.title')),
        h('h1', {}, t('hub.nav.packages')),
        h('p', { class: 'muted' }, t('hub.lead')),
        h('p', { class: 'muted small' }, h('span', { class: 'mono', id: 'hub-path' }, view.info.path))),
      h('div', { class: 'card', id: 'hub-import-card' },
        h('h2', {}, t('hub.import.title')),
        h('p', { class: 'muted small' }, t('hub.import.lead')),
        h('div', { class: 'tools' },
          h('label', { for: 'hub-import-file', class: 'button' }, t('hub.import.choose')), importInput,
          h('label', { class: 'check' }, dryRun, ' ', t('hub.import.dry_run'))),
        results),
      h('div', { class: 'card', id: 'hub-packages-card' },
        h('h2', {}, t('hub.packages.title')),
        packagesBox),
      h('div', { class: 'card', id: 'hub-keys-card' },
        h('h2', {}, t('hub.keys.title')),
        h('p', { class: 'muted small' }, t('hub.keys.lead')),
        h('div', { class: 'tools' }, h('label', { for: 'hub-letter-file', class: 'button button-secondary' }, t('hub.keys.choose')), letterInput),
        letterBox,
        keysBox)));
}
