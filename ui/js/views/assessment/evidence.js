// The evidence of one indicator: the list (open, remove), and attaching files (drop zone or
// picker, uploaded one by one) or a link.

import { call, h, t, toast, showError, dialog, confirmDialog, AppError, sendFile } from '../../core.js';

export function evidenceSection(app, ind, detail, locked, redrawPanel, setCount) {
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
