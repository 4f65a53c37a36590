// The office-profile form, shared by the first-run wizard and the profile screen.
// Field ids match the `field` param of the Rust side's validation errors.

import { call, h, t, readAsDataUrl, showError, AppError } from './core.js';

export const HEAD_TITLES = ['Bupati', 'Wali Kota', 'Pj. Bupati', 'Pj. Wali Kota', 'Plt. Bupati', 'Plt. Wali Kota'];

// [field id, path in the Profile object, input type, extra]
export const OFFICE_FIELDS = [
  ['office_name', 'office_name', 'text', { required: true }],
  ['address', 'address', 'text', { wide: true }],
  ['postal_code', 'postal_code', 'text', { inputmode: 'numeric', maxlength: 5 }],
  ['phone', 'phone', 'tel'],
  ['email', 'email', 'email'],
  ['website', 'website', 'text'],
  ['place', 'place', 'text'],
];

export const OFFICIAL_GROUPS = [
  ['head', [
    ['head_title', 'head.title', 'select', { options: HEAD_TITLES }],
    ['head_name', 'head.name', 'text'],
    ['head_nip', 'head.nip', 'text', { inputmode: 'numeric', hint: 'hint.head_nip' }],
  ]],
  ['sekda', [
    ['sekda_name', 'sekda.name', 'text'],
    ['sekda_nip', 'sekda.nip', 'text', { inputmode: 'numeric', hint: 'hint.nip' }],
    ['sekda_rank', 'sekda.rank', 'text', { hint: 'hint.rank' }],
  ]],
  ['office_head', [
    ['office_head_title', 'office_head.title', 'text', { wide: true }],
    ['office_head_name', 'office_head.name', 'text'],
    ['office_head_nip', 'office_head.nip', 'text', { inputmode: 'numeric', hint: 'hint.nip' }],
    ['office_head_rank', 'office_head.rank', 'text', { hint: 'hint.rank' }],
  ]],
];

export const USER_FIELDS = [['user_name', 'user_name', 'text', { hint: 'hint.user_name', required: true }]];

function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o ? o[k] : undefined), obj);
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] = o[k] || {};
  o[keys[keys.length - 1]] = value;
}

/** A labelled input for one field, holding the profile's current value. */
export function fieldInput([id, path, type, extra = {}], profile) {
  const value = getPath(profile, path) ?? '';
  const inputId = `f-${id}`;
  let input;
  if (type === 'select') {
    input = h('select', { id: inputId, name: id, dataset: { path } },
      extra.options.map((o) => h('option', { value: o, selected: o === value }, o)));
  } else {
    input = h('input', {
      id: inputId, name: id, type, value, autocomplete: 'off', spellcheck: 'false',
      inputmode: extra.inputmode, maxlength: extra.maxlength, dataset: { path },
    });
  }
  return h('div', { class: `field${extra.wide ? ' field-wide' : ''}`, dataset: { field: id } },
    h('label', { for: inputId }, t(`field.${id}`), extra.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    input,
    extra.hint ? h('small', { class: 'hint' }, t(extra.hint)) : null,
    h('small', { class: 'field-error', id: `err-${id}`, role: 'alert' }));
}

/** Copies the form's inputs into a copy of `profile`. */
export function collect(form, profile) {
  const out = structuredClone(profile);
  for (const el of form.querySelectorAll('[data-path]')) setPath(out, el.dataset.path, el.value);
  return out;
}

/** Marks each field named by an error; returns the number of errors among `fieldIds` (all when null). */
export function showProblems(form, problems, fieldIds = null) {
  for (const el of form.querySelectorAll('.field')) {
    el.classList.remove('has-error');
    const msg = el.querySelector('.field-error');
    if (msg) msg.textContent = '';
  }
  let count = 0;
  for (const raw of problems) {
    const err = new AppError(raw);
    const field = err.params.field;
    if (fieldIds && !fieldIds.includes(field)) continue;
    const el = form.querySelector(`.field[data-field="${field}"]`);
    if (!el) continue;
    count += 1;
    el.classList.add('has-error');
    el.querySelector('.field-error').textContent = err.text();
  }
  const first = form.querySelector('.field.has-error input, .field.has-error select');
  if (first) first.focus();
  return count;
}

/** Asks the Rust side for every problem of the profile. */
export async function problemsOf(profile) {
  return call('validate_profile', { profile });
}

/**
 * An emblem picker: a preview and a file input; calls onChange(dataUrl) with the file read.
 * `kind` is 'emblem' (the regional emblem of the kop instansi) or 'national_emblem' (Garuda
 * Pancasila, for the kop jabatan); it names the field, its label and its hint.
 */
export function emblemPicker(currentUrl, onChange, kind = 'emblem') {
  const id = `f-${kind.replace('_', '-')}`;
  const preview = h('div', { class: 'emblem-preview' },
    currentUrl ? h('img', { src: currentUrl, alt: t(`field.${kind}`) }) : h('span', { class: 'muted' }, t(`profile.no_${kind}`)));
  const input = h('input', {
    type: 'file', id, accept: 'image/png,image/jpeg', class: 'file-input',
    onchange: async () => {
      const file = input.files[0];
      if (!file) return;
      if (!['image/png', 'image/jpeg'].includes(file.type)) {
        showError(new AppError({ code: 'profile.emblem_invalid', message: '', params: {} }));
        input.value = '';
        return;
      }
      const url = await readAsDataUrl(file);
      preview.replaceChildren(h('img', { src: url, alt: t(`field.${kind}`) }));
      onChange(url);
    },
  });
  return h('div', { class: 'field field-wide emblem-field', dataset: { field: kind } },
    h('span', { class: 'label' }, t(`field.${kind}`)),
    h('div', { class: 'emblem-row' }, preview,
      h('div', {},
        h('label', { for: id, class: 'button button-secondary' }, t('profile.choose_emblem')),
        input,
        h('small', { class: 'hint' }, t(`hint.${kind}`)))));
}

/** The titles a head of a region of `kind` signs with: a kota has a Wali Kota, a kabupaten a Bupati. */
export function headTitles(kind, current = '') {
  const own = HEAD_TITLES.filter((x) => (kind === 'kota' ? x.includes('Wali Kota') : x.includes('Bupati')));
  return current && !own.includes(current) ? [current, ...own] : own;
}

/** The officials' fieldsets; the head's titles follow the region's kind ('kabupaten' or 'kota'). */
export function officialsSection(profile, kind = null) {
  return OFFICIAL_GROUPS.map(([group, fields]) =>
    h('fieldset', { class: 'group' },
      h('legend', {}, group === 'head' && kind ? t(`official.head_${kind === 'kota' ? 'kota' : 'kabupaten'}`) : t(`official.${group}`)),
      h('div', { class: 'grid' }, fields.map((f) => (f[0] === 'head_title' && kind
        ? fieldInput([f[0], f[1], f[2], { ...f[3], options: headTitles(kind, profile.head.title) }], profile)
        : fieldInput(f, profile))))));
}

export function fieldIds(fields) {
  return fields.map((f) => f[0]);
}
