// A received package opened from its row: what it says (index, predicate, review, lock), its
// documents (the report PDF and the letter, with their signed copies) and evidence files, each
// opened with the system's viewer from a copy; its reviews; reviewing it, the signed review
// file for the region, and unlocking an accepted period. Every figure comes from Rust.

import { call, h, mount, t, toast, showError, localTime, formDialog, currentLang } from '../../core.js';
import { keyBadge, regionText, reviewBadge, reviewDialog } from './common.js';

function fileSize(bytes) {
  if (bytes === null || bytes === undefined) return '';
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** What changed between two packages of the region, as `hub compare` gives it. */
function comparisonView(c) {
  const lang = currentLang();
  const level = (l) => (l === null || l === undefined ? '—' : String(l));
  const list = (items, id, text) => items.length
    ? h('ul', { class: 'compare-list', id }, items.map((x) => h('li', {}, text(x))))
    : h('p', { class: 'muted small', id: `${id}-none` }, t('common.none'));
  return h('div', { class: 'comparison', id: 'package-comparison' },
    h('p', { id: 'compare-summary' }, t('hub.compare.summary', {
      old_seq: c.old.seq, old_period: c.old.period, old_index: c.old_index_display,
      new_seq: c.new.seq, new_period: c.new.period, new_index: c.new_index_display, change: c.index_change_display || '—',
    })),
    h('h3', {}, t('hub.compare.levels', { n: c.levels.length })),
    c.levels.length
      ? h('table', { class: 'table', id: 'compare-levels' },
          h('thead', {}, h('tr', {}, [t('col.no'), t('col.indicator'), t('hub.compare.col_level'), t('hub.compare.col_target')].map((x) => h('th', {}, x)))),
          h('tbody', {}, c.levels.map((l) => h('tr', {},
            h('td', {}, l.number ? String(l.number) : l.indicator),
            h('td', {}, l.name ? (l.name[lang] || l.name.id) : ''),
            h('td', { class: 'nowrap' }, `${level(l.old_level)} → ${level(l.new_level)}`),
            h('td', { class: 'nowrap' }, `${level(l.old_target)} → ${level(l.new_target)}`)))))
      : h('p', { class: 'muted small', id: 'compare-levels-none' }, t('hub.compare.levels_none')),
    h('div', { class: 'grid-2 even' },
      h('div', {},
        h('h3', {}, t('hub.compare.evidence_added', { n: c.evidence_added.length })),
        list(c.evidence_added, 'compare-evidence-added', (e) => e.display_name || e.name),
        h('h3', {}, t('hub.compare.evidence_removed', { n: c.evidence_removed.length })),
        list(c.evidence_removed, 'compare-evidence-removed', (e) => e.display_name || e.name)),
      h('div', {},
        h('h3', {}, t('hub.compare.actions_added', { n: c.actions_added.length })),
        list(c.actions_added, 'compare-actions-added', (a) => a.title),
        h('h3', {}, t('hub.compare.actions_changed', { n: c.actions_changed.length + c.actions_removed.length })),
        list([...c.actions_changed.map((a) => ({ ...a, changed: true })), ...c.actions_removed], 'compare-actions-changed', (a) => a.changed
          ? t('hub.compare.action_changed', { title: a.title, from: a.old_status || '—', to: a.new_status || '—', old: a.old_progress ?? '—', new: a.new_progress ?? '—' })
          : t('hub.compare.action_removed', { title: a.title })))));
}

export async function render(root, app, params) {
  const d = await call('hub_package', { packageId: params.id });
  const p = d.package;
  const others = (await call('hub_view')).packages.filter((o) => o.region === p.region && o.package_id !== p.package_id);
  const compareBox = h('div', { id: 'compare-result' });
  const compareWith = h('select', { id: 'compare-with', 'aria-label': t('hub.compare.with') },
    others.map((o) => h('option', { value: o.package_id }, t('hub.compare.option', { period: o.period, seq: o.seq }))));
  const compare = async () => {
    try {
      mount(compareBox, comparisonView(await call('hub_compare', { a: compareWith.value, b: p.package_id })));
    } catch (err) { showError(err); }
  };
  const redraw = () => render(root, app, params);

  const openFile = async (sha256, e) => {
    const button = e && e.currentTarget;
    try {
      if (button) button.disabled = true;
      await call('hub_open_file', { packageId: p.package_id, sha256 });
    } catch (err) { showError(err); } finally { if (button) button.disabled = false; }
  };
  const review = async () => {
    if (await reviewDialog(d)) await redraw();
  };
  const exportReview = async () => {
    try {
      const path = await call('hub_export_review', { packageId: p.package_id, title: t('hub.review.export_title') });
      if (path) toast(t('hub.review.exported', { path }));
    } catch (err) { showError(err); }
  };
  const unlock = async () => {
    const reason = h('textarea', { id: 'unlock-reason', rows: 3 });
    const done = await formDialog({
      title: t('hub.unlock.title'),
      lead: t('hub.unlock.lead', { region: regionText(p.region, d.region_name), period: p.period }),
      body: h('div', { class: 'field' }, h('label', { for: 'unlock-reason' }, t('hub.unlock.reason')), reason),
      ok: t('hub.unlock.ok'),
      danger: true,
      id: 'unlock-dialog',
      submit: async () => { await call('hub_unlock', { region: p.region, period: p.period, reason: reason.value }); return true; },
    });
    if (done) {
      toast(t('hub.unlock.done', { region: regionText(p.region, d.region_name), period: p.period }));
      await redraw();
    }
  };

  const latest = d.reviews.length ? d.reviews[d.reviews.length - 1] : null;
  const documents = d.documents.length
    ? h('table', { class: 'table', id: 'package-documents' },
        h('thead', {}, h('tr', {}, [t('hub.package.col_document'), t('hub.package.col_number'), t('hub.package.col_status'), ''].map((x) => h('th', {}, x)))),
        h('tbody', {}, d.documents.map((doc) => h('tr', { dataset: { kind: doc.kind } },
          h('td', { class: 'name-cell' }, doc.title),
          h('td', { class: 'mono' }, doc.number),
          h('td', {}, t(`hub.package.doc_status.${doc.status}`)),
          h('td', { class: 'nowrap' }, h('div', { class: 'row-actions' },
            h('button', { type: 'button', class: 'link', id: `open-doc-${doc.id}`, onclick: (e) => openFile(doc.pdf_sha256, e) }, t('hub.package.open_pdf')),
            doc.tte_sha256 ? h('button', { type: 'button', class: 'link', id: `open-tte-${doc.id}`, onclick: (e) => openFile(doc.tte_sha256, e) }, t('hub.package.open_tte')) : null,
            doc.scan_sha256 ? h('button', { type: 'button', class: 'link', id: `open-scan-${doc.id}`, onclick: (e) => openFile(doc.scan_sha256, e) }, t('hub.package.open_scan')) : null))))))
    : h('p', { class: 'muted', id: 'package-documents-none' }, t('hub.package.no_documents'));
  const evidence = d.evidence.length
    ? h('table', { class: 'table', id: 'package-evidence' },
        h('thead', {}, h('tr', {}, [t('hub.package.col_indicator'), t('hub.package.col_evidence'), t('hub.package.col_size'), ''].map((x) => h('th', {}, x)))),
        h('tbody', {}, d.evidence.map((e) => h('tr', {},
          h('td', { class: 'nowrap' }, `${e.indicator}.${e.letter}`),
          h('td', { class: 'name-cell' }, e.name || e.display_name),
          h('td', { class: 'nowrap muted' }, e.sha256 ? fileSize(e.size) : t('hub.package.link')),
          h('td', { class: 'nowrap' }, e.sha256
            ? h('button', { type: 'button', class: 'link', dataset: { sha: e.sha256 }, onclick: (ev) => openFile(e.sha256, ev) }, t('hub.package.open_file'))
            : h('span', { class: 'mono small' }, e.url || ''))))))
    : h('p', { class: 'muted', id: 'package-evidence-none' }, t('hub.package.no_evidence'));
  const reviews = d.reviews.length
    ? h('ol', { class: 'review-history', id: 'package-reviews' }, d.reviews.slice().reverse().map((r) => h('li', {},
        h('div', {}, reviewBadge(r.state), ' ', h('span', { class: 'muted small' }, `${localTime(r.reviewed_at)} · ${r.reviewed_by}`)),
        r.review.note ? h('p', { class: 'review-note' }, r.review.note) : null,
        r.review.notes.length
          ? h('ul', { class: 'review-indicator-notes' }, r.review.notes.map((n) => {
              const ind = d.indicators.find((i) => i.id === n.indicator);
              return h('li', {}, h('strong', {}, ind ? `${ind.number}. ${ind.name}` : n.indicator), ': ', n.note);
            }))
          : null)))
    : h('p', { class: 'muted', id: 'package-reviews-none' }, t('hub.package.no_reviews'));

  mount(root,
    h('section', { class: 'hub hub-package' },
      h('header', { class: 'page-head with-tools' },
        h('div', {},
          h('button', { type: 'button', class: 'link back', id: 'package-back', onclick: () => app.go('hub') }, `← ${t('hub.nav.packages')}`),
          h('h1', { id: 'package-title' }, `${d.region_name} · ${p.period}`),
          h('p', { class: 'muted' }, t('hub.package.lead', { seq: p.seq, framework: `${d.framework_name} ${d.framework_version}`, received: localTime(p.received_at) }))),
        h('div', { class: 'tools' },
          p.head ? h('button', { type: 'button', class: 'button', id: 'package-review', onclick: review }, t('hub.packages.review')) : null,
          latest ? h('button', { type: 'button', class: 'button button-secondary', id: 'package-export-review', onclick: exportReview }, t('hub.review.export')) : null)),
      p.head ? null : h('div', { class: 'notice warn-plain', id: 'package-superseded' }, t('hub.package.superseded')),
      d.period_locked
        ? h('div', { class: 'notice ok lock-notice', id: 'package-locked' },
            h('span', {}, h('strong', {}, t('hub.package.locked_title')), ' ', t(d.locks_period ? 'hub.package.locked' : 'hub.package.locked_other', { period: p.period })),
            h('button', { type: 'button', class: 'button button-secondary', id: 'package-unlock', onclick: unlock }, t('hub.unlock.button')))
        : null,
      h('div', { class: 'kpis kpis-4' },
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.packages.col_index')),
          h('strong', { class: 'kpi-value', id: 'package-index' }, d.index_display),
          h('span', { class: `predicate predicate-${p.predicate.toLowerCase().replace(/\s+/g, '-')}` }, p.predicate)),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.packages.col_review')),
          h('span', { id: 'package-review-state' }, reviewBadge(p.review))),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.keys.col_status')),
          keyBadge(p.key_status),
          h('small', { class: 'mono muted' }, p.key_id)),
        h('div', { class: 'card kpi' },
          h('span', { class: 'kpi-label' }, t('hub.package.contents')),
          h('strong', { class: 'kpi-value small' }, t('hub.package.counts', { documents: d.documents.length, evidence: d.evidence.length })))),
      h('div', { class: 'card', id: 'package-documents-card' }, h('h2', {}, t('hub.package.documents')), h('p', { class: 'muted small' }, t('hub.package.documents_lead')), documents),
      h('div', { class: 'card', id: 'package-reviews-card' }, h('h2', {}, t('hub.package.reviews')), reviews),
      h('div', { class: 'card', id: 'package-compare-card' },
        h('h2', {}, t('hub.compare.title')),
        others.length
          ? [h('p', { class: 'muted small' }, t('hub.compare.lead')),
             h('div', { class: 'tools' }, h('label', { for: 'compare-with' }, t('hub.compare.with')), compareWith,
               h('button', { type: 'button', class: 'button button-secondary', id: 'compare-go', onclick: compare }, t('hub.compare.go'))),
             compareBox]
          : h('p', { class: 'muted', id: 'compare-none' }, t('hub.compare.none'))),
      h('div', { class: 'card', id: 'package-evidence-card' }, h('h2', {}, t('hub.package.evidence')), evidence),
      h('div', { class: 'card', id: 'package-indicators-card' },
        h('h2', {}, t('hub.package.indicators')),
        indicatorsTable(d.indicators))));
}

