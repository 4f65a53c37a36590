// Tindak Lanjut: the follow-up actions of the period, from a replicable practice or from an
// indicator gap; status, progress and milestones; the follow-up rate and the expected index.

import { call, h, mount, t, toast, showError, dialog, svgImage, localDate, longDate, confirmDialog } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';

const STATUSES = ['rencana', 'berjalan', 'selesai', 'tertunda', 'batal'];

function L() {
  return document.documentElement.lang === 'en' ? 'en' : 'id';
}

function txt(text) {
  return text ? (text[L()] || text.id) : '';
}

/** A date in three months from today, YYYY-MM-DD. */
function inMonths(n) {
  const d = new Date();
  d.setMonth(d.getMonth() + n);
  const pad = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A due date in the past is asked about first (an action planned late is still possible). */
async function dueConfirmed(due) {
  if (!due || due >= localDate()) return true;
  return confirmDialog(t('followup.past_due_title'), t('followup.past_due', { date: longDate(due) }), t('followup.past_due_ok'));
}

/**
 * Shows the dialog `ask(previousValues)` until its due date is in the future or the user says a
 * past one is meant (`unchanged`: a due date kept as it was is not asked about); null on Cancel.
 */
async function askUntilConfirmed(ask, unchanged = null) {
  let was = {};
  for (;;) {
    const v = await ask(was);
    if (!v) return null;
    if (v.due === unchanged || (await dueConfirmed(v.due))) return v;
    was = v;
  }
}

/** The level an action on an indicator aims at first: its own target, else one level up. */
function suggestedLevel(answer) {
  if (answer && answer.target) return String(answer.target);
  return String(Math.min(5, ((answer && answer.level) || 1) + 1));
}

export async function render(root, app) {
  await app.loadPeriods();
  const redraw = () => render(root, app);
  if (app.year === null) {
    mount(root, h('section', {}, h('header', { class: 'page-head' }, h('h1', {}, t('followup.title'))), noPeriodCard(app, redraw)));
    return;
  }
  const [view, practices, assessment, evidence] = await Promise.all([
    call('followup_view', { year: app.year, today: localDate() }),
    call('practices_list'),
    call('assessment_view', { year: app.year }),
    call('evidence_list', { year: app.year }),
  ]);
  const fw = assessment.framework;
  const f = view.follow_up;

  const update = async (a, patch) => {
    try {
      await call('update_action', { id: a.id, patch });
      await redraw();
    } catch (err) { showError(err); }
  };

  const fromPractice = async () => {
    const usable = practices.filter((p) => (p.indicators[fw.id] || []).length);
    if (!usable.length) { toast(t('followup.no_practices'), 'error'); return; }
    const chosen = await dialog({
      title: t('followup.from_practice'),
      message: t('followup.from_practice_lead'),
      fields: [
        { id: 'practice', label: t('followup.practice'), type: 'choices', value: usable[0].id,
          options: usable.map((p) => [p.id, txt(p.title), p.origin_name]) },
      ],
      ok: t('common.next'),
    });
    if (!chosen) return;
    const p = usable.find((x) => x.id === chosen.practice);
    const targets = p.indicators[fw.id];
    const months = p.duration_months || 6;
    const v = await askUntilConfirmed((was) => dialog({
      title: txt(p.title),
      message: `${txt(p.summary)} ${t('followup.raises', { list: targets.map((x) => `${x.indicator} → ${x.level}`).join(', ') })}`,
      fields: [
        { id: 'title', label: t('followup.action_title'), value: was.title ?? txt(p.title), required: true },
        { id: 'owner', label: t('followup.owner'), value: was.owner ?? 'Diskominfo' },
        { id: 'person', label: t('followup.person'), value: was.person },
        { id: 'start', label: t('followup.start'), type: 'date', value: was.start ?? localDate() },
        { id: 'due', label: t('followup.due'), type: 'date', value: was.due ?? inMonths(months), required: true },
      ],
      ok: t('followup.create'),
    }));
    if (!v) return;
    // The practice's usual steps become milestones spread over the time until the due date.
    const start = new Date(v.start || localDate());
    const due = new Date(v.due);
    const steps = p.steps || [];
    const milestones = steps.map((s, i) => {
      const at = new Date(start.getTime() + ((due - start) * (i + 1)) / steps.length);
      return [txt(s), at.toISOString().slice(0, 10)];
    });
    try {
      await call('add_action', { year: app.year, action: {
        title: v.title, description: txt(p.summary), practice_id: p.id, owner_office: v.owner, owner_person: v.person,
        start: v.start || null, due: v.due, indicators: targets.map((x) => ({ indicator: x.indicator, target_level: x.level })), milestones,
      } });
      toast(t('followup.created'));
      await redraw();
    } catch (err) { showError(err); }
  };

  const fromGap = async () => {
    const answers = new Map(assessment.answers.map((a) => [a.indicator, a]));
    const v = await askUntilConfirmed((was) => dialog({
      title: t('followup.from_gap'),
      fields: [
        { id: 'indicator', label: t('followup.indicator'), type: 'select', value: was.indicator ?? fw.indicators[0].id,
          onchange: (id, inputs) => { inputs.level.value = suggestedLevel(answers.get(id)); },
          options: fw.indicators.map((i) => {
            const a = answers.get(i.id);
            return [i.id, `${i.number}. ${txt(i.name).replace(/^Tingkat Kematangan /, '')} (${a && a.level ? a.level : '–'}${a && a.target ? ` → ${a.target}` : ''})`];
          }) },
        { id: 'level', label: t('followup.target_level'), type: 'select', value: was.level ?? suggestedLevel(answers.get(fw.indicators[0].id)), options: [1, 2, 3, 4, 5].map((n) => [String(n), String(n)]) },
        { id: 'title', label: t('followup.action_title'), value: was.title, required: true },
        { id: 'owner', label: t('followup.owner'), value: was.owner ?? 'Diskominfo' },
        { id: 'person', label: t('followup.person'), value: was.person },
        { id: 'due', label: t('followup.due'), type: 'date', value: was.due ?? inMonths(3), required: true },
      ],
      ok: t('followup.create'),
    }));
    if (!v) return;
    try {
      await call('add_action', { year: app.year, action: {
        title: v.title, owner_office: v.owner, owner_person: v.person, due: v.due, indicators: [{ indicator: v.indicator, target_level: Number(v.level) }],
      } });
      toast(t('followup.created'));
      await redraw();
    } catch (err) { showError(err); }
  };

  const addMilestone = async (a) => {
    const v = await dialog({ title: t('followup.milestone_new'), fields: [
      { id: 'title', label: t('followup.milestone'), required: true },
      { id: 'due', label: t('followup.due'), type: 'date', value: a.due, required: true },
    ] });
    if (!v) return;
    try { await call('add_milestone', { id: a.id, title: v.title, due: v.due }); await redraw(); } catch (err) { showError(err); }
  };

  const editAction = async (a) => {
    const v = await askUntilConfirmed((was) => dialog({
      title: t('followup.edit_title'),
      fields: [
        { id: 'title', label: t('followup.action_title'), value: was.title ?? a.title, required: true },
        { id: 'owner', label: t('followup.owner'), value: was.owner ?? a.owner_office },
        { id: 'person', label: t('followup.person'), value: was.person ?? a.owner_person },
        { id: 'start', label: t('followup.start'), type: 'date', value: was.start ?? (a.start || '') },
        { id: 'due', label: t('followup.due'), type: 'date', value: was.due ?? a.due, required: true },
      ],
      ok: t('common.save'),
    }), a.due);
    if (!v) return;
    await update(a, { title: v.title, owner_office: v.owner, owner_person: v.person, start: v.start, due: v.due });
  };

  const deleteAction = async (a) => {
    if (!(await confirmDialog(t('followup.delete_title'), t('followup.delete_confirm', { title: a.title }), t('followup.delete'), true))) return;
    try {
      await call('delete_action', { id: a.id });
      toast(t('followup.deleted'));
      await redraw();
    } catch (err) { showError(err); }
  };

  const linkEvidence = async (a) => {
    const choices = evidence.filter((e) => !a.evidence.includes(e.id));
    if (!choices.length) { toast(t('followup.no_evidence'), 'error'); return; }
    const v = await dialog({ title: t('followup.link_evidence'), fields: [
      { id: 'evidence', label: t('followup.evidence'), type: 'select', value: choices[0].id, options: choices.map((e) => [e.id, e.display_name]) },
    ] });
    if (!v) return;
    try { await call('link_action_evidence', { action: a.id, evidence: v.evidence }); await redraw(); } catch (err) { showError(err); }
  };

  const importPractices = h('input', { type: 'file', accept: '.json,application/json', id: 'import-practices', class: 'file-input', onchange: async () => {
    const file = importPractices.files[0];
    importPractices.value = '';
    if (!file) return;
    try { const n = await call('add_practices', { text: await file.text() }); toast(t('followup.practices_added', { n })); await redraw(); } catch (err) { showError(err); }
  } });

  const card = (a) => {
    const status = h('select', { id: `status-${a.id}`, 'aria-label': t('followup.status'), onchange: () => update(a, { status: status.value }) },
      STATUSES.map((s) => h('option', { value: s, selected: a.status === s }, t(`action.status.${s}`))));
    const progress = h('input', { type: 'range', min: 0, max: 100, step: 5, value: a.progress, id: `progress-${a.id}`, 'aria-label': t('followup.progress'),
      disabled: a.status === 'selesai' || a.status === 'batal',
      onchange: () => update(a, { progress: Number(progress.value) }) });
    const inds = a.indicators.map((x) => `${x.indicator}${x.target_level ? ` → ${x.target_level}` : ''}`).join(', ');
    return h('article', { class: `card action action-${a.status}${a.overdue ? ' overdue' : ''}`, dataset: { id: a.id } },
      h('header', { class: 'action-head' },
        h('div', {},
          h('h3', {}, a.title),
          h('small', { class: 'muted' },
            t('followup.meta', { owner: a.owner_office || '—', due: longDate(a.due), indicators: inds }),
            a.practice_title ? ` · ${t('followup.from', { practice: a.practice_title })}` : '')),
        a.overdue ? h('span', { class: 'badge badge-overdue' }, t('action.overdue').toUpperCase()) : null),
      h('div', { class: 'action-controls' },
        h('label', {}, t('followup.status'), ' ', status),
        h('label', { class: 'grow' }, t('followup.progress'), ' ', progress, h('output', { id: `progress-value-${a.id}` }, ` ${a.progress}%`))),
      a.milestones.length
        ? h('ul', { class: 'milestones' }, a.milestones.map((m) => h('li', {},
            h('label', { class: 'check' },
              h('input', { type: 'checkbox', checked: !!m.done_at, onchange: async (e) => {
                try { await call('set_milestone_done', { id: m.id, done: e.target.checked }); await redraw(); } catch (err) { showError(err); }
              } }),
              h('span', { class: m.done_at ? 'done' : '' }, m.title), h('small', { class: 'muted' }, ` · ${longDate(m.due)}`)))))
        : null,
      a.evidence.length
        ? h('p', { class: 'small muted' }, t('followup.evidence'), ': ', a.evidence.map((id) => (evidence.find((e) => e.id === id) || { display_name: id }).display_name).join(', '))
        : null,
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'link small', onclick: () => addMilestone(a) }, t('followup.milestone_add')),
        h('button', { type: 'button', class: 'link small', onclick: () => linkEvidence(a) }, t('followup.link_evidence')),
        h('button', { type: 'button', class: 'link small', id: `edit-${a.id}`, onclick: () => editAction(a) }, t('followup.edit')),
        h('button', { type: 'button', class: 'link small danger-link', id: `delete-${a.id}`, onclick: () => deleteAction(a) }, t('followup.delete'))));
  };

  mount(root,
    h('section', { class: 'followup' },
      h('header', { class: 'page-head with-tools' },
        h('div', {}, h('h1', {}, t('followup.title')), h('p', { class: 'muted' }, t('followup.lead'))),
        h('div', { class: 'tools' }, periodBar(app, redraw),
          h('button', { type: 'button', class: 'button', id: 'action-from-practice', onclick: fromPractice }, t('followup.from_practice')),
          h('button', { type: 'button', class: 'button button-secondary', id: 'action-from-gap', onclick: fromGap }, t('followup.from_gap')),
          h('label', { for: 'import-practices', class: 'button button-secondary', title: t('followup.import_practices_hint') }, t('followup.import_practices')), importPractices)),
      h('div', { class: 'kpis kpis-3' },
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label', id: 'followup-rate-name' }, t('followup.rate_name')),
          h('strong', { class: 'kpi-value', id: 'followup-rate' }, f.total ? view.rate_display : '—'),
          h('small', { class: 'muted' }, t('followup.rate_hint'))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('followup.counts')),
          h('strong', { class: 'kpi-value small', id: 'followup-counts' }, t('followup.counts_value', { done: f.done, total: f.total })),
          h('ul', { class: 'kpi-parts' },
            h('li', { id: 'followup-done' }, h('span', { class: 'dot dot-verified' }), t('followup.done_count', { n: f.done })),
            h('li', { id: 'followup-on-schedule' }, h('span', { class: 'dot dot-submitted' }), t('followup.on_schedule', { n: f.on_schedule })),
            h('li', { id: 'followup-overdue', class: f.overdue ? 'danger' : '' }, h('span', { class: 'dot dot-overdue' }), t('followup.overdue_count', { n: f.overdue })),
            f.postponed ? h('li', { id: 'followup-postponed' }, h('span', { class: 'dot dot-draft' }), t('followup.postponed_count', { n: f.postponed })) : null)),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('followup.expected')),
          h('strong', { class: 'kpi-value small', id: 'followup-expected' }, view.expected_index_display),
          h('small', { class: 'muted' }, t('followup.expected_hint', { now: view.current_index_display })))),
      view.timeline_svg ? h('div', { class: 'card' }, h('h2', {}, t('followup.timeline')), h('div', { class: 'chart-box', id: 'followup-timeline' }, svgImage(view.timeline_svg, t('followup.timeline')))) : null,
      view.actions.length
        ? h('div', { id: 'actions' }, view.actions.map(card))
        : h('div', { class: 'card empty-state' }, h('h2', {}, t('followup.none_title')), h('p', {}, t('followup.none_lead')))));
}
