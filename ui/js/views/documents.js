// Dokumen: the commitment letter (edited here, previewed and issued as a PDF), the progress
// report of a period, and every document issued with its verification data and what came back
// signed (a scan of the paper, or a TTE-signed PDF that is verified first); checking a signed
// PDF, and the trust anchors.

import { call, h, mount, t, toast, showError, localDate, busy, sendFile, localTime } from '../core.js';
import { attachOutcome, verifyCard, trustCard } from './documents/signatures.js';
import { packagesCard } from './documents/packages.js';
import { reviewsCard } from './documents/reviews.js';
import { confirmChecklist, coverCard } from './documents/cover.js';
import { getViewState, setViewState } from '../view-state.js';
import { dateInput, readDates } from '../date-input.js';
import { showPreview } from '../pdf-preview.js';

/** A document's status in words: sealed when issued with the workspace's seal. */
function statusText(d) {
  if (d.status === 'issued' && d.seal_key_id) return t('documents.status.issued_sealed');
  return t(`documents.status.${d.status}`);
}

export async function render(root, app, params = {}) {
  await app.loadPeriods();
  const state = await call('letter_state', { today: localDate() });
  // The letter being edited stays while the user moves around the app, with its workspace only.
  let draft = getViewState(app.state, 'letter-draft');
  if (!draft || params.reset) draft = setViewState(app.state, 'letter-draft', state.draft);
  const settings = state.settings;
  const docs = await call('documents_list');
  const redraw = () => render(root, app);

  const field = (id, label, value, onInput, type = 'text') => {
    const input = type === 'textarea' ? h('textarea', { id, rows: Math.max(2, Math.ceil(value.length / 50)) }) : h('input', { id, type, value });
    if (type === 'textarea') input.value = value;
    input.addEventListener('input', () => onInput(input.value));
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  };

  const commitments = h('ol', { class: 'commitments', id: 'commitments' });
  const drawCommitments = () => {
    mount(commitments, draft.commitments.map((c, i) => {
      const ta = h('textarea', { rows: Math.max(2, Math.ceil(c.length / 105)), id: `commitment-${i}`, 'aria-label': t('letter.commitment', { n: i + 1 }) });
      ta.value = c;
      ta.addEventListener('input', () => { draft.commitments[i] = ta.value; });
      return h('li', {}, ta, h('button', { type: 'button', class: 'icon-button', title: t('letter.remove'), 'aria-label': t('letter.remove'),
        onclick: () => { draft.commitments.splice(i, 1); drawCommitments(); } }, '×'));
    }));
  };
  drawCommitments();

  const signatories = h('textarea', { id: 'signatories', rows: 5, placeholder: 'Kabupaten Sumedang; H. Dony Ahmad Munir, S.T., M.M.' });
  signatories.value = (draft.signatories || []).map((s) => `${s.region}; ${s.name}`).join('\n');
  // A joint draft: one with signatories, or one that holds the joint letter's own commitments.
  // The suggested drafts as they came (the draft being edited may be the very same object).
  const suggested = { single: structuredClone(state.draft), joint: structuredClone(state.joint) };
  const same = (a, b) => a.title === b.title && JSON.stringify(a.commitments) === JSON.stringify(b.commitments);
  const joint = h('input', { type: 'checkbox', id: 'joint', checked: (draft.signatories || []).length > 0 || same(draft, suggested.joint) });
  const jointBox = h('div', { class: 'field', hidden: !joint.checked },
    h('label', { for: 'signatories' }, t('letter.signatories')), signatories, h('small', { class: 'hint' }, t('letter.signatories_hint')));
  // A joint letter speaks for every signatory: while the commitments are the suggested ones,
  // switching swaps them for the ones all signatories make (and back).
  joint.addEventListener('change', () => {
    jointBox.hidden = !joint.checked;
    const [from, to] = joint.checked ? [suggested.single, suggested.joint] : [suggested.joint, suggested.single];
    if (!same(draft, from)) return;
    Object.assign(draft, { title: to.title, opening: to.opening, commitments: [...to.commitments] });
    const title = document.getElementById('letter-title');
    if (title) title.value = draft.title;
    drawCommitments();
  });

  const currentDraft = async () => {
    if (!(await readDates(root.querySelector('#letter-card')))) throw new Error(t('date.fix_first'));
    draft.signatories = joint.checked ? await call('parse_signatories', { text: signatories.value }) : [];
    return draft;
  };

  const preview = async (e) => {
    try {
      const d = await currentDraft();
      await showPreview(await busy(e.target, t('documents.building'), () => call('preview_letter', { draft: d })));
    } catch (err) { showError(err); }
  };
  const issue = async (e) => {
    try {
      const d = await currentDraft();
      if (!await confirmChecklist('letter', app.year)) return;
      const out = await busy(e.target, t('documents.building'), () => call('issue_letter', { draft: d, title: t('letter.save_title') }));
      if (out) { toast(t('documents.issued', { number: out.record.number, path: out.path })); await redraw(); }
    } catch (err) { showError(err); }
  };

  const saveSettings = async () => {
    const s = {
      number_pattern: document.getElementById('set-pattern').value,
      classification: document.getElementById('set-kode').value,
      unit_code: document.getElementById('set-unit').value,
      typeface: document.getElementById('set-typeface').value,
      kop: document.getElementById('set-kop').value,
    };
    try { await call('save_letter_settings', { settings: s }); toast(t('letter.settings_saved')); await redraw(); } catch (err) { showError(err); }
  };

  const reportYear = h('select', { id: 'report-year', 'aria-label': t('period.label') },
    app.periods.map((p) => h('option', { value: p.year, selected: p.year === app.year }, String(p.year))));
  const reportPreview = async (e) => {
    try { await showPreview(await busy(e.target, t('documents.building'), () => call('preview_report', { year: Number(reportYear.value), today: localDate() }))); } catch (err) { showError(err); }
  };
  const reportIssue = async (e) => {
    try {
      if (!await confirmChecklist('report', Number(reportYear.value))) return;
      const out = await busy(e.target, t('documents.building'), () => call('issue_report', { year: Number(reportYear.value), today: localDate(), title: t('report.save_title') }));
      if (out) { toast(t('documents.issued', { number: out.record.number, path: out.path })); await redraw(); }
    } catch (err) { showError(err); }
  };

  const checkInput = h('input', { id: 'check-text', type: 'text', placeholder: t('documents.check_placeholder') });
  const checkResult = h('div', { id: 'check-result', role: 'status' });
  const check = async () => {
    try {
      const d = await call('check_document', { text: checkInput.value });
      mount(checkResult, d
        ? h('div', { class: 'notice ok' }, t('documents.check_ok', { number: d.number, title: d.title, date: localTime(d.created_at) }))
        : h('div', { class: 'notice bad' }, t('documents.check_bad')));
    } catch (err) { showError(err); }
  };

  // The outcome of the last attachment stays above the table after the list is redrawn.
  const outcomeBox = h('div', { id: 'attach-outcome' }, params.outcome ? attachOutcome(params.outcome) : null);
  const scanInput = (d) => {
    const input = h('input', { type: 'file', accept: '.pdf,.png,.jpg,.jpeg,.tif,.tiff', class: 'file-input', id: `scan-${d.id}`, onchange: async () => {
      const file = input.files[0];
      input.value = '';
      if (!file) return;
      try {
        const result = await sendFile('attach_signed_scan', file, { 'x-id': d.id, 'x-name': file.name });
        if (result.verification) {
          await render(root, app, { outcome: { number: d.number, result } });
          document.getElementById('attach-outcome').scrollIntoView({ block: 'start' });
        } else {
          toast(t('documents.signed'));
          await redraw();
        }
      } catch (err) {
        mount(outcomeBox, attachOutcome({ number: d.number, error: err }));
        outcomeBox.scrollIntoView({ block: 'start' });
      }
    } });
    return h('span', {}, h('label', { for: `scan-${d.id}`, class: 'link' }, t('documents.attach_scan')), input);
  };

  const s = settings;
  mount(root,
    h('section', { class: 'documents' },
      h('header', { class: 'page-head' }, h('h1', {}, t('documents.title')), h('p', { class: 'muted' }, t('documents.lead'))),
      h('div', { class: 'card', id: 'letter-card' },
        h('h2', {}, t('letter.title')),
        h('p', { class: 'muted small' }, t('letter.lead', { number: state.next_number })),
        h('div', { class: 'grid' },
          field('letter-place', t('letter.place'), draft.place, (v) => { draft.place = v; }),
          h('div', { class: 'field' }, h('label', { for: 'letter-date' }, t('letter.date')),
            dateInput({ id: 'letter-date', value: draft.date, required: true, label: t('letter.date'), onChange: (iso) => { draft.date = iso; } })),
          field('letter-signer', t('letter.signer'), draft.signer.name, (v) => { draft.signer.name = v; }),
          field('letter-position', t('letter.position'), draft.signer.title, (v) => { draft.signer.title = v; })),
        h('div', { class: 'grid' },
          field('letter-title', t('letter.doc_title'), draft.title, (v) => { draft.title = v; }),
          field('letter-subject', t('letter.subject'), draft.subject, (v) => { draft.subject = v; }, 'textarea')),
        h('h3', {}, t('letter.commitments')),
        commitments,
        h('button', { type: 'button', class: 'link', id: 'add-commitment', onclick: () => { draft.commitments.push(''); drawCommitments(); } }, t('letter.add_commitment')),
        field('letter-closing', t('letter.closing'), draft.closing, (v) => { draft.closing = v; }, 'textarea'),
        h('label', { class: 'check' }, joint, t('letter.joint')),
        jointBox,
        h('details', { class: 'settings' },
          h('summary', {}, t('letter.settings')),
          h('div', { class: 'grid' },
            h('div', { class: 'field' }, h('label', { for: 'set-pattern' }, t('letter.pattern')), h('input', { id: 'set-pattern', value: s.number_pattern }),
              h('small', { class: 'hint' }, t('letter.pattern_hint'))),
            h('div', { class: 'field' }, h('label', { for: 'set-kode' }, t('letter.classification')), h('input', { id: 'set-kode', value: s.classification })),
            h('div', { class: 'field' }, h('label', { for: 'set-unit' }, t('letter.unit')), h('input', { id: 'set-unit', value: s.unit_code })),
            h('div', { class: 'field' }, h('label', { for: 'set-typeface' }, t('letter.typeface')),
              h('select', { id: 'set-typeface' }, [['sans', 'Arial (Liberation Sans)'], ['serif', 'Bookman (TeX Gyre Bonum)']].map(([v, l]) => h('option', { value: v, selected: s.typeface === v }, l)))),
            h('div', { class: 'field' }, h('label', { for: 'set-kop' }, t('letter.kop')),
              h('select', { id: 'set-kop' }, [['instansi', t('letter.kop_instansi')], ['jabatan', t('letter.kop_jabatan')]].map(([v, l]) => h('option', { value: v, selected: s.kop === v }, l))))),
          h('button', { type: 'button', class: 'button button-secondary', onclick: saveSettings }, t('letter.save_settings'))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'link', onclick: () => render(root, app, { reset: true }) }, t('letter.reset')),
          h('span', { class: 'tools' },
            h('button', { type: 'button', class: 'button button-secondary', id: 'letter-preview', onclick: preview }, t('documents.preview')),
            h('button', { type: 'button', class: 'button', id: 'letter-issue', onclick: issue }, t('documents.issue'))))),
      h('div', { class: 'card', id: 'report-card' },
        h('h2', {}, t('report.title')),
        h('p', { class: 'muted small' }, t('report.lead')),
        app.periods.length
          ? h('div', { class: 'tools' }, h('label', { for: 'report-year' }, t('period.label')), reportYear,
              h('button', { type: 'button', class: 'button button-secondary', id: 'report-preview', onclick: reportPreview }, t('documents.preview')),
              h('button', { type: 'button', class: 'button', id: 'report-issue', onclick: reportIssue }, t('documents.issue')))
          : h('p', { class: 'muted' }, t('period.none_title'))),
      coverCard(app, redraw),
      packagesCard(app),
      reviewsCard(app),
      h('div', { class: 'card', id: 'issued-card' },
        h('h2', {}, t('documents.issued_title')),
        outcomeBox,
        docs.length
          ? h('table', { class: 'table', id: 'documents-table' },
              h('thead', {}, h('tr', {}, [t('documents.col_number'), t('documents.col_title'), t('documents.col_date'), t('documents.col_status'), 'SHA-256', ''].map((x) => h('th', {}, x)))),
              h('tbody', {}, docs.map((d) => h('tr', {},
                h('td', {}, d.number), h('td', {}, d.title), h('td', {}, localTime(d.created_at)),
                h('td', {}, h('span', { class: `badge badge-${d.status}`, id: `status-${d.id}` }, statusText(d))),
                h('td', { class: 'mono nowrap' }, `${d.data_sha256.slice(0, 16)}…`),
                h('td', { class: 'row-actions' },
                  h('button', { type: 'button', class: 'link', onclick: () => call('open_document', { id: d.id }).catch(showError) }, t('documents.open')),
                  d.status === 'issued' ? scanInput(d) : null)))))
          : h('p', { class: 'muted' }, t('documents.none')),
        h('h3', {}, t('documents.check')),
        h('div', { class: 'input-row' }, checkInput, h('button', { type: 'button', class: 'button button-secondary', id: 'check-button', onclick: check }, t('documents.check_button'))),
        checkResult),
      verifyCard(),
      trustCard()));
}
