// Paket laporan on the Dokumen page: building the signed report package of a period, what the
// last build gave, every package built so far, and sending each to Kabupaten Sumedang's hub
// (its state in the outbox, the upload's progress). The .llpkg file itself stays the way to
// send without a network.

import { call, h, mount, t, toast, showError, busy, localDate, localTime, currentLang, AppError } from '../../core.js';
import { announce, onOutboxEvent } from '../../outbox.js';
import { reviewBadge } from './reviews.js';

/** A size in bytes, in the largest unit that keeps it readable. */
export function fileSize(bytes) {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = Number(bytes);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  const number = n.toLocaleString(currentLang() === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: i ? 1 : 0 });
  return `${number} ${units[i]}`;
}

/** What one build gave: a new package, or the last one when nothing changed. */
function outcomeView(out) {
  const unchanged = out.outcome === 'unchanged';
  return h('div', { class: unchanged ? 'notice warn-plain' : 'notice ok', id: 'package-outcome', role: 'status', dataset: { outcome: out.outcome } },
    h('strong', { class: 'block' }, unchanged ? t('packages.unchanged') : t('packages.built', { seq: out.seq })),
    h('dl', { class: 'facts' },
      h('dt', {}, t('packages.seq')), h('dd', { id: 'package-seq' }, String(out.seq)),
      h('dt', {}, t('packages.size')), h('dd', { id: 'package-size' }, fileSize(out.size)),
      h('dt', {}, t('packages.files')), h('dd', { id: 'package-files' }, String(out.files)),
      h('dt', {}, t('packages.manifest_hash')), h('dd', { class: 'mono', id: 'package-hash' }, out.manifest_sha256),
      h('dt', {}, t('packages.path')), h('dd', { class: 'mono', id: 'package-path' }, out.path)));
}

