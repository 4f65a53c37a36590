// Pemdi 2026: the indicator's value and the evidence items (butir) each level expects, as the
// national portal grades them. Each butir is checked off, backed by the indicator's evidence,
// and given the evaluators' review (diterima, or revisi with a reason). The value that counts
// and where it comes from (the assessor's value, another agency's index, the level, the butir
// estimate) is decided in Rust (`livinglab_store::butir`); this only shows it and sends changes.

import { call, h, t, toast, showError, formDialog } from '../../core.js';
import { local } from './text.js';

/**
 * A dialog of text fields whose `submit(values)` goes to Rust: a refusal (an index off its
 * scale, a revision without its reason) shows inside it, in the user's language.
 */
function fieldsDialog({ title, fields, submit }) {
  const inputs = fields.map((f) => {
    const el = f.multiline ? h('textarea', { id: `dlg-${f.name}`, rows: 3 }) : h('input', { id: `dlg-${f.name}`, type: 'text' });
    el.value = f.value || '';
    return [f.name, el, f.label];
  });
  const values = () => Object.fromEntries(inputs.map(([name, el]) => [name, el.value.trim()]));
  return formDialog({
    title,
    ok: t('common.save'),
    body: h('div', {}, inputs.map(([name, el, label]) => h('div', { class: 'field' }, h('label', { for: `dlg-${name}` }, label), el))),
    submit: async () => { await submit(values()); return values(); },
  });
}

/** "1,75" in Indonesian, "1.75" in English, from an exact decimal string. */
function decimalText(value, L) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  const shown = Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
  return L === 'id' ? shown.replace('.', ',') : shown;
}

/** The value box: what counts, why, the butir's suggestion, the assessor's value or the index. */
function valueBox(ctx) {
  const { app, ind, detail, fw, L, locked, redraw } = ctx;
  const v = detail.value || {};
  const answer = detail.answer || {};
  const basis = v.basis ? t(`value.basis.${v.basis}`) : t('value.basis.none');
  const external = v.external_index ? fw.external_indices.find((x) => x.id === v.external_index) : null;
  const saveValue = async (value) => {
    try {
      await call('save_assessment', { year: app.year, indicator: ind.id, patch: { value } });
      toast(value === null ? t('value.cleared') : t('value.saved', { indicator: ind.number }));
      await redraw();
    } catch (err) { showError(err); }
  };
  const given = h('input', { id: 'f-value', type: 'text', inputmode: 'decimal', value: answer.value ? decimalText(answer.value, L) : '', disabled: locked, placeholder: L === 'id' ? '2,26' : '2.26', 'aria-label': t('value.given') });
  given.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); saveValue(given.value.trim() || null); } });
  const enterIndex = async () => {
    const values = await fieldsDialog({
      title: t('value.index_title', { index: local(external.name, L) }),
      fields: [
        { name: 'value', label: t('value.index_value', { agency: external.agency }), value: v.external_value ? decimalText(v.external_value, L) : '' },
        { name: 'source', label: t('value.index_source'), value: '' },
      ],
      submit: (f) => call('set_external_index', { year: app.year, index: external.id, value: f.value || null, source: f.source }),
    });
    if (values !== null) { toast(t('value.index_saved')); await redraw(); }
  };
  return h('div', { class: 'card value-box', id: 'value-box' },
    h('div', { class: 'value-now' },
      h('span', { class: 'kpi-label' }, t('value.counts')),
      h('strong', { class: 'kpi-value', id: 'value-counted' }, decimalText(v.value ?? (v.basis === 'assumed_one' ? '1' : null), L)),
      h('span', { class: `badge value-basis basis-${v.basis || 'none'}`, id: 'value-basis' }, basis)),
    v.estimate && v.basis !== 'butir_estimate'
      ? h('p', { class: 'muted small', id: 'value-estimate' }, t('value.estimate', { value: decimalText(v.estimate.value, L) }))
      : null,
    external
      ? h('p', { class: 'small', id: 'value-external' },
          v.external_value
            ? t('value.index_entered', { index: local(external.name, L), value: decimalText(v.external_value, L) })
            : t('value.index_missing', { index: local(external.name, L), agency: external.agency }),
          ' ', h('button', { type: 'button', class: 'link', id: 'value-index', onclick: enterIndex }, t('value.index_enter')))
      : null,
    h('div', { class: 'value-given' },
      h('label', { for: 'f-value' }, t('value.given')), given,
      locked ? null : h('button', { type: 'button', class: 'button button-secondary', id: 'value-save', onclick: () => saveValue(given.value.trim() || null) }, t('common.save')),
      !locked && answer.value ? h('button', { type: 'button', class: 'link', id: 'value-clear', onclick: () => saveValue(null) }, t('value.clear')) : null,
      h('small', { class: 'hint block' }, t('value.given_hint'))));
}

/** "butir 3 tingkat 2": how a person names a butir (its id, I1.L2.3, is the file's). */
function butirLabel(b) {
  return t('butir.label', { level: b.level, n: b.butir_id.split('.').pop() });
}

