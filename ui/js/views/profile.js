// The office profile: the letterhead and the officials, editable at any time.

import { call, h, mount, t, toast, showError, localTime } from '../core.js';
import {
  OFFICE_FIELDS, USER_FIELDS, fieldInput, collect, showProblems, problemsOf, emblemPicker, officialsSection,
} from '../profile-form.js';
import { signingKeyCard } from './profile/signing-key.js';
import { hubLinkCard } from './profile/hub-link.js';

export async function render(root, app, params = {}) {
  const view = await call('get_profile');
  const { info, profile } = view;

  const save = async (e) => {
    e.preventDefault();
    const form = root.querySelector('#profile-form');
    const next = collect(form, profile);
    if (showProblems(form, await problemsOf(next)) > 0) return;
    const button = root.querySelector('#profile-save');
    button.disabled = true;
    try {
      const saved = await call('save_profile', { profile: next });
      app.dirty = false;
      await app.refresh();
      toast(t('profile.saved'));
      Object.assign(profile, saved.profile);
    } catch (err) {
      if (!err.params.field || showProblems(form, [err]) === 0) showError(err);
    } finally {
      button.disabled = false;
    }
  };

  const changeEmblem = (command, saved) => async (url) => {
    try {
      await call(command, { data: url });
      await app.refresh();
      toast(t(saved));
    } catch (err) {
      showError(err);
    }
  };

  mount(root,
    h('section', { class: 'profile' },
      h('header', { class: 'page-head' },
        h('h1', {}, t('profile.title')),
        h('p', { class: 'muted' }, t('profile.lead'))),
      h('div', { class: 'card ws-card' },
        h('dl', { class: 'facts' },
          h('dt', {}, t('profile.region')), h('dd', { id: 'profile-region' }, `${info.region.name} (${info.region.code})`),
          h('dt', {}, t('profile.province')), h('dd', {}, info.region.province),
          h('dt', {}, t('profile.folder')), h('dd', { class: 'mono' }, info.path),
          h('dt', {}, t('profile.created')), h('dd', {}, localTime(info.created_at)),
          h('dt', {}, t('profile.workspace_id')), h('dd', { class: 'mono' }, info.id))),
      signingKeyCard(),
      hubLinkCard(params.section === 'hub'),
      h('form', {
        class: 'card', id: 'profile-form', novalidate: true, onsubmit: save,
        oninput: (e) => { if (e.target.type !== 'file') app.dirty = true; },
      },
        h('h2', {}, t('profile.office')),
        h('div', { class: 'grid' }, OFFICE_FIELDS.map((f) => fieldInput(f, profile))),
        emblemPicker(view.emblem, changeEmblem('set_emblem', 'profile.emblem_saved')),
        emblemPicker(view.national_emblem, changeEmblem('set_national_emblem', 'profile.national_emblem_saved'), 'national_emblem'),
        h('h2', {}, t('profile.officials')),
        officialsSection(profile, info.region.kind),
        h('h2', {}, t('profile.user')),
        h('div', { class: 'grid' }, USER_FIELDS.map((f) => fieldInput(f, profile))),
        h('div', { class: 'actions sticky' },
          h('button', { type: 'submit', class: 'button', id: 'profile-save' }, t('common.save'))))));
}
