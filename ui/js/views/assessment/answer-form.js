// The answer of one indicator: the level chosen against its criteria, the target, the owner
// and the penjelasan (Fakta, Analisis). Disabled when the answer is locked.

import { h, mount, t } from '../../core.js';
import { local } from './text.js';

/**
 * Where the sources disagree on a level (Pemdi 2026 is still provisional), the other readings
 * beside the one shown, each with the source it comes from and why it differs.
 */
function alternatives(ind, level, sources, L) {
  const content = ind.levels && ind.levels[String(level)];
  if (!content || !content.alternatives || !content.alternatives.length) return null;
  return content.alternatives.map((a) => {
    const source = (sources || []).find((s) => s.id === a.source);
    return h('div', { class: 'alt-reading', dataset: { source: a.source } },
      h('strong', {}, t('assessment.other_reading', { source: source ? source.title.split(' (')[0] : a.source })), ' ',
      local(a.criterion, L),
      a.note ? h('small', { class: 'muted block' }, local(a.note, L)) : null);
  });
}

function levelRows(ind, scale, answer, locked, L, sources) {
  return scale.levels.map((lv) => {
    const specific = ind.criteria[String(lv.level)];
    const radio = h('input', { type: 'radio', name: 'level', value: lv.level, id: `level-${lv.level}`, checked: answer.level === lv.level, disabled: locked });
    return h('tr', { class: answer.level === lv.level ? 'chosen' : '', onclick: () => { if (!locked) { radio.checked = true; radio.dispatchEvent(new Event('change', { bubbles: true })); } } },
      h('td', { class: 'lvl-cell' }, radio, h('label', { for: `level-${lv.level}` }, h('strong', {}, String(lv.level)), ' ', local(lv.name, L))),
      h('td', {}, specific ? local(specific, L) : local(lv.criterion, L),
        specific ? h('small', { class: 'muted block' }, local(lv.criterion, L)) : null,
        alternatives(ind, lv.level, sources, L)));
  });
}

function targetSelect(answer, locked) {
  return h('select', { id: 'f-target', disabled: locked },
    h('option', { value: '', selected: answer.target === null }, '—'),
    [1, 2, 3, 4, 5].map((n) => h('option', { value: n, selected: answer.target === n }, String(n))));
}

/**
 * The form of an answer. `onSave` is called on submit; `onDirty` on any change. Returns the
 * form and `patch()`, which reads the form as an assessment patch.
 */
export function answerForm({ ind, scale, sources = [], answer, locked, L, onSave, onDirty }) {
  const form = h('form', { id: 'answer-form', class: 'answer-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); onSave(); } });
  const target = targetSelect(answer, locked);
  const textarea = (id, value, rows = 4) => { const el = h('textarea', { id: `f-${id}`, rows, disabled: locked }); el.value = value || ''; return el; };
  const input = (id, value) => h('input', { id: `f-${id}`, type: 'text', value: value || '', disabled: locked });

  mount(form,
    h('table', { class: 'criteria', id: 'criteria' },
      h('thead', {}, h('tr', {}, h('th', {}, t('assessment.level')), h('th', {}, t('assessment.criterion')))),
      h('tbody', {}, levelRows(ind, scale, answer, locked, L, sources))),
    h('div', { class: 'grid' },
      h('div', { class: 'field' }, h('label', { for: 'f-target' }, t('assessment.target')), target),
      h('div', { class: 'field' }, h('label', { for: 'f-owner_office' }, t('assessment.owner_office')), input('owner_office', answer.owner_office)),
      h('div', { class: 'field' }, h('label', { for: 'f-owner_person' }, t('assessment.owner_person')), input('owner_person', answer.owner_person))),
    h('div', { class: 'field field-wide' }, h('label', { for: 'f-fakta' }, t('assessment.fakta')), textarea('fakta', answer.fakta),
      h('small', { class: 'hint' }, t('assessment.fakta_hint'))),
    h('div', { class: 'field field-wide' }, h('label', { for: 'f-analisis' }, t('assessment.analisis')), textarea('analisis', answer.analisis),
      h('small', { class: 'hint' }, t('assessment.analisis_hint'))),
    locked ? null : h('div', { class: 'actions' }, h('span'), h('button', { type: 'submit', class: 'button', id: 'save-answer', title: 'Ctrl+S' }, t('common.save'))));
  form.addEventListener('change', onDirty);
  form.addEventListener('input', onDirty);
  form.addEventListener('change', (e) => {
    if (e.target.name === 'level') for (const tr of form.querySelectorAll('#criteria tbody tr')) tr.classList.toggle('chosen', tr.contains(e.target));
  });

  const patch = () => {
    const chosen = form.querySelector('input[name=level]:checked');
    return {
      level: chosen ? Number(chosen.value) : null,
      target: target.value ? Number(target.value) : null,
      fakta: form.querySelector('#f-fakta').value,
      analisis: form.querySelector('#f-analisis').value,
      owner_office: form.querySelector('#f-owner_office').value,
      owner_person: form.querySelector('#f-owner_person').value,
    };
  };
  return { form, patch };
}