/** A butir's review by the evaluators: a select, and the reason of a revision. */
function reviewControl(ctx, b) {
  const { app, redraw } = ctx;
  const key = b.butir_id.replace(/\./g, '-');
  const select = h('select', { id: `butir-review-${key}`, 'aria-label': t('butir.review') },
    h('option', { value: '', selected: !b.review }, t('butir.review_none')),
    h('option', { value: 'diterima', selected: b.review === 'diterima' }, t('butir.review_diterima')),
    h('option', { value: 'revisi', selected: b.review === 'revisi' }, t('butir.review_revisi')));
  select.addEventListener('change', async () => {
    const review = select.value || null;
    if (review === 'revisi') {
      const got = await fieldsDialog({
        title: t('butir.reason_title', { butir: butirLabel(b) }),
        fields: [{ name: 'reason', label: t('butir.reason'), value: b.review_reason, multiline: true }],
        submit: (f) => call('set_butir', { year: app.year, butir: b.butir_id, patch: { review, reason: f.reason } }),
      });
      if (got === null) { select.value = b.review || ''; return; }
    } else {
      try { await call('set_butir', { year: app.year, butir: b.butir_id, patch: { review } }); } catch (err) { showError(err); select.value = b.review || ''; return; }
    }
    toast(t('butir.review_saved', { butir: butirLabel(b) }));
    await redraw();
  });
  return h('span', { class: 'butir-review' }, select,
    b.review === 'revisi' ? h('small', { class: 'butir-reason block', id: `butir-reason-${key}` }, b.review_reason) : null);
}

/** The evidence linked to a butir, and a chooser for the indicator's other evidence. */
function evidenceLinks(ctx, b) {
  const { app, detail, locked, redraw } = ctx;
  const key = b.butir_id.replace(/\./g, '-');
  const byId = new Map(detail.evidence.map((e) => [e.id, e]));
  const link = async (id, linked) => {
    try { await call('link_butir_evidence', { year: app.year, butir: b.butir_id, evidence: id, linked }); await redraw(); } catch (err) { showError(err); }
  };
  const others = detail.evidence.filter((e) => !b.evidence.includes(e.id));
  const chooser = !locked && others.length
    ? h('select', { id: `butir-link-${key}`, class: 'butir-link', 'aria-label': t('butir.link'), onchange: (e) => { if (e.target.value) link(e.target.value, true); } },
        h('option', { value: '' }, t('butir.link')),
        others.map((e) => h('option', { value: e.id }, e.display_name)))
    : null;
  return h('span', { class: 'butir-evidence' },
    b.evidence.map((id) => {
      const e = byId.get(id);
      return h('span', { class: 'chip', dataset: { evidence: id } }, e ? e.display_name : id,
        locked ? null : h('button', { type: 'button', class: 'chip-x', title: t('butir.unlink'), 'aria-label': t('butir.unlink'), onclick: () => link(id, false) }, '×'));
    }),
    chooser);
}

/** The checklist of one level: its butir with their state, and how far the level is. */
function levelChecklist(ctx, level, items, progress) {
  const { app, fw, ind, L, locked, redraw } = ctx;
  const scale = fw.scales.find((s) => s.id === ind.scale);
  const lv = scale.levels.find((x) => x.level === level);
  const done = items.filter((b) => b.complete).length;
  const state = progress ? (progress.complete ? 'complete' : progress.counted ? 'counting' : 'waiting') : 'waiting';
  return h('div', { class: `butir-level butir-${state}`, id: `butir-level-${level}` },
    h('h4', {}, t('butir.level', { level, name: lv ? local(lv.name, L) : '' }),
      ' ', h('span', { class: 'muted small' }, t('butir.progress', { done, n: items.length })),
      state === 'waiting' && done ? h('span', { class: 'badge badge-warn' }, t('butir.not_counted')) : null),
    h('ul', { class: 'butir-list' }, items.map((b) => {
      const key = b.butir_id.replace(/\./g, '-');
      const box = h('input', { type: 'checkbox', id: `butir-${key}`, checked: b.complete, disabled: locked });
      box.addEventListener('change', async () => {
        try {
          await call('set_butir', { year: app.year, butir: b.butir_id, patch: { complete: box.checked } });
          await redraw();
        } catch (err) { box.checked = !box.checked; showError(err); }
      });
      return h('li', { class: b.complete ? 'butir done' : 'butir', dataset: { butir: b.butir_id } },
        h('label', { for: `butir-${key}` }, box, h('span', { class: 'butir-text' }, local(b.text, L))),
        h('div', { class: 'butir-tools' }, evidenceLinks(ctx, b), reviewControl(ctx, b)));
    })));
}

/**
 * The value box and the butir checklist of an indicator of a framework of decimal values;
 * null for a framework of whole levels.
 */
export function butirSection({ app, fw, ind, detail, L, redraw }) {
  if (fw.values !== 'decimal') return null;
  const ctx = { app, fw, ind, detail, L, locked: detail.locked, redraw };
  const progress = new Map(((detail.value && detail.value.estimate) || { levels: [] }).levels.map((p) => [p.level, p]));
  const levels = [1, 2, 3, 4, 5].map((level) => [level, detail.butir.filter((b) => b.level === level)]).filter(([, items]) => items.length);
  return h('section', { class: 'butir-section', id: 'butir-section' },
    valueBox(ctx),
    levels.length
      ? h('div', { class: 'card butir-card', id: 'butir-card' },
          h('h3', {}, t('butir.title')),
          h('p', { class: 'muted small' }, t('butir.lead')),
          levels.map(([level, items]) => levelChecklist(ctx, level, items, progress.get(level))))
      : null);
}
