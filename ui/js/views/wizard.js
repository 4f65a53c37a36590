// The first-run wizard: region → office → officials → place and name → create.

import { call, h, mount, t, showError } from '../core.js';
import {
  OFFICE_FIELDS, OFFICIAL_GROUPS, USER_FIELDS, fieldInput, collect, showProblems, problemsOf,
  emblemPicker, officialsSection, fieldIds,
} from '../profile-form.js';
import { getViewState, setViewState } from '../view-state.js';

const STEPS = ['region', 'office', 'officials', 'finish'];

const blankProfile = () => ({
  office_name: 'Dinas Komunikasi dan Informatika', address: '', postal_code: '', phone: '', email: '', website: '',
  place: '',
  head: { title: 'Bupati', name: '', nip: '', rank: '' },
  sekda: { title: 'Sekretaris Daerah', name: '', nip: '', rank: '' },
  office_head: { title: 'Kepala Dinas Komunikasi dan Informatika', name: '', nip: '', rank: '' },
  user_name: '',
});

// The wizard's answers while it is open (kept across a change of language, gone once a
// workspace or hub opens).
let w = null;

export async function render(root, app) {
  w = getViewState(app.state, 'wizard');
  if (!w || app.params.restart) w = setViewState(app.state, 'wizard', { step: 0, region: null, profile: blankProfile(), emblem: null, dir: '' });
  app.dirty = true;
  draw(root, app);
}

function draw(root, app) {
  const step = STEPS[w.step];
  const body = { region: regionStep, office: officeStep, officials: officialsStep, finish: finishStep }[step](root, app);
  mount(root,
    h('section', { class: 'wizard', dataset: { step } },
      h('h1', {}, t('wizard.title')),
      h('ol', { class: 'stepper' }, STEPS.map((s, i) =>
        h('li', { class: i === w.step ? 'current' : i < w.step ? 'done' : '' },
          h('span', { class: 'num' }, String(i + 1)), t(`wizard.step.${s}`)))),
      h('form', { class: 'card wizard-body', id: 'wizard-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); next(root, app); } },
        body,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button-secondary', id: 'wizard-back', onclick: () => back(root, app) },
            w.step === 0 ? t('common.cancel') : t('common.back')),
          h('button', { type: 'submit', class: 'button', id: 'wizard-next', disabled: step === 'region' && !w.region },
            step === 'finish' ? t('wizard.create') : t('common.next'))))));
  const first = root.querySelector('#region-search, .wizard-body input, .wizard-body select');
  if (first) first.focus();
}

function back(root, app) {
  if (w.step === 0) {
    setViewState(app.state, 'wizard', undefined);
    w = null;
    app.dirty = false;
    app.go('welcome');
    return;
  }
  keepForm(root);
  w.step -= 1;
  draw(root, app);
}

function keepForm(root) {
  const form = root.querySelector('#wizard-form');
  if (form) w.profile = collect(form, w.profile);
  const dir = root.querySelector('#f-dir');
  if (dir) w.dir = dir.value;
}

async function next(root, app) {
  const form = root.querySelector('#wizard-form');
  const step = STEPS[w.step];
  if (step === 'region') {
    if (!w.region) return;
  } else {
    keepForm(root);
    const ids = step === 'office' ? fieldIds(OFFICE_FIELDS)
      : step === 'officials' ? OFFICIAL_GROUPS.flatMap(([, f]) => fieldIds(f))
        : null;
    const problems = await problemsOf(w.profile);
    if (showProblems(form, problems, ids) > 0) return;
    if (step === 'finish') return create(root, app);
  }
  w.step += 1;
  draw(root, app);
}

async function create(root, app) {
  const button = root.querySelector('#wizard-next');
  button.disabled = true;
  button.textContent = t('wizard.creating');
  try {
    const ws = await call('create_workspace', {
      region: w.region.code, dir: w.dir || null, profile: w.profile, emblem: w.emblem,
    });
    setViewState(app.state, 'wizard', undefined);
    app.dirty = false;
    await app.opened(ws);
  } catch (err) {
    button.disabled = false;
    button.textContent = t('wizard.create');
    const form = root.querySelector('#wizard-form');
    if (!err.params.field || showProblems(form, [err]) === 0) showError(err);
  }
}

