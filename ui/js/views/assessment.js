// Penilaian: every indicator of the period in a list; the chosen one in a panel with its level
// criteria, target, penjelasan (Fakta, Analisis), owner, review status, evidence and history.
// Keys: ↑/↓ in the list, Alt+↑/↓ anywhere for the previous/next indicator, Ctrl+S to save.
// The parts live in ./assessment/; this module holds the page and the state they share.

import { call, h, mount, t, toast, showError, confirmDialog } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';
import { answerForm } from './assessment/answer-form.js';
import { butirSection } from './assessment/butir.js';
import { evidenceSection } from './assessment/evidence.js';
import { historySection } from './assessment/history.js';
import { drawIndicatorList, indicatorList } from './assessment/list.js';
import { askReason, confirmSelfVerify, statusBar } from './assessment/status-bar.js';
import { langKey, local } from './assessment/text.js';
import { notesByIndicator, reviewNoteBox } from './assessment/review-note.js';

const NO_ANSWER = { level: null, target: null, fakta: '', analisis: '', owner_office: '', owner_person: '', status: 'draft' };

export async function render(root, app, params = {}) {
  await app.loadPeriods();
  const redraw = () => render(root, app, {});
  if (app.year === null) {
    mount(root, h('section', {}, h('header', { class: 'page-head' }, h('h1', {}, t('assessment.title'))), noPeriodCard(app, redraw)));
    return;
  }
  const [view, reviews] = await Promise.all([
    call('assessment_view', { year: app.year }),
    call('reviews_view', { year: app.year }),
  ]);
  const notes = notesByIndicator(reviews.open);
  const fw = view.framework;
  const answers = new Map(view.answers.map((a) => [a.indicator, a]));
  let current = params.indicator && fw.indicators.some((i) => i.id === params.indicator) ? params.indicator : fw.indicators[0].id;

  const list = indicatorList();
  const panel = h('div', { class: 'ind-panel', id: 'indicator-panel' });

  const drawList = () => drawIndicatorList(list, { fw, answers, values, evidenceCounts: view.evidence_counts, notes, current, select });

  const select = async (id) => {
    if (id === current && panel.childElementCount) return;
    if (app.dirty && !(await confirmDialog(t('confirm.discard_title'), t('confirm.discard'), t('confirm.discard_ok'), true))) return;
    app.dirty = false;
    current = id;
    drawList();
    await drawPanel();
  };

  const step = (delta) => {
    const idx = fw.indicators.findIndex((i) => i.id === current);
    const next = fw.indicators[idx + delta];
    if (next) select(next.id);
  };

  list.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); step(1); }
    if (e.key === 'ArrowUp') { e.preventDefault(); step(-1); }
  });

  const values = new Map(view.values.map((v) => [v.indicator, v]));
  const refreshAnswer = (a) => {
    answers.set(a.indicator, a);
    drawList();
  };
  // A value follows from the butir and the indices too: the list shows what counts now.
  const refreshValues = async () => {
    const fresh = await call('assessment_view', { year: app.year });
    for (const v of fresh.values) values.set(v.indicator, v);
    drawList();
  };

  const drawPanel = async () => {
    const ind = fw.indicators.find((i) => i.id === current);
    const detail = await call('indicator_view', { year: app.year, indicator: ind.id });
    const answer = detail.answer || NO_ANSWER;
    const ctx = { app, ind, detail, answer, redraw: drawPanel, refreshAnswer };
    const { form, save } = panelForm(ctx, fw);
    panel.saveShortcut = detail.locked ? null : save;
    const move = (to, needsReason, selfVerify) => moveStatus(ctx, save, to, needsReason, selfVerify);
    const note = notes.get(ind.id);
    const onAnswered = (saved) => { notes.set(ind.id, { ...note, ...saved }); drawList(); drawPanel(); };
    mount(panel,
      panelHead(fw, ind, step),
      note ? reviewNoteBox({ app, open: reviews.open, note, onAnswered }) : null,
      statusBar(answer, detail, move),
      form,
      butirSection({ app, fw, ind, detail, L: langKey(), redraw: async () => { await refreshValues(); await drawPanel(); } }),
      evidenceSection(app, ind, detail, detail.locked, drawPanel, (n) => { view.evidence_counts[ind.id] = n; drawList(); }),
      historySection(detail.history));
    if (ind.evidence && ind.evidence.length) {
      const L = langKey();
      panel.querySelector('.evidence').prepend(h('p', { class: 'muted small' }, t('assessment.typical_evidence'), ' ', ind.evidence.map((e) => local(e, L)).join('; ')));
    }
  };

  mount(root,
    h('section', { class: 'assessment wide' },
      h('header', { class: 'page-head with-tools' },
        h('div', {}, h('h1', {}, t('assessment.title')), h('p', { class: 'muted' }, `${local(fw.name)} · ${fw.legal_basis}`)),
        h('div', { class: 'tools' }, periodBar(app, redraw), importButton(app, redraw))),
      h('div', { class: 'split' }, list, panel)));
  drawList();
  await drawPanel();

  root.onkeydown = (e) => {
    if (e.altKey && e.key === 'ArrowDown') { e.preventDefault(); step(1); }
    if (e.altKey && e.key === 'ArrowUp') { e.preventDefault(); step(-1); }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { e.preventDefault(); if (panel.saveShortcut) panel.saveShortcut(); }
  };
}

