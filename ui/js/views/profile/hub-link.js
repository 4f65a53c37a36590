// Profil → Hub Sumedang: where report packages go over the network. The hub's address, its key
// (pinned: shown by key id and fingerprint, to compare with what Sumedang gave), a manual proxy,
// and "Tes koneksi". The Rust side checks every field; bad input saves nothing.

import { call, h, mount, t, toast, busy, AppError } from '../../core.js';

// Which field an error of the Rust side is about.
const FIELD_OF = { 'hub_link.url_invalid': 'url', 'hub_link.proxy_invalid': 'proxy', 'hub.key_invalid': 'key' };

function field(id, label, input, hint) {
  return h('div', { class: 'field field-wide', dataset: { field: id } },
    h('label', { for: input.id }, label), input,
    hint ? h('small', { class: 'hint', id: `${input.id}-hint` }, hint) : null,
    h('small', { class: 'field-error', id: `${input.id}-error`, role: 'alert' }));
}

/** The pinned key, or what happens without one. */
function pinnedKey(link) {
  if (!link.hub_key_id) {
    return h('div', { class: 'notice warn-plain', id: 'hub-key-unpinned' }, t('hublink.key_unpinned'));
  }
  return h('div', { class: 'fingerprint-box', id: 'hub-key-pinned' },
    h('span', { class: 'label' }, t('hublink.key_pinned')),
    h('dl', { class: 'facts' },
      link.hub_name ? [h('dt', {}, t('hublink.hub_name')), h('dd', { id: 'hub-name' }, link.hub_name)] : null,
      h('dt', {}, t('signing.key_id')), h('dd', { class: 'mono', id: 'hub-key-id' }, link.hub_key_id),
      h('dt', {}, t('signing.fingerprint')), h('dd', {}, h('span', { class: 'fingerprint hub-fingerprint', id: 'hub-key-fingerprint' }, link.hub_key_fingerprint))),
    h('small', { class: 'muted' }, t('hublink.key_compare')));
}

export function hubLinkCard(focus = false) {
  const card = h('div', { class: 'card', id: 'hub-link-card' }, h('h2', {}, t('hublink.title')), h('p', { class: 'loading' }, t('common.loading')));

  const draw = (link) => {
    const url = h('input', { id: 'hub-url', type: 'url', value: link.url, autocomplete: 'off', spellcheck: 'false', placeholder: 'https://…', 'aria-describedby': 'hub-url-hint' });
    const key = h('textarea', { id: 'hub-key', rows: 3, spellcheck: 'false', 'aria-describedby': 'hub-key-hint' });
    const proxy = h('input', { id: 'hub-proxy', type: 'text', value: link.proxy, autocomplete: 'off', spellcheck: 'false', placeholder: t('hublink.proxy_placeholder'), 'aria-describedby': 'hub-proxy-hint' });
    const result = h('div', { id: 'hub-test-result', 'aria-live': 'polite' });

    const values = () => ({ url: url.value, hubKey: key.value, proxy: proxy.value });
    const showProblem = (err) => {
      for (const el of card.querySelectorAll('.field')) {
        el.classList.remove('has-error');
        el.querySelector('.field-error').textContent = '';
      }
      if (!err) return true;
      const error = err instanceof AppError ? err : new AppError(err);
      const el = card.querySelector(`.field[data-field="${FIELD_OF[error.code]}"]`);
      if (!el) return false;
      el.classList.add('has-error');
      el.querySelector('.field-error').textContent = error.text();
      el.querySelector('input, textarea').focus();
      return true;
    };

    const save = async (e) => {
      e.preventDefault();
      mount(result);
      try {
        const saved = await busy(card.querySelector('#hub-save'), t('hublink.saving'), () => call('save_hub_link', values()));
        draw(saved);
        toast(t('hublink.saved'));
      } catch (err) {
        if (!showProblem(err)) mount(result, h('div', { class: 'notice bad', role: 'alert' }, err.text()));
      }
    };

    const test = async (e) => {
      showProblem(null);
      mount(result);
      try {
        const hello = await busy(e.currentTarget, t('hublink.testing'), () => call('test_hub_link', values()));
        mount(result, h('div', { class: 'notice ok', id: 'hub-test-ok', role: 'status' },
          h('strong', { class: 'block' }, t('hublink.test_ok', { name: hello.name })),
          h('dl', { class: 'facts' },
            h('dt', {}, t('signing.key_id')), h('dd', { class: 'mono', id: 'hub-test-key-id' }, hello.key_id),
            h('dt', {}, t('signing.fingerprint')), h('dd', { class: 'mono', id: 'hub-test-fingerprint' }, hello.fingerprint)),
          h('small', { class: 'muted' }, hello.key_checked ? t('hublink.test_matches') : t('hublink.test_compare'))));
      } catch (err) {
        if (!showProblem(err)) {
          mount(result, h('div', { class: 'notice bad', id: 'hub-test-failed', role: 'alert' },
            h('strong', { class: 'block' }, t('hublink.test_failed')), h('p', {}, err instanceof AppError ? err.text() : String(err))));
        }
      }
    };

    mount(card,
      h('h2', {}, t('hublink.title')),
      h('p', { class: 'muted', id: 'hub-link-lead' }, t('hublink.lead')),
      pinnedKey(link),
      h('form', { id: 'hub-link-form', novalidate: true, onsubmit: save },
        h('div', { class: 'grid' },
          field('url', t('hublink.url'), url, t('hublink.url_hint')),
          field('key', link.hub_key_id ? t('hublink.key_replace') : t('hublink.key'), key, t('hublink.key_hint')),
          field('proxy', t('hublink.proxy'), proxy, t('hublink.proxy_hint'))),
        result,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button-secondary', id: 'hub-test', onclick: test }, t('hublink.test')),
          h('button', { type: 'submit', class: 'button', id: 'hub-save' }, t('hublink.save')))));
  };

  call('hub_link_view').then((link) => {
    draw(link);
    if (focus) {
      card.scrollIntoView({ block: 'start' });
      card.querySelector('#hub-url').focus({ preventScroll: true });
    }
  }).catch((err) => {
    mount(card, h('h2', {}, t('hublink.title')), h('div', { class: 'notice bad', role: 'alert' }, err instanceof AppError ? err.text() : String(err)));
  });
  return card;
}
