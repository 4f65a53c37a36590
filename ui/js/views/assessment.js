// Penilaian: every indicator of the period in a list; the chosen one in a panel with its level
// criteria, target, penjelasan (Fakta, Analisis), owner, review status, evidence and history.
// Keys: ↑/↓ in the list, Alt+↑/↓ anywhere for the previous/next indicator, Ctrl+S to save.

import { call, h, mount, t, toast, showError, dialog, confirmDialog, localTime, AppError, sendFile } from '../core.js';
import { periodBar, noPeriodCard } from '../period.js';

export async function render(root, app, params = {}) {
  await app.loadPeriods();
  const redraw = () => render(root, app, {});
  if (app.year === null) {
    mount(root, h('section', {}, h('header', { class: 'page-head' }, h('h1', {}, t('assessment.title'))), noPeriodCard(app, redraw)));
    return;
  }
  const view = await call('assessment_view', { year: app.year });
  const fw = view.framework;
  const answers = new Map(view.answers.map((a) => [a.indicator, a]));
  let current = params.indicator && fw.indicators.some((i) => i.id === params.indicator) ? params.indicator : fw.indicators[0].id;

  const list = h('ul', { class: 'ind-list', id: 'indicator-list', role: 'listbox', tabindex: 0, 'aria-label': t('assessment.list') });
  const panel = h('div', { class: 'ind-panel', id: 'indicator-panel' });

  const groupName = (id) => { const g = fw.groups.find((x) => x.id === id); return g ? g.name.id : ''; };

  const drawList = () => {
    const items = [];
    let lastGroup = null;
    for (const ind of fw.indicators) {
      if (ind.group !== lastGroup) {
        lastGroup = ind.group;
        const g = fw.groups.find((x) => x.id === ind.group);
        items.push(h('li', { class: 'ind-group', role: 'presentation' }, `${g.id} · ${g.name[langKey()] || g.name.id}`));
      }
      const a = answers.get(ind.id);
      const status = a && a.level ? a.status : 'none';
      items.push(h('li', {
        role: 'option', id: `ind-${ind.id}`, dataset: { indicator: ind.id },
        class: ind.id === current ? 'ind-item active' : 'ind-item', 'aria-selected': String(ind.id === current),
        onclick: () => select(ind.id),
      },
        h('span', { class: 'ind-no' }, String(ind.number)),
        h('span', { class: 'ind-name' }, shortName(ind.name[langKey()] || ind.name.id)),
        h('span', { class: `lvl lvl-${a && a.level ? a.level : 0}`, title: t('assessment.level') }, a && a.level ? String(a.level) : '–'),
        h('span', { class: `st st-${status}`, title: t(`status.${status}`) }),
        view.evidence_counts[ind.id] ? h('span', { class: 'ev-count', title: t('assessment.evidence_count') }, String(view.evidence_counts[ind.id])) : h('span')));
    }
    mount(list, items);
    const el = list.querySelector('.ind-item.active');
    if (el) el.scrollIntoView({ block: 'nearest' });
  };

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

  const refreshAnswer = (a) => {
    answers.set(a.indicator, a);
    drawList();
  };

  const drawPanel = async () => {
    const ind = fw.indicators.find((i) => i.id === current);
    const scale = fw.scales.find((s) => s.id === ind.scale);
    const detail = await call('indicator_view', { year: app.year, indicator: ind.id });
    const a = detail.answer || { level: null, target: null, fakta: '', analisis: '', owner_office: '', owner_person: '', status: 'draft' };
    const locked = detail.locked;
    const L = langKey();

    const form = h('form', { id: 'answer-form', class: 'answer-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); save(); } });
    const levelRows = scale.levels.map((lv) => {
      const specific = ind.criteria[String(lv.level)];
      const radio = h('input', { type: 'radio', name: 'level', value: lv.level, id: `level-${lv.level}`, checked: a.level === lv.level, disabled: locked });
      return h('tr', { class: a.level === lv.level ? 'chosen' : '', onclick: () => { if (!locked) { radio.checked = true; radio.dispatchEvent(new Event('change', { bubbles: true })); } } },
        h('td', { class: 'lvl-cell' }, radio, h('label', { for: `level-${lv.level}` }, h('strong', {}, String(lv.level)), ' ', lv.name[L] || lv.name.id)),
        h('td', {}, specific ? (specific[L] || specific.id) : (lv.criterion[L] || lv.criterion.id),
          specific ? h('small', { class: 'muted block' }, lv.criterion[L] || lv.criterion.id) : null));
    });
    const targetSelect = h('select', { id: 'f-target', disabled: locked },
      h('option', { value: '', selected: a.target === null }, '—'),
      [1, 2, 3, 4, 5].map((n) => h('option', { value: n, selected: a.target === n }, String(n))));
    const textarea = (id, value, rows = 4) => { const el = h('textarea', { id: `f-${id}`, rows, disabled: locked }); el.value = value || ''; return el; };
    const input = (id, value) => h('input', { id: `f-${id}`, type: 'text', value: value || '', disabled: locked });

    mount(form,
      h('table', { class: 'criteria', id: 'criteria' },
        h('thead', {}, h('tr', {}, h('th', {}, t('assessment.level')), h('th', {}, t('assessment.criterion')))),
        h('tbody', {}, levelRows)),
      h('div', { class: 'grid' },
        h('div', { class: 'field' }, h('label', { for: 'f-target' }, t('assessment.target')), targetSelect),
        h('div', { class: 'field' }, h('label', { for: 'f-owner_office' }, t('assessment.owner_office')), input('owner_office', a.owner_office)),
        h('div', { class: 'field' }, h('label', { for: 'f-owner_person' }, t('assessment.owner_person')), input('owner_person', a.owner_person))),
      h('div', { class: 'field field-wide' }, h('label', { for: 'f-fakta' }, t('assessment.fakta')), textarea('fakta', a.fakta),
        h('small', { class: 'hint' }, t('assessment.fakta_hint'))),
      h('div', { class: 'field field-wide' }, h('label', { for: 'f-analisis' }, t('assessment.analisis')), textarea('analisis', a.analisis),
        h('small', { class: 'hint' }, t('assessment.analisis_hint'))),
      locked ? null : h('div', { class: 'actions' }, h('span'), h('button', { type: 'submit', class: 'button', id: 'save-answer', title: 'Ctrl+S' }, t('common.save'))));
    form.addEventListener('change', () => { app.dirty = true; });
    form.addEventListener('input', () => { app.dirty = true; });
    form.addEventListener('change', (e) => {
      if (e.target.name === 'level') for (const tr of form.querySelectorAll('#criteria tbody tr')) tr.classList.toggle('chosen', tr.contains(e.target));
    });

    const save = async () => {
      const chosen = form.querySelector('input[name=level]:checked');
      const patch = {
        level: chosen ? Number(chosen.value) : null,
        target: targetSelect.value ? Number(targetSelect.value) : null,
        fakta: form.querySelector('#f-fakta').value,
        analisis: form.querySelector('#f-analisis').value,
        owner_office: form.querySelector('#f-owner_office').value,
        owner_person: form.querySelector('#f-owner_person').value,
      };
      try {
        const saved = await call('save_assessment', { year: app.year, indicator: ind.id, patch });
        app.dirty = false;
        refreshAnswer(saved);
        toast(t('assessment.saved', { indicator: ind.number }));
        await drawPanel();
      } catch (err) { showError(err); }
    };
    panel.saveShortcut = locked ? null : save;

    const setStatus = async (status, needsReason) => {
      let reason = null;
      if (needsReason) {
        const v = await dialog({ title: t('assessment.reopen_title'), fields: [{ id: 'reason', label: t('assessment.reason'), type: 'textarea', required: true }], ok: t('assessment.reopen') });
        if (!v) return;
        reason = v.reason;
      }
      if (app.dirty) await save();
      try {
        const updated = await call('set_assessment_status', { year: app.year, indicator: ind.id, status, reason });
        refreshAnswer(updated);
        toast(t(`assessment.status_now.${status}`));
        await drawPanel();
      } catch (err) { showError(err); }
    };

    mount(panel,
      h('header', { class: 'ind-head' },
        h('div', {},
          h('span', { class: 'muted' }, t('assessment.indicator_of', { n: ind.number, group: groupName(ind.group) })),
          h('h2', { id: 'indicator-title' }, ind.name[L] || ind.name.id)),
        h('div', { class: 'nav-buttons' },
          h('button', { type: 'button', class: 'icon-button', title: `${t('assessment.prev')} (Alt+↑)`, 'aria-label': t('assessment.prev'), onclick: () => step(-1) }, '↑'),
          h('button', { type: 'button', class: 'icon-button', title: `${t('assessment.next')} (Alt+↓)`, 'aria-label': t('assessment.next'), onclick: () => step(1) }, '↓'))),
      h('p', { class: 'ind-desc' }, ind.description[L] || ind.description.id),
      h('p', { class: 'ind-meta muted' }, t('assessment.meta', { weight: ind.weight.replace('.', L === 'id' ? ',' : '.'), scale: scale.name[L] || scale.name.id })),
      h('div', { class: `status-bar status-${a.status}`, id: 'status-bar' },
        h('span', {}, t('assessment.status'), ' ', h('strong', { id: 'answer-status' }, t(`status.${a.status}`)),
          locked && a.verified_by ? h('span', { class: 'muted' }, ' · ', t('assessment.verified_by', { who: a.verified_by, when: localTime(a.verified_at) })) : null),
        h('span', { class: 'status-actions' }, detail.allowed_transitions.map((move) =>
          h('button', { type: 'button', class: 'button button-secondary', id: `status-${move.to}`, onclick: () => setStatus(move.to, move.needs_reason) }, t(`assessment.${move.action}`))))),
      form,
      evidenceSection(app, ind, detail, locked, drawPanel, (n) => { view.evidence_counts[ind.id] = n; drawList(); }),
      historySection(detail.history));
    if (ind.evidence && ind.evidence.length) {
      panel.querySelector('.evidence').prepend(h('p', { class: 'muted small' }, t('assessment.typical_evidence'), ' ', ind.evidence.map((e) => e[L] || e.id).join('; ')));
    }
  };

  mount(root,
    h('section', { class: 'assessment wide' },
      h('header', { class: 'page-head with-tools' },
        h('div', {}, h('h1', {}, t('assessment.title')), h('p', { class: 'muted' }, `${fw.name[langKey()] || fw.name.id} · ${fw.legal_basis}`)),
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

function langKey() {
  return document.documentElement.lang === 'en' ? 'en' : 'id';
}

function shortName(name) {
  return name.replace(/^Tingkat Kematangan /, '').replace(/^Maturity of (the )?/, '');
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

function evidenceSection(app, ind, detail, locked, redrawPanel, setCount) {
  const list = h('ul', { class: 'evidence-list', id: 'evidence-list' }, detail.evidence.map((e) =>
    h('li', { dataset: { id: e.id } },
      h('span', { class: `ev-kind ev-${e.kind}` }, e.kind === 'file' ? fileKind(e.display_name) : 'URL'),
      h('div', { class: 'ev-main' },
        h('button', { type: 'button', class: 'link ev-name', title: t('evidence.open'), onclick: () => call('open_evidence', { id: e.id }).catch(showError) }, e.display_name),
        h('small', { class: 'muted' }, e.kind === 'file' ? `${sizeText(e.size)} · SHA-256 ${e.sha256.slice(0, 16)}…` : e.url, e.note ? ` · ${e.note}` : '')),
      locked ? null : h('button', { type: 'button', class: 'icon-button', title: t('evidence.remove'), 'aria-label': t('evidence.remove'), onclick: async () => {
        if (!(await confirmDialog(t('evidence.remove_title'), t('evidence.remove_confirm', { name: e.display_name }), t('evidence.remove'), true))) return;
        try { await call('remove_evidence', { id: e.id }); await redrawPanel(); setCount(detail.evidence.length - 1); } catch (err) { showError(err); }
      } }, '×'))));

  const upload = async (files) => {
    let added = 0;
    zone.classList.add('uploading');
    const status = zone.querySelector('.upload-status');
    for (const [i, file] of files.entries()) {
      status.textContent = t('evidence.uploading', { n: i + 1, total: files.length, name: file.name });
      if (file.size > detail.evidence_max_mb * 1024 * 1024) {
        showError(new AppError({ code: 'evidence.too_large', message: '', params: { name: file.name, max_mb: detail.evidence_max_mb } }));
        continue;
      }
      try {
        await sendFile('add_evidence', file, { 'x-year': app.year, 'x-indicator': ind.id, 'x-name': file.name });
        added += 1;
      } catch (err) { showError(err); }
    }
    zone.classList.remove('uploading');
    status.textContent = '';
    if (added) {
      toast(t('evidence.added', { n: added }));
      await redrawPanel();
      setCount(detail.evidence.length + added);
    }
  };

  const fileInput = h('input', { type: 'file', multiple: true, id: 'evidence-file', class: 'file-input', onchange: async () => {
    const files = [...fileInput.files];
    fileInput.value = '';
    await upload(files);
  } });
  const addUrl = async () => {
    const v = await dialog({
      title: t('evidence.url_title'),
      fields: [
        { id: 'url', label: t('evidence.url'), type: 'url', required: true, value: 'https://' },
        { id: 'title', label: t('evidence.url_name') },
        { id: 'note', label: t('evidence.note'), type: 'textarea', hint: t('evidence.note_hint') },
      ],
    });
    if (!v) return;
    try {
      await call('add_evidence_url', { year: app.year, indicator: ind.id, url: v.url, title: v.title, note: v.note });
      await redrawPanel();
      setCount(detail.evidence.length + 1);
    } catch (err) { showError(err); }
  };

  const zone = h('div', { class: 'drop-zone', id: 'drop-zone' },
    h('span', {}, t('evidence.drop')),
    h('label', { for: 'evidence-file', class: 'button button-secondary' }, t('evidence.attach')), fileInput,
    h('button', { type: 'button', class: 'button button-secondary', id: 'add-url', onclick: addUrl }, t('evidence.add_url')),
    h('small', { class: 'hint block' }, t('evidence.accepted', { max: detail.evidence_max_mb })),
    h('small', { class: 'upload-status block', role: 'status', 'aria-live': 'polite' }));
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); upload([...e.dataTransfer.files]); });

  return h('section', { class: 'evidence' },
    h('h3', {}, t('evidence.title'), ` (${detail.evidence.length})`),
    detail.evidence.length ? list : h('p', { class: 'muted' }, t('evidence.none')),
    locked ? null : zone);
}

function fileKind(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1, dot + 5).toUpperCase() : '—';
}

function sizeText(bytes) {
  if (bytes == null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function historySection(history) {
  const describe = (e) => {
    const n = e.new || {};
    const o = e.old || {};
    switch (e.action) {
      case 'update': {
        const parts = Object.keys(n.changes || {}).map((k) => `${t(`field.answer.${k}`)}: ${show(o.changes?.[k])} → ${show(n.changes[k])}`);
        return parts.join('; ');
      }
      case 'submit': case 'verify': case 'return': return t(`history.${e.action}`);
      case 'reopen': return `${t('history.reopen')}: ${n.reason || ''}`;
      case 'attach_file': return t('history.attach', { name: `${n.indicator}.${n.letter}.${n.name}` });
      case 'attach_url': return t('history.attach', { name: `${n.indicator}.${n.letter}.${n.title}` });
      case 'detach': return t('history.detach', { name: `${o.indicator}.${o.letter}.${o.name}` });
      default: return e.action;
    }
  };
  return h('section', { class: 'history' },
    h('h3', {}, t('history.title')),
    history.length
      ? h('ol', { class: 'history-list', id: 'history-list' }, history.map((e) =>
          h('li', {}, h('span', { class: 'muted' }, `${localTime(e.at)} · ${e.actor}`), h('span', {}, describe(e)))))
      : h('p', { class: 'muted' }, t('history.none')));
}

function show(v) {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