/** A time of day in the user's language: "09.35" in Indonesian, "09:35" in English. */
function clock(iso) {
  return new Date(iso).toLocaleTimeString(currentLang() === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** An upload's progress: a bar and its bytes and files. */
function progressView(p) {
  if (!p) {
    return h('div', { class: 'outbox-progress' }, h('progress', { 'aria-label': t('outbox.state.sending') }),
      h('small', { class: 'muted block' }, t('outbox.contacting')));
  }
  return h('div', { class: 'outbox-progress' },
    h('progress', { max: Math.max(p.total_bytes, 1), value: p.total_bytes ? p.done_bytes : 1, 'aria-label': t('outbox.state.sending') }),
    h('small', { class: 'muted block', dataset: { progress: 'text' } }, t('outbox.progress', {
      done: fileSize(p.done_bytes), total: fileSize(p.total_bytes), files: p.done_files, total_files: p.total_files,
    })));
}

/** A package's state in the outbox, in plain words; `progress` while it uploads. */
function outboxState(entry, progress) {
  if (!entry) return h('span', { class: 'muted small', dataset: { state: 'none' } }, t('outbox.state.none'));
  const error = entry.last_error ? new AppError(entry.last_error).text() : null;
  switch (entry.state) {
    case 'queued':
      return h('span', { class: 'badge badge-queued', dataset: { state: 'queued' } }, t('outbox.state.queued'));
    case 'sending':
      return h('div', { dataset: { state: 'sending' } }, h('span', { class: 'badge badge-sending' }, t('outbox.state.sending')), progressView(progress));
    case 'sent': {
      const r = entry.receipt;
      return h('div', { dataset: { state: 'sent' } },
        h('span', { class: 'badge badge-signed' }, t('outbox.state.sent')),
        r ? h('small', { class: 'muted block outbox-receipt' }, t('outbox.receipt', { hub: r.hub_name, time: localTime(r.received_at) })) : null);
    }
    case 'failed':
      return h('div', { dataset: { state: 'failed' } },
        h('span', { class: 'badge badge-warn' }, entry.next_attempt_at ? t('outbox.state.failed', { time: clock(entry.next_attempt_at) }) : t('outbox.state.failed_soon')),
        error ? h('small', { class: 'block muted outbox-error' }, error) : null);
    case 'refused':
      return h('div', { dataset: { state: 'refused' } },
        h('span', { class: 'badge badge-overdue' }, t('outbox.state.refused')),
        error ? h('small', { class: 'block outbox-error refused' }, error) : null);
    default:
      return h('span', {}, entry.state);
  }
}

/** The card; `app.periods` must be loaded. */
export function packagesCard(app) {
  const body = h('div', { id: 'packages-body' }, h('p', { class: 'loading' }, t('common.loading')));
  const outcome = h('div', { id: 'package-outcome-box' });
  const card = h('div', { class: 'card', id: 'packages-card' },
    h('h2', {}, t('packages.title')),
    h('p', { class: 'muted small' }, t('packages.lead')),
    outcome, body);
  if (!app.periods.length) {
    mount(body, h('p', { class: 'muted' }, t('period.none_title')));
    return card;
  }
  const year = h('select', { id: 'package-year', 'aria-label': t('period.label') },
    app.periods.map((p) => h('option', { value: p.year, selected: p.year === app.year }, String(p.year))));

  // Upload progress by package, kept across redraws while a send runs.
  const progress = new Map();
  let entries = new Map();

  const sendCell = (p, entry, hub) => {
    const cell = [];
    cell.push(outboxState(entry, progress.get(p.package_id)));
    const canSend = !entry || entry.state === 'refused';
    if (canSend) {
      const label = entry ? t('outbox.send_again') : t('outbox.send');
      cell.push(h('div', {}, h('button', {
        type: 'button', class: 'button button-small outbox-send', id: `send-${p.package_id}`,
        disabled: !hub.url, 'aria-describedby': hub.url ? false : 'outbox-no-hub', onclick: (e) => sendOne(e, p),
      }, label)));
    }
    return cell;
  };

  const draw = async () => {
    try {
      const [state, outbox, reviews] = await Promise.all([
        call('package_state', { year: Number(year.value), today: localDate() }),
        call('outbox_view'),
        call('reviews_view', { year: Number(year.value) }),
      ]);
      // The newest review of each package (the list comes newest first).
      const reviewOf = new Map();
      for (const r of reviews.reviews) if (!reviewOf.has(r.package_id)) reviewOf.set(r.package_id, r);
      entries = new Map(outbox.entries.map((e) => [e.package_id, e]));
      for (const id of progress.keys()) if (entries.get(id)?.state !== 'sending') progress.delete(id);
      const hub = outbox.hub;
      const waiting = outbox.entries.filter((e) => e.state === 'queued' || e.state === 'failed').length;
      const changed = state.changed_since_last;
      mount(body,
        h('div', { class: 'tools' },
          h('label', { for: 'package-year' }, t('period.label')), year,
          changed === true ? h('span', { class: 'badge badge-warn', id: 'package-changed' }, t('package.changed')) : null,
          changed === false ? h('span', { class: 'muted small', id: 'package-current' }, t('packages.current')) : null,
          h('button', { type: 'button', class: 'button', id: 'package-build', onclick: buildNow },
            changed === null ? t('packages.build_first') : t('packages.build'))),
        hub.url
          ? null
          : h('div', { class: 'notice warn', id: 'outbox-no-hub' },
              h('span', {}, h('strong', { class: 'block' }, t('outbox.no_hub')), h('small', {}, t('outbox.no_hub_hint'))),
              h('button', { type: 'button', class: 'button button-secondary', id: 'outbox-settings', onclick: () => app.go('profile', { section: 'hub' }) }, t('outbox.open_settings'))),
        waiting && hub.url
          ? h('div', { class: 'notice warn-plain tools', id: 'outbox-waiting' },
              h('span', {}, t('outbox.waiting', { count: waiting })),
              h('button', { type: 'button', class: 'button button-secondary', id: 'outbox-send-now', onclick: sendNow }, t('outbox.send_now')))
          : null,
        state.packages.length
          ? h('table', { class: 'table', id: 'packages-table' },
              h('thead', {}, h('tr', {}, [t('period.label'), t('packages.seq'), t('packages.created'), t('packages.size'), t('packages.files'), t('packages.manifest_hash'), t('outbox.col'), t('review.col')].map((x) => h('th', {}, x)))),
              h('tbody', {}, state.packages.map((p) => h('tr', { dataset: { seq: p.seq, period: p.period, package: p.package_id } },
                h('td', {}, String(p.period)),
                h('td', { class: 'nowrap' }, String(p.seq), ' ',
                  p.head ? h('span', { class: 'badge badge-issued' }, t('packages.latest')) : h('span', { class: 'muted small' }, t('packages.superseded'))),
                h('td', { class: 'nowrap' }, localTime(p.created_at)),
                h('td', { class: 'nowrap' }, fileSize(p.size)),
                h('td', {}, String(p.files)),
                h('td', { class: 'mono nowrap', title: p.manifest_sha256 }, `${p.manifest_sha256.slice(0, 12)}…`),
                h('td', { class: 'outbox-cell', id: `outbox-${p.package_id}` }, sendCell(p, entries.get(p.package_id), hub)),
                h('td', { class: 'review-cell' }, reviewOf.has(p.package_id) ? reviewBadge(reviewOf.get(p.package_id).state) : h('span', { class: 'muted small' }, '—'))))))
          : h('p', { class: 'muted', id: 'packages-none' }, t('packages.none')));
    } catch (err) {
      mount(body, h('div', { class: 'notice bad' }, err instanceof AppError ? err.text() : String(err)));
    }
  };

  // Events of the sender (this page's sends and the background's): progress goes into the
  // row in place; a change of state redraws the card. The card stops listening once it is gone.
  let redraw = null;
  let shown = false;
  onOutboxEvent((event) => {
    if (card.isConnected) shown = true;
    else if (shown) return false;
    const later = () => {
      clearTimeout(redraw);
      redraw = setTimeout(() => { if (card.isConnected) draw(); }, 150);
    };
    if (event.kind === 'progress') {
      progress.set(event.package_id, event);
      const cell = body.querySelector(`#outbox-${CSS.escape(event.package_id)}`);
      const entry = entries.get(event.package_id);
      if (cell) mount(cell, outboxState({ ...(entry || {}), state: 'sending' }, event));
      // A send the card did not start (the background's): the rest of the card follows.
      if (!entry || entry.state !== 'sending') later();
    } else if (event.kind === 'changed' || event.kind === 'reviews') {
      later();
    }
    return true;
  });

  async function sendOne(e, p) {
    const button = e.currentTarget;
    try {
      const entry = await busy(button, t('outbox.sending'), () => call('send_package', { packageId: p.package_id }));
      progress.delete(p.package_id);
      // A send that did not go through says why in its row, where the user is looking.
      if (entry.state === 'sent') toast(t('outbox.sent_toast', { seq: entry.seq, hub: entry.receipt ? entry.receipt.hub_name : '' }));
    } catch (err) { showError(err); }
    await draw();
  }

  async function sendNow(e) {
    try {
      await busy(e.currentTarget, t('outbox.sending'), () => call('send_outbox_now'));
    } catch (err) { showError(err); }
    progress.clear();
    await draw();
  }

  async function buildNow(e) {
    const button = e.currentTarget;
    const building = new window.__TAURI__.core.Channel();
    building.onmessage = (p) => {
      button.textContent = t('packages.building_progress', { percent: p.percent, done: p.done_files, total: p.total_files });
    };
    try {
      const out = await busy(button, t('packages.building'), () =>
        call('build_package', { year: Number(year.value), today: localDate(), title: t('packages.save_title'), onProgress: building }));
      if (!out) return;
      mount(outcome, outcomeView(out));
      announce({ kind: 'built', package_id: out.package_id });
      await draw();
    } catch (err) { showError(err); }
  }

  year.addEventListener('change', () => { mount(outcome); draw(); });
  draw();
  return card;
}
