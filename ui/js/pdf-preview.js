// A preview's pages inside the app: the Rust side draws each page of the preview PDF as an
// image (`preview_page`), so a computer with no PDF viewer still shows it; the system's viewer
// is one button away (`open_preview`). Page by page with the buttons, ←/→ or PageUp/PageDown.

import { call, h, mount, t, showError, busy } from './core.js';

/** Shows the preview `info` ({id, pages, name}) from `preview_letter` / `preview_report`. */
export function showPreview(info) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    let page = 0;
    let seq = 0;
    const image = h('div', { class: 'preview-page', id: 'preview-page', 'aria-live': 'polite' });
    const counter = h('span', { class: 'preview-counter', id: 'preview-counter' });
    const prev = h('button', { type: 'button', class: 'button button-secondary', id: 'preview-prev', onclick: () => go(page - 1) }, `‹ ${t('preview.prev')}`);
    const next = h('button', { type: 'button', class: 'button button-secondary', id: 'preview-next', onclick: () => go(page + 1) }, `${t('preview.next')} ›`);
    const close = () => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      if (previous && previous.focus) previous.focus();
      resolve();
    };
    const openOutside = async (e) => {
      try { await busy(e.currentTarget, t('common.loading'), () => call('open_preview', { id: info.id })); } catch (err) { showError(err); }
    };
    const go = async (to) => {
      if (to < 0 || to >= info.pages) return;
      page = to;
      const mine = ++seq;
      counter.textContent = t('preview.page_of', { n: page + 1, total: info.pages });
      prev.disabled = page === 0;
      next.disabled = page === info.pages - 1;
      image.classList.add('loading');
      const width = Math.min(1800, Math.round((image.clientWidth || 800) * (window.devicePixelRatio || 1)));
      try {
        const p = await call('preview_page', { id: info.id, page, width });
        if (mine !== seq) return; // a newer page was asked for meanwhile
        mount(image, h('img', { src: p.src, alt: t('preview.page_alt', { n: page + 1, total: info.pages }), width: p.width, height: p.height }));
        image.scrollTop = 0;
      } catch (err) {
        mount(image, h('p', { class: 'notice bad' }, err.text ? err.text() : String(err)));
      } finally {
        if (mine === seq) image.classList.remove('loading');
      }
    };
    const onKey = (e) => {
      if (e.key === 'Escape') { e.preventDefault(); close(); }
      else if (e.key === 'ArrowRight' || e.key === 'PageDown') { e.preventDefault(); go(page + 1); }
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') { e.preventDefault(); go(page - 1); }
    };
    const overlay = h('div', { class: 'modal-overlay' },
      h('div', { class: 'modal modal-preview', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'preview-title', id: 'preview-dialog' },
        h('header', { class: 'preview-head' },
          h('div', {},
            h('h2', { id: 'preview-title' }, t('preview.title')),
            h('small', { class: 'muted' }, info.name)),
          h('div', { class: 'tools' },
            prev, counter, next,
            h('button', { type: 'button', class: 'button button-secondary', id: 'preview-open', title: t('preview.open_hint'), onclick: openOutside }, t('preview.open')),
            h('button', { type: 'button', class: 'button', id: 'preview-close', onclick: close }, t('preview.close')))),
        image));
    document.body.append(overlay);
    document.addEventListener('keydown', onKey, true);
    document.getElementById('preview-close').focus();
    go(0);
  });
}
