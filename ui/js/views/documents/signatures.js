// Signed PDFs on the Dokumen page: what a verification found (the verdict, each signature's
// signer, issuer and times), the box that checks any signed PDF, the outcome of attaching a
// TTE-signed PDF, and the trust anchors (Kepercayaan) a TTE chain must reach.

import { call, h, mount, t, toast, showError, sendFile, localDay, localTime, AppError } from '../../core.js';

const VERDICT_CLASS = { valid: 'ok', rerendered: 'warn-plain', untrusted: 'bad', modified: 'bad', invalid: 'bad', unsigned: 'bad' };

/** The signer, issuer and times of one signature. A seal is trusted by its key (one this
 * workspace has used), a TTE signature by its certificate chain. */
function signatureView(s) {
  const seal = s.kind === 'seal';
  const trusted = s.valid && (seal || s.chain_trusted);
  const state = !s.valid ? t('signature.invalid') : seal ? t('signature.valid_own_key') : trusted ? t('signature.valid_trusted') : t('signature.valid_untrusted');
  return h('div', { class: 'signature', dataset: { kind: s.kind } },
    h('strong', { class: 'block' }, t(`signature.kind.${s.kind}`), ' ',
      h('span', { class: trusted ? 'badge badge-signed' : 'badge badge-overdue' }, state)),
    h('dl', { class: 'facts' },
      h('dt', {}, t('signature.signer')), h('dd', { class: 'sig-signer' }, s.signer || '—'),
      seal ? null : [h('dt', {}, t('signature.issuer')), h('dd', { class: 'sig-issuer' }, s.issuer || '—')],
      h('dt', {}, t('signature.signed_at')), h('dd', {}, s.signed_at ? localTime(s.signed_at) : '—'),
      h('dt', {}, t('signature.timestamp')), h('dd', {}, s.timestamp_at ? localTime(s.timestamp_at) : t('signature.timestamp_none'))));
}

/** What a checked PDF is: its verdict, the document it was issued as, its signatures. */
export function verificationView(check) {
  return h('div', { class: 'verification' },
    h('div', { class: `notice ${VERDICT_CLASS[check.verdict] || 'bad'}`, id: 'verdict', dataset: { verdict: check.verdict } },
      h('strong', { class: 'block' }, t(`signature.verdict.${check.verdict}`)),
      check.issued ? t('signature.issued_as', { number: check.issued.number }) : t('signature.not_issued')),
    check.signatures.map(signatureView),
    check.signatures.length ? h('p', { class: 'muted small', id: 'revocation-note' }, t('signature.revocation')) : null);
}

/** The outcome of attaching a file to document `number`: the TTE check, or the refusal. */
export function attachOutcome({ number, result, error }) {
  if (error) {
    return h('div', { class: 'notice bad', id: 'attach-refused', role: 'alert' },
      h('strong', { class: 'block' }, t('documents.attach_refused', { number })),
      error instanceof AppError ? error.text() : String(error));
  }
  const tte = result.verification.signatures.filter((s) => s.kind === 'tte');
  return h('div', { class: 'attach-outcome', id: 'attach-ok', role: 'status' },
    h('div', { class: 'notice ok' }, h('strong', {}, t('documents.tte_attached', { number: result.record.number }))),
    tte.map(signatureView),
    h('p', { class: 'muted small' }, t('signature.revocation')));
}

/** Checks any signed PDF against this workspace; records nothing. */
export function verifyCard() {
  const result = h('div', { id: 'verify-result', role: 'status' });
  const input = h('input', { type: 'file', accept: '.pdf,application/pdf', class: 'file-input', id: 'verify-file', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    mount(result, h('p', { class: 'loading' }, t('signature.checking')));
    try {
      const check = await sendFile('verify_pdf', file, { 'x-name': file.name });
      mount(result, h('p', { class: 'muted small' }, file.name), verificationView(check));
    } catch (err) {
      mount(result, h('div', { class: 'notice bad', role: 'alert' }, err instanceof AppError ? err.text() : String(err)));
    }
  } });
  return h('div', { class: 'card', id: 'verify-card' },
    h('h2', {}, t('signature.check')),
    h('p', { class: 'muted small' }, t('signature.check_lead')),
    h('label', { for: 'verify-file', class: 'button button-secondary' }, t('signature.choose')), input,
    result);
}

/** Kepercayaan: the root certificates a TTE signature must lead to, and adding one. */
export function trustCard() {
  const list = h('div', { id: 'trust-list' }, h('p', { class: 'loading' }, t('common.loading')));
  const draw = async () => {
    try {
      const anchors = await call('trust_list');
      mount(list, anchors.length
        ? h('table', { class: 'table', id: 'trust-table' },
            h('thead', {}, h('tr', {}, [t('trust.col_name'), 'SHA-256', t('trust.col_until'), t('trust.col_origin')].map((x) => h('th', {}, x)))),
            h('tbody', {}, anchors.map((a) => h('tr', {},
              h('td', {}, h('span', { class: 'block' }, a.common_name || a.subject), h('small', { class: 'muted' }, a.subject)),
              h('td', { class: 'mono nowrap' }, `${a.sha256.slice(0, 16)}…`),
              h('td', { class: 'nowrap' }, localDay(a.not_after)),
              h('td', {}, t(`trust.origin.${a.origin}`))))))
        : h('p', { class: 'muted', id: 'trust-none' }, t('trust.none')));
    } catch (err) { mount(list, h('div', { class: 'notice bad' }, err instanceof AppError ? err.text() : String(err))); }
  };
  const input = h('input', { type: 'file', accept: '.pem,.cer,.crt,.der', class: 'file-input', id: 'trust-file', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const out = await sendFile('add_trust_anchor', file, { 'x-name': file.name });
      const name = out.anchor.common_name || out.anchor.subject;
      toast(out.added ? t('trust.added', { name }) : t('trust.already', { name }));
      await draw();
    } catch (err) { showError(err); }
  } });
  draw();
  return h('div', { class: 'card', id: 'trust-card' },
    h('h2', {}, t('trust.title')),
    h('p', { class: 'muted small' }, t('trust.lead')),
    list,
    h('div', { class: 'actions' }, h('span'),
      h('span', {}, h('label', { for: 'trust-file', class: 'button button-secondary' }, t('trust.add')), input)));
}