/** The indicator's title, description, weight and scale, with previous/next buttons. */
function panelHead(fw, ind, step) {
  const L = langKey();
  const scale = fw.scales.find((s) => s.id === ind.scale);
  const group = fw.groups.find((x) => x.id === ind.group);
  return [
    h('header', { class: 'ind-head' },
      h('div', {},
        h('span', { class: 'muted' }, t('assessment.indicator_of', { n: ind.number, group: group ? local(group.name, L) : '' })),
        h('h2', { id: 'indicator-title' }, local(ind.name, L))),
      h('div', { class: 'nav-buttons' },
        h('button', { type: 'button', class: 'icon-button', title: `${t('assessment.prev')} (Alt+↑)`, 'aria-label': t('assessment.prev'), onclick: () => step(-1) }, '↑'),
        h('button', { type: 'button', class: 'icon-button', title: `${t('assessment.next')} (Alt+↓)`, 'aria-label': t('assessment.next'), onclick: () => step(1) }, '↓'))),
    h('p', { class: 'ind-desc' }, local(ind.description, L)),
    h('p', { class: 'ind-meta muted' }, t('assessment.meta', { weight: ind.weight.replace('.', L === 'id' ? ',' : '.'), scale: local(scale.name, L) })),
  ];
}

/** The answer form and its save: the patch goes to Rust, the list and panel are redrawn. */
function panelForm(ctx, fw) {
  const { app, ind, detail, answer } = ctx;
  const scale = fw.scales.find((s) => s.id === ind.scale);
  let patch = null;
  const save = async () => {
    try {
      const saved = await call('save_assessment', { year: app.year, indicator: ind.id, patch: patch() });
      app.dirty = false;
      ctx.refreshAnswer(saved);
      toast(t('assessment.saved', { indicator: ind.number }));
      await ctx.redraw();
    } catch (err) { showError(err); }
  };
  const built = answerForm({ ind, scale, sources: fw.sources, answer, locked: detail.locked, L: langKey(), onSave: save, onDirty: () => { app.dirty = true; } });
  patch = built.patch;
  return { form: built.form, save };
}

/** One review move: the reason asked for where needed, unsaved edits saved first. */
async function moveStatus(ctx, save, status, needsReason, selfVerify = false) {
  const { app, ind } = ctx;
  if (selfVerify && !(await confirmSelfVerify())) return;
  let reason = null;
  if (needsReason) {
    reason = await askReason();
    if (reason === null) return;
  }
  if (app.dirty) await save();
  try {
    const updated = await call('set_assessment_status', { year: app.year, indicator: ind.id, status, reason });
    ctx.refreshAnswer(updated);
    toast(updated.self_verified ? t('assessment.self_verified_note', { who: updated.verified_by }) : t(`assessment.status_now.${status}`));
    await ctx.redraw();
  } catch (err) { showError(err); }
}

function importButton(app, redraw) {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', id: 'import-csv', class: 'file-input', onchange: async () => {
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    try {
      const n = await call('import_assessments', { year: app.year, text: await file.text() });
      toast(t('assessment.imported', { n }));
      await redraw();
    } catch (err) { showError(err); }
  } });
  return h('span', {}, h('label', { for: 'import-csv', class: 'button button-secondary', title: t('assessment.import_hint') }, t('assessment.import')), input);
}
