// What the console's sections share: how a region, a review state and a key read, the period
// chooser, and the review dialog (a package's decision, signed by the hub in Rust).

import { call, h, t, toast, formDialog } from '../../core.js';

export const REVIEW_CLASS = { belum_ditinjau: 'badge-queued', diterima: 'badge-signed', perlu_revisi: 'badge-warn', ditolak: 'badge-overdue' };
export const KEY_CLASS = { registered: 'badge-signed', first_seen: 'badge-overdue', revoked: 'badge-retired' };

export function regionText(code, name) {
  return name ? `${name} (${code})` : code || '—';
}

/** A package's review state as a badge. */
export function reviewBadge(state, id = null) {
  const s = state || 'belum_ditinjau';
  return h('span', { class: `badge badge-state ${REVIEW_CLASS[s] || ''}`, dataset: { review: s }, id }, t(`hub.review.state.${s}`));
}

export function keyBadge(status) {
  if (!status) return h('span', { class: 'muted' }, '—');
  return h('span', { class: `badge badge-state ${KEY_CLASS[status] || ''}`, dataset: { key: status } }, t(`hub.key_status.${status}`));
}

/** A select of the periods the hub knows; calls onChange with the chosen one. */
export function periodChooser(periods, current, onChange) {
  const select = h('select', { id: 'hub-period', 'aria-label': t('period.label'), onchange: () => onChange(Number(select.value)) },
    periods.map((p) => h('option', { value: p, selected: p === current }, String(p))));
  return h('div', { class: 'period-bar' }, h('label', { for: 'hub-period' }, t('period.label')), select);
}

/** A card that explains a section the first time, when it has nothing to show yet. */
export function firstTime(id, title, lead, ...actions) {
  return h('div', { class: 'card empty-state', id },
    h('h2', {}, title),
    h('p', {}, lead),
    actions.length ? h('div', { class: 'tools center' }, actions) : null);
}

/**
 * The review dialog of a package (its detail, from `hub_package`): diterima, perlu revisi with
 * notes on the package's indicators, or ditolak with a reason. Resolves to the saved review,
 * or null when cancelled. Rust checks what a decision needs; its message shows in the dialog.
 */
export function reviewDialog(detail) {
  const p = detail.package;
  const choice = (value) => h('label', { class: `decision decision-${value}` },
    h('input', { type: 'radio', name: 'decision', value, id: `review-${value}`, checked: value === 'perlu_revisi' }),
    h('span', {}, h('strong', {}, t(`hub.review.state.${value}`)), h('small', { class: 'muted block' }, t(`hub.review.hint.${value}`))));
  const note = h('textarea', { id: 'review-note', rows: 3 });
  const noteLabel = h('label', { for: 'review-note', id: 'review-note-label' });
  const notesBox = h('div', { class: 'review-notes', id: 'review-notes' });
  const notesField = h('div', { class: 'field', id: 'review-notes-field' },
    h('span', { class: 'label' }, t('hub.review.notes')),
    h('small', { class: 'hint' }, t('hub.review.notes_hint')),
    notesBox,
    h('button', { type: 'button', class: 'button button-secondary button-small', id: 'review-add-note', onclick: () => addNote() }, t('hub.review.add_note')));
  let counter = 0;
  const addNote = (focus = true) => {
    const n = counter++;
    const select = h('select', { id: `review-indicator-${n}`, class: 'review-indicator', 'aria-label': t('hub.review.indicator') },
      h('option', { value: '' }, t('hub.review.pick_indicator')),
      detail.indicators.map((i) => h('option', { value: i.id }, `${i.number}. ${i.name}${i.level ? ` (${t('hub.review.level', { level: i.level })})` : ''}`)));
    const text = h('textarea', { id: `review-text-${n}`, class: 'review-text', rows: 2, 'aria-label': t('hub.review.note_for') });
    const row = h('div', { class: 'review-note-row', dataset: { n } },
      select, text,
      h('button', { type: 'button', class: 'icon-button', title: t('hub.review.remove_note'), 'aria-label': t('hub.review.remove_note'), onclick: () => row.remove() }, '×'));
    notesBox.append(row);
    if (focus) select.focus();
  };
  const sync = () => {
    const value = form().querySelector('input[name=decision]:checked').value;
    notesField.hidden = value !== 'perlu_revisi';
    noteLabel.textContent = t(value === 'ditolak' ? 'hub.review.reason' : 'hub.review.general_note');
  };
  let root;
  const form = () => root;
  const body = h('div', { class: 'review-form' },
    h('p', { class: 'muted small' }, t('hub.review.package', { region: regionText(p.region, detail.region_name), period: p.period, seq: p.seq, index: detail.index_display })),
    h('fieldset', { class: 'decisions', onchange: () => sync() },
      h('legend', {}, t('hub.review.decision')),
      ['diterima', 'perlu_revisi', 'ditolak'].map(choice)),
    h('div', { class: 'field' }, noteLabel, note),
    notesField);
  root = body;
  addNote(false);
  sync();
  return formDialog({
    title: t('hub.review.title'),
    body,
    ok: t('hub.review.save'),
    wide: true,
    id: 'review-dialog',
    submit: async () => {
      const decision = body.querySelector('input[name=decision]:checked').value;
      const notes = decision === 'perlu_revisi'
        ? [...notesBox.querySelectorAll('.review-note-row')]
            .map((row) => ({ indicator: row.querySelector('select').value, note: row.querySelector('textarea').value }))
            .filter((n) => n.indicator || n.note.trim())
        : [];
      const saved = await call('hub_review', { packageId: p.package_id, decision, note: note.value, notes });
      toast(t(`hub.review.saved.${decision}`, { region: regionText(p.region, detail.region_name) }));
      return saved;
    },
  });
}
