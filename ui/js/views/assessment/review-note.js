// Sumedang's note on the indicator shown, when its review returned the period's package for
// revision, and the region's answer to it (the next package carries the answers).

import { call, h, t, toast, showError, localTime } from '../../core.js';

/** The open review's notes by the indicator id of this period's framework. */
export function notesByIndicator(open) {
  const byId = new Map();
  if (!open) return byId;
  for (const n of open.notes) if (n.indicator_id) byId.set(n.indicator_id, n);
  return byId;
}

/**
 * The note and its answer form. `onAnswered(note)` runs after the answer is saved.
 */
export function reviewNoteBox({ app, open, note, onAnswered }) {
  const r = open.review;
  const id = `review-answer-${note.indicator}`;
  const answer = h('textarea', { id, rows: 3, maxlength: 4000, placeholder: t('review.answer_placeholder') }, note.answer || '');
  const save = async (e) => {
    e.preventDefault();
    try {
      const saved = await call('answer_review_note', { year: app.year, reviewId: r.review_id, indicator: note.indicator, answer: answer.value });
      toast(t('review.answer_saved'));
      onAnswered(saved);
    } catch (err) { showError(err); }
  };
  return h('form', { class: `rv-note-box ${note.answer ? 'answered' : 'open'}`, id: 'review-note', dataset: { indicator: note.indicator }, onsubmit: save },
    h('div', { class: 'rv-note-head' },
      h('strong', {}, t('review.note_title')),
      h('span', { class: 'muted small' }, t('review.note_from', { seq: r.seq, hub: r.hub_name, time: localTime(r.reviewed_at) }))),
    h('p', { class: 'rv-note-text', id: 'review-note-text' }, note.note),
    h('label', { for: id }, t('review.answer_label')),
    answer,
    h('div', { class: 'tools' },
      h('button', { type: 'submit', class: 'button button-small', id: 'review-answer-save' }, note.answer ? t('review.answer_update') : t('review.answer_save')),
      note.answered_at ? h('span', { class: 'muted small' }, t('review.answered_at', { time: localTime(note.answered_at) })) : null));
}