/**
 * The indicators with what the region gave: its level, or for a framework of decimal values
 * (Pemdi 2026) the value it counts and where it comes from, and how far its butir are.
 */
function indicatorsTable(indicators) {
  const decimal = indicators.some((i) => i.basis);
  const head = decimal
    ? [t('col.no'), t('col.indicator'), t('hub.package.col_value'), t('hub.package.col_butir'), t('hub.package.col_evidence_count')]
    : [t('col.no'), t('col.indicator'), t('col.level'), t('hub.package.col_evidence_count')];
  const levelCell = (i) => (i.level ? h('span', { class: `lvl lvl-${i.level}` }, String(i.level)) : '—');
  const valueCell = (i) => (i.value_display
    ? [h('span', { class: `lvl lvl-value lvl-${Math.floor(Number(i.value_display.replace(',', '.')))}` }, i.value_display),
       ' ', h('small', { class: 'muted' }, t(`value.basis.${i.basis}`))]
    : '—');
  const butirCell = (i) => (i.butir_total
    ? [t('hub.package.butir', { done: i.butir_complete, n: i.butir_total }),
       i.butir_revisi ? h('span', { class: 'badge badge-warn' }, t('hub.package.butir_revisi', { n: i.butir_revisi })) : null]
    : '—');
  return h('table', { class: 'table', id: 'package-indicators' },
    h('thead', {}, h('tr', {}, head.map((x) => h('th', {}, x)))),
    h('tbody', {}, indicators.map((i) => h('tr', { dataset: { indicator: i.id } },
      h('td', {}, String(i.number)), h('td', { class: 'name-cell' }, i.name),
      decimal ? [h('td', { class: 'package-value' }, valueCell(i)), h('td', {}, butirCell(i))] : h('td', {}, levelCell(i)),
      h('td', {}, String(i.evidence))))));
}
