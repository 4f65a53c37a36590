// The review status of an answer and the moves Rust allows from it (indicator_view's
// allowed_transitions): one button per move, a reason asked for where the move needs one.

import { h, t, dialog, localTime, confirmDialog } from '../../core.js';

/** Asks for the reason of a move that needs one; null when the user cancels. */
export async function askReason() {
  const v = await dialog({ title: t('assessment.reopen_title'), fields: [{ id: 'reason', label: t('assessment.reason'), type: 'textarea', required: true }], ok: t('assessment.reopen') });
  return v ? v.reason : null;
}

/** The user submitted the answer they now verify: said first, and recorded as self-verified. */
export function confirmSelfVerify() {
  return confirmDialog(t('assessment.self_verify_title'), t('assessment.self_verify_lead'), t('assessment.self_verify_ok'));
}

export function statusBar(answer, detail, onMove) {
  return h('div', { class: `status-bar status-${answer.status}`, id: 'status-bar' },
    h('span', {}, t('assessment.status'), ' ', h('strong', { id: 'answer-status' }, t(`status.${answer.status}`)),
      detail.locked && answer.verified_by ? h('span', { class: 'muted', id: 'answer-verifier' }, ' · ', t('assessment.verified_by', { who: answer.verified_by, when: localTime(answer.verified_at) })) : null,
      detail.locked && answer.self_verified ? h('span', { class: 'badge badge-warn', id: 'answer-self-verified', title: t('assessment.self_verify_lead') }, t('assessment.self_verified')) : null,
      answer.status === 'diajukan' && answer.submitted_by ? h('span', { class: 'muted', id: 'answer-submitter' }, ' · ', t('assessment.submitted_by', { who: answer.submitted_by })) : null),
    h('span', { class: 'status-actions' }, detail.allowed_transitions.map((move) =>
      h('button', { type: 'button', class: 'button button-secondary', id: `status-${move.to}`, onclick: () => onMove(move.to, move.needs_reason, move.action === 'verify' && detail.self_verify) }, t(`assessment.${move.action}`)))));
}
