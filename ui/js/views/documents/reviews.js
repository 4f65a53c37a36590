// Tinjauan Sumedang on the Dokumen page: what Kabupaten Sumedang said of this workspace's
// packages (a review file taken in by hand, or fetched from the hub), and for a package
// returned for revision its notes, which the next package must answer.

import { call, h, mount, t, toast, showError, busy, localTime, sendFile, AppError } from '../../core.js';
import { announce, onOutboxEvent } from '../../outbox.js';

const STATE_CLASS = { diterima: 'badge-signed', perlu_revisi: 'badge-warn', ditolak: 'badge-overdue' };

/** A review state as a badge. */
export function reviewBadge(state) {
  return h('span', { class: `badge ${STATE_CLASS[state] || ''}`, dataset: { review: state } }, t(`review.state.${state}`));
}

/** Where a note points: the indicator's number, or "catatan umum". */
export function noteTarget(note) {
  return note.indicator ? t('review.on_indicator', { indicator: note.indicator }) : t('review.general_note');
}

/** The open review's notes, each with its answer or that it has none yet. */
function openReviewView(app, open) {
  const r = open.review;
  const unanswered = open.unanswered.length;
  return h('div', { class: `notice ${unanswered ? 'warn' : 'ok'} review-open`, id: 'review-open', dataset: { review: r.review_id } },
    h('div', {},
      h('strong', { class: 'block' }, t('review.returned', { seq: r.seq, hub: r.hub_name, time: localTime(r.reviewed_at) })),
      h('p', { class: 'small' }, unanswered
        ? t('review.unanswered', { count: unanswered })
        : open.answered_in ? t('review.answered_in', { seq: open.answered_in }) : t('review.all_answered')),
      h('ul', { class: 'rv-notes' }, open.notes.map((n) => h('li', { dataset: { indicator: n.indicator } },
        h('span', { class: 'rv-note-target' }, noteTarget(n)), ' ',
        n.answer
          ? h('span', { class: 'badge badge-signed' }, t('review.answered'))
          : h('span', { class: n.indicator ? 'badge badge-warn' : 'muted small' }, n.indicator ? t('review.not_answered') : t('review.optional')),
        h('div', { class: 'rv-note-text' }, n.note),
        n.indicator_id
          ? h('button', { type: 'button', class: 'link', onclick: () => app.go('assessment', { indicator: n.indicator_id }) }, t('review.open_indicator'))
          : null,
        n.indicator ? null : generalAnswer(app, open, n))))));
}

/** The answer to the general note, written here (indicator notes are answered beside them). */
function generalAnswer(app, open, note) {
  const input = h('textarea', { id: 'review-answer-general', rows: 2, maxlength: 4000, 'aria-label': t('review.answer_label'), placeholder: t('review.answer_placeholder') }, note.answer || '');
  const save = async (e) => {
    e.preventDefault();
    try {
      await call('answer_review_note', { year: app.year, reviewId: open.review.review_id, indicator: '', answer: input.value });
      toast(t('review.answer_saved'));
      announce({ kind: 'reviews', count: 0 });
    } catch (err) { showError(err); }
  };
  return h('form', { class: 'rv-general-answer', onsubmit: save },
    input,
    h('button', { type: 'submit', class: 'button button-small button-secondary', id: 'review-answer-general-save' }, note.answer ? t('review.answer_update') : t('review.answer_save')));
}

/** The card; `app.periods` must be loaded. */
export function reviewsCard(app) {
  const body = h('div', { id: 'reviews-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const card = h('div', { class: 'card', id: 'reviews-card' },
    h('h2', {}, t('review.title')),
    h('p', { class: 'muted small' }, t('review.lead')),
    body);
  if (!app.periods.length) {
    mount(body, h('p', { class: 'muted' }, t('period.none_title')));
    return card;
  }

  const fileInput = h('input', { type: 'file', accept: '.llreview,application/json', class: 'file-input', id: 'review-file', onchange: async () => {
    const file = fileInput.files[0];
    fileInput.value = '';
    if (!file) return;
    try {
      const out = await sendFile('import_review', file, { 'x-name': file.name });
      toast(out.new ? t('review.imported', { seq: out.review.seq, state: t(`review.state.${out.review.state}`) }) : t('review.known'));
      announce({ kind: 'reviews', count: out.new ? 1 : 0 });
    } catch (err) { showError(err); }
  } });

  const fetchNow = async (e) => {
    try {
      const got = await busy(e.currentTarget, t('review.fetching'), () => call('fetch_reviews'));
      toast(got.length ? t('review.fetched', { count: got.length }) : t('review.none_new'));
      announce({ kind: 'reviews', count: got.length });
    } catch (err) { showError(err); }
  };

  const draw = async () => {
    try {
      const v = await call('reviews_view', { year: app.year });
      mount(body,
        h('div', { class: 'tools' },
          h('label', { for: 'review-file', class: 'button button-secondary' }, t('review.import')), fileInput,
          v.can_fetch ? h('button', { type: 'button', class: 'button button-secondary', id: 'review-fetch', onclick: fetchNow }, t('review.fetch')) : null),
        v.open ? openReviewView(app, v.open) : null,
        v.reviews.length
          ? h('table', { class: 'table', id: 'reviews-table' },
              h('thead', {}, h('tr', {}, [t('packages.seq'), t('review.col_state'), t('review.col_note'), t('review.col_when'), t('review.col_by')].map((x) => h('th', {}, x)))),
              h('tbody', {}, v.reviews.map((r) => h('tr', { dataset: { review: r.review_id, package: r.package_id } },
                h('td', {}, String(r.seq)),
                h('td', {}, reviewBadge(r.state)),
                h('td', { class: 'rv-note-cell name-cell' }, r.note || (r.notes.length ? t('review.notes_count', { count: r.notes.length }) : '—')),
                h('td', { class: 'nowrap' }, localTime(r.reviewed_at)),
                h('td', { class: 'name-cell' }, r.hub_name)))))
          : h('p', { class: 'muted', id: 'reviews-none' }, t('review.none', { year: app.year })));
    } catch (err) {
      mount(body, h('div', { class: 'notice bad' }, err instanceof AppError ? err.text() : String(err)));
    }
  };
  // Reviews the background thread fetched show here too while the card is on screen.
  let shown = false;
  onOutboxEvent((event) => {
    if (card.isConnected) shown = true;
    else return !shown;
    if (event.kind === 'reviews' || event.kind === 'built') draw();
    return true;
  });
  draw();
  return card;
}
