// Profil → Kunci penandatangan: the workspace's seal key on this computer (its fingerprint,
// which Sumedang confirms by phone), the enrolment letter, replacing the key, and every key the
// workspace has used. The card loads on its own: a slow or locked keychain must not hold up
// the profile form.

import { call, h, mount, t, toast, showError, busy, confirmDialog, localDate, localDay, localTime, AppError } from '../../core.js';

/** The fingerprint in its groups, large; its text stays exactly the fingerprint. */
function fingerprint(fp) {
  const groups = fp.split('-');
  return h('div', { class: 'fingerprint', id: 'key-fingerprint' },
    groups.map((g, i) => [i ? h('span', { class: 'fp-sep' }, '-') : null, h('span', { class: 'fp-group' }, g)]));
}

function storeText(store) {
  if (store === 'os') return t('signing.store_os');
  return t('signing.store_file', { path: store.replace(/^file:/, '') });
}

// Technical names, the same in every language.
const ALGORITHMS = { 'ecdsa-p256-sha256': 'ECDSA P-256, SHA-256' };

function keysTable(keys, currentId) {
  if (!keys.length) return h('p', { class: 'muted' }, t('signing.keys_none'));
  return h('table', { class: 'table', id: 'keys-table' },
    h('thead', {}, h('tr', {}, [t('signing.fingerprint'), t('signing.key_id'), t('signing.computer'), t('signing.store'), t('signing.created_at'), t('documents.col_status')].map((x) => h('th', {}, x)))),
    h('tbody', {}, keys.map((k) => h('tr', { dataset: { key: k.key_id }, class: k.retired_at ? 'retired' : '' },
      h('td', { class: 'mono nowrap' }, k.fingerprint),
      h('td', { class: 'mono nowrap' }, k.key_id),
      h('td', {}, k.computer),
      h('td', {}, storeText(k.keystore)),
      h('td', { class: 'nowrap' }, localDay(k.created_at)),
      h('td', {}, k.retired_at
        ? [h('span', { class: 'badge badge-retired' }, t('signing.key_retired')), h('small', { class: 'muted block' }, localDay(k.retired_at))]
        : h('span', { class: k.key_id === currentId ? 'badge badge-signed' : 'badge badge-issued' }, t('signing.key_in_use')))))));
}

export function signingKeyCard() {
  const card = h('div', { class: 'card', id: 'signing-card' }, h('h2', {}, t('signing.title')), h('p', { class: 'loading' }, t('common.loading')));

  const draw = (view) => {
    const id = view.identity;
    const create = async (e) => {
      try {
        draw(await busy(e.target, t('signing.creating'), () => call('create_identity')));
        toast(t('signing.created'));
      } catch (err) { showError(err); }
    };
    const letter = async (e) => {
      try {
        const out = await busy(e.target, t('documents.building'), () => call('issue_enrolment_letter', { today: localDate(), title: t('signing.letter_save_title') }));
        if (out) toast(t('documents.issued', { number: out.record.number, path: out.path }));
      } catch (err) { showError(err); }
    };
    const rotate = async (e) => {
      if (!(await confirmDialog(t('signing.rotate_title'), t('signing.rotate_message'), t('signing.rotate_ok'), true))) return;
      try {
        const out = await busy(e.target, t('signing.creating'), () => call('rotate_identity'));
        draw(out);
        toast(out.transition_signed ? t('signing.rotated') : t('signing.rotated_alone'));
      } catch (err) { showError(err); }
    };

    let body;
    if (view.problem) {
      const problem = new AppError(view.problem);
      body = h('div', { class: 'notice bad', id: 'key-problem', role: 'alert' },
        h('strong', { class: 'block' }, problem.code === 'sign.keychain_unavailable' ? t('signing.keychain_unavailable_title') : t('signing.problem_title')),
        h('p', {}, problem.text()),
        h('button', { type: 'button', class: 'button button-secondary', id: 'key-retry', onclick: load }, t('signing.retry')));
    } else if (id) {
      body = [
        h('div', { class: 'fingerprint-box' },
          h('span', { class: 'label' }, t('signing.fingerprint')),
          fingerprint(id.fingerprint),
          h('small', { class: 'muted' }, t('signing.fingerprint_hint'))),
        h('dl', { class: 'facts' },
          h('dt', {}, t('signing.key_id')), h('dd', { class: 'mono', id: 'key-id' }, id.key_id),
          h('dt', {}, t('signing.store')), h('dd', { id: 'key-store' }, storeText(id.store)),
          h('dt', {}, t('signing.computer')), h('dd', {}, id.computer),
          h('dt', {}, t('signing.created_at')), h('dd', {}, localTime(id.created_at)),
          h('dt', {}, t('signing.algorithm')), h('dd', {}, ALGORITHMS[id.algorithm] || id.algorithm)),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button-secondary', id: 'key-rotate', onclick: rotate }, t('signing.rotate')),
          h('span', { class: 'tools' },
            h('small', { class: 'muted hint-inline' }, t('signing.letter_hint')),
            h('button', { type: 'button', class: 'button', id: 'key-letter', onclick: letter }, t('signing.letter')))),
      ];
    } else {
      body = h('div', { class: 'key-empty' },
        h('p', {}, view.keys.length ? t('signing.none_elsewhere') : t('signing.none')),
        h('button', { type: 'button', class: 'button', id: 'key-create', onclick: create }, t('signing.create')));
    }

    mount(card,
      h('h2', {}, t('signing.title')),
      h('p', { class: 'muted', id: 'key-lead' }, t('signing.lead')),
      body,
      h('h3', {}, t('signing.keys')),
      keysTable(view.keys, id && id.key_id));
  };

  function load() {
    call('identity_view').then(draw).catch((err) => {
      mount(card, h('h2', {}, t('signing.title')), h('div', { class: 'notice bad', role: 'alert' }, err instanceof AppError ? err.text() : String(err)));
    });
  }
  load();
  return card;
}
