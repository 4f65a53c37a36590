// Before a document goes to its signer, and the letter that sends the report to Sumedang:
// the checklist Rust draws up before an issue (the app asks, it does not forbid), and the
// cover letter (Surat Pengantar) card of the Documents screen.
import { busy, call, formDialog, h, localDate, showError, t, toast } from '../../core.js';
import { showPreview } from '../../pdf-preview.js';

/**
 * Shows what is missing before `kind` ('letter' or 'report') of `year` is issued; resolves true
 * when there is nothing to say or the user goes ahead anyway.
 */
export async function confirmChecklist(kind, year) {
  // A workspace without a period yet has no year: the letter's checks need none.
  const items = await call('issue_checklist', { kind, year: year ?? null, today: localDate() });
  if (!items.length) return true;
  const answer = await formDialog({
    title: t('checklist.title'),
    lead: t('checklist.lead'),
    body: h('ul', { class: 'checklist', id: 'checklist-items' }, items.map((item) => h('li', {}, item))),
    ok: t('checklist.go_on'),
    cancel: t('checklist.back'),
    id: 'checklist-dialog',
    submit: async () => true,
  });
  return answer === true;
}

/** The cover letter card: the period, the addressee (editable), preview and issue. */
export function coverCard(app, redraw) {
  if (!app.periods.length) return null;
  const year = h('select', { id: 'cover-year', 'aria-label': t('period.label') },
    app.periods.map((p) => h('option', { value: p.year, selected: p.year === app.year }, String(p.year))));
  const to = h('textarea', { id: 'cover-to', rows: 3, 'aria-label': t('cover.to') });
  let draft = null;
  const previewButton = h('button', { type: 'button', class: 'button button-secondary', id: 'cover-preview', disabled: true }, t('documents.preview'));
  const issueButton = h('button', { type: 'button', class: 'button', id: 'cover-issue', disabled: true }, t('documents.issue'));
  // The buttons wait for the period's draft, so nothing is sent half-made.
  const load = async () => {
    previewButton.disabled = issueButton.disabled = true;
    try {
      draft = await call('cover_draft', { year: Number(year.value), today: localDate() });
      to.value = draft.to.join('\n');
      previewButton.disabled = issueButton.disabled = false;
    } catch (err) { showError(err); }
  };
  year.addEventListener('change', load);
  const current = () => ({ ...draft, to: to.value.split('\n').map((l) => l.trim()).filter(Boolean) });
  const preview = async (e) => {
    try { await showPreview(await busy(e.target, t('documents.building'), () => call('preview_cover', { draft: current() }))); } catch (err) { showError(err); }
  };
  const issue = async (e) => {
    try {
      const out = await busy(e.target, t('documents.building'), () => call('issue_cover', { draft: current(), title: t('cover.save_title') }));
      if (out) { toast(t('documents.issued', { number: out.record.number, path: out.path })); await redraw(); }
    } catch (err) { showError(err); }
  };
  previewButton.addEventListener('click', preview);
  issueButton.addEventListener('click', issue);
  load();
  return h('div', { class: 'card', id: 'cover-card' },
    h('h2', {}, t('cover.title')),
    h('p', { class: 'muted small' }, t('cover.lead')),
    h('div', { class: 'tools' }, h('label', { for: 'cover-year' }, t('period.label')), year),
    h('div', { class: 'field field-wide' }, h('label', { for: 'cover-to' }, t('cover.to')), to,
      h('small', { class: 'hint' }, t('cover.to_hint'))),
    h('div', { class: 'actions' },
      h('span', { class: 'tools' }, previewButton, issueButton)));
}