function regionStep(root, app) {
  const results = h('ul', { class: 'region-results', id: 'region-results', role: 'listbox', 'aria-label': t('wizard.region_results') });
  const chosen = h('div', { class: 'region-chosen', id: 'region-chosen' });
  let hits = [];
  let active = -1;

  const showChosen = () => {
    mount(chosen, w.region
      ? h('div', { class: 'chosen-card' },
          h('span', { class: 'code' }, w.region.code),
          h('div', {}, h('strong', {}, w.region.name), h('small', {}, t('wizard.province', { province: w.region.province }))))
      : h('p', { class: 'muted' }, t('wizard.region_none')));
    const nextButton = root.querySelector('#wizard-next');
    if (nextButton) nextButton.disabled = !w.region;
  };

  const choose = (r) => {
    const changed = !w.region || w.region.code !== r.code;
    w.region = r;
    if (changed) {
      w.profile.place = r.name.replace(/^(Kabupaten|Kota)\s+/, '');
      w.profile.head.title = r.kind === 'kota' ? 'Wali Kota' : 'Bupati';
      w.dir = '';
    }
    for (const li of results.children) li.setAttribute('aria-selected', String(li.dataset.code === r.code));
    showChosen();
  };

  const paint = () => {
    mount(results, hits.map((r, i) =>
      h('li', {
        role: 'option', id: `region-${r.code}`, dataset: { code: r.code },
        class: i === active ? 'active' : '', 'aria-selected': String(!!w.region && w.region.code === r.code),
        onclick: () => { active = i; choose(r); paint(); },
      }, h('span', { class: 'code' }, r.code), h('span', { class: 'name' }, r.name), h('span', { class: 'province' }, r.province))));
    if (!hits.length) mount(results, h('li', { class: 'empty' }, t('wizard.region_no_match')));
    const el = results.querySelector('li.active');
    if (el) el.scrollIntoView({ block: 'nearest' });
  };

  let seq = 0;
  const search = async (q) => {
    const mine = ++seq;
    const found = await call('search_regions', { query: q, limit: 60 });
    if (mine !== seq) return; // a newer keystroke already asked
    hits = found;
    active = hits.length ? 0 : -1;
    // One region left: it is the one meant, chosen as typed.
    if (hits.length === 1 && q.trim() && (!w.region || w.region.code !== hits[0].code)) choose(hits[0]);
    paint();
  };

  const input = h('input', {
    id: 'region-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('wizard.region_placeholder'), 'aria-controls': 'region-results',
    oninput: () => search(input.value),
    onkeydown: (e) => {
      if (e.key === 'ArrowDown' && hits.length) { active = Math.min(active + 1, hits.length - 1); paint(); e.preventDefault(); }
      else if (e.key === 'ArrowUp' && hits.length) { active = Math.max(active - 1, 0); paint(); e.preventDefault(); }
      else if (e.key === 'Enter') {
        e.preventDefault();
        if (active >= 0 && hits[active] && (!w.region || w.region.code !== hits[active].code)) { choose(hits[active]); paint(); }
        else if (w.region) next(root, app);
      }
    },
  });

  search(w.region ? w.region.name : '');
  if (w.region) input.value = w.region.name;
  queueMicrotask(showChosen);
  return [
    h('h2', {}, t('wizard.region_title')),
    h('p', { class: 'muted' }, t('wizard.region_lead')),
    h('div', { class: 'field field-wide' }, h('label', { for: 'region-search' }, t('wizard.region_label')), input),
    results,
    chosen,
  ];
}

function officeStep() {
  return [
    h('h2', {}, t('wizard.office_title')),
    h('p', { class: 'muted' }, t('wizard.office_lead', { region: w.region.name })),
    h('div', { class: 'grid' }, OFFICE_FIELDS.map((f) => fieldInput(f, w.profile))),
    emblemPicker(w.emblem, (url) => { w.emblem = url; }),
  ];
}

function officialsStep() {
  return [
    h('h2', {}, t('wizard.officials_title')),
    h('p', { class: 'muted' }, t('wizard.officials_lead')),
    officialsSection(w.profile, w.region.kind),
  ];
}

/** An official in the summary: the name with the NIP and rank given, or a dash. */
function officialText(o) {
  if (!o.name) return '—';
  return [o.name, o.rank, o.nip ? `NIP ${o.nip}` : ''].filter(Boolean).join(' · ');
}

function finishStep(root) {
  const dirInput = h('input', { id: 'f-dir', type: 'text', value: w.dir, spellcheck: 'false' });
  if (!w.dir) {
    call('default_workspace_dir', { region: w.region.code }).then((d) => { if (!dirInput.value) { dirInput.value = d; w.dir = d; } });
  }
  const pick = async () => {
    try {
      const d = await call('pick_folder', { title: t('wizard.pick_title') });
      if (d) { dirInput.value = d; w.dir = d; }
    } catch (err) { showError(err); }
  };
  return [
    h('h2', {}, t('wizard.finish_title')),
    h('div', { class: 'grid' }, USER_FIELDS.map((f) => fieldInput(f, w.profile))),
    h('div', { class: 'field field-wide', dataset: { field: 'dir' } },
      h('label', { for: 'f-dir' }, t('wizard.folder')),
      h('div', { class: 'input-row' }, dirInput, h('button', { type: 'button', class: 'button button-secondary', onclick: pick }, t('wizard.choose_folder'))),
      h('small', { class: 'hint' }, t('wizard.folder_hint'))),
    h('dl', { class: 'summary' },
      h('dt', {}, t('wizard.summary_region')), h('dd', { id: 'summary-region' }, `${w.region.name} (${w.region.code}), ${w.region.province}`),
      h('dt', {}, t('field.office_name')), h('dd', {}, w.profile.office_name),
      h('dt', {}, w.profile.head.title), h('dd', { id: 'summary-head' }, officialText(w.profile.head)),
      h('dt', {}, t('official.sekda')), h('dd', { id: 'summary-sekda' }, officialText(w.profile.sekda)),
      h('dt', {}, w.profile.office_head.title || t('official.office_head')), h('dd', { id: 'summary-office-head' }, officialText(w.profile.office_head)),
      h('dt', {}, t('field.emblem')), h('dd', {}, w.emblem ? t('common.yes') : t('wizard.emblem_later'))),
  ];
}
