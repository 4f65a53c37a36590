// The UI's small core: IPC calls, the text catalog, safe element building, toasts.
// The UI never computes a score or validates a field itself: it asks the Rust side.

import { dateInput } from './date-input.js';

const invoke = window.__TAURI__.core.invoke;

/** An error from the Rust side: {code, message, params}. */
export class AppError extends Error {
  constructor(raw) {
    const e = typeof raw === 'object' && raw ? raw : { code: 'io.failed', message: String(raw), params: { what: '', detail: String(raw) } };
    super(e.message);
    this.code = e.code;
    this.params = e.params || {};
  }
  /** The message in the user's language, from the catalog by code. */
  text() {
    const key = `error.${this.code}`;
    // A param may come in each language ("detail@id"); the user's language wins.
    const params = {};
    for (const [k, v] of Object.entries(this.params)) if (!k.includes('@')) params[k] = v;
    for (const [k, v] of Object.entries(this.params)) if (k.endsWith(`@${lang}`)) params[k.slice(0, -(lang.length + 1))] = v;
    return hasText(key) ? t(key, params) : this.message;
  }
}

export async function call(cmd, args = {}, options = undefined) {
  const started = performance.now();
  try {
    return await invoke(cmd, args, options);
  } catch (raw) {
    throw new AppError(raw);
  } finally {
    // Each call's time on the page's timeline (scripts/bench_startup.py reads them).
    performance.measure(`ipc ${cmd}`, { start: started });
  }
}

let catalog = {};
let lang = 'id';

export async function loadTexts(newLang) {
  catalog = await call('ui_texts', { lang: newLang });
  lang = newLang;
  document.documentElement.lang = newLang;
}

export function currentLang() {
  return lang;
}

export function hasText(key) {
  return Object.prototype.hasOwnProperty.call(catalog, key);
}

/**
 * The text of `key` with {name} placeholders filled from `params`. A count of one (`n: 1`) takes
 * the key's singular form `<key>.one` where the catalog has one ("1 file attached").
 */
export function t(key, params = {}) {
  const one = Number(params.n) === 1 && hasText(`${key}.one`);
  let s = one ? catalog[`${key}.one`] : hasText(key) ? catalog[key] : key;
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(isolated(String(v)));
  return s;
}

// Right-to-left letters and the bidi controls (LRM/RLM, embeddings, overrides, isolates).
const BIDI = /[\u0590-\u08FF\u200E\u200F\u202A-\u202E\u2066-\u2069\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A text that others typed, kept from reordering what stands around it: one holding
 * right-to-left letters or a bidi control (a U+202E override in a name would otherwise run on
 * over the date after it) is set between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
 */
function isolated(s) {
  return BIDI.test(s) ? `\u2068${s}\u2069` : s;
}

/** The follow-up rate's parts, each on its own (the same words as `FollowUp::breakdown`). */
export function followUpBreakdown(f) {
  return t('followup.breakdown', { done: f.done, on_schedule: f.on_schedule, overdue: f.overdue })
    + (f.postponed ? t('followup.breakdown_postponed', { n: f.postponed }) : '')
    + t(f.total === 1 ? 'followup.of_total.one' : 'followup.of_total.other', { total: f.total });
}

/**
 * Builds an element. `attrs` may hold `class`, `text` (textContent), `on<event>` handlers,
 * `dataset`, boolean attributes and plain attributes. Children may be nodes, strings or arrays.
 * User data only ever becomes text, never HTML.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = isolated(String(v));
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(isolated(String(c))));
  }
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

export function toast(message, kind = 'ok') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  box.append(item);
  // Keep the newest few: a burst of saves must not cover the work.
  while (box.children.length > 3) box.firstElementChild.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 3500);
}

/** Shows an error to the user in their language. */
export function showError(err) {
  const text = err instanceof AppError ? err.text() : String(err && err.message ? err.message : err);
  toast(text, 'error');
}

/** Reads a File chosen in an <input type=file> as a data URL. */
export function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * A modal dialog. `fields` are [{id, label, type, value, options, required}]; resolves to the
 * values by id on OK, or null on Cancel / Escape. Focus stays inside while it is open.
 */
export function dialog({ title, message = null, fields = [], ok = t('common.ok'), cancel = t('common.cancel'), danger = false }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const inputs = {};
    const close = (value) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      if (previous && previous.focus) previous.focus();
      resolve(value);
    };
    const submit = async (e) => {
      e.preventDefault();
      const values = {};
      for (const [id, el] of Object.entries(inputs)) {
        const f = fields.find((x) => x.id === id);
        if (f.type === 'date') {
          // Read by the Rust side: YYYY-MM-DD, or the field says what is wrong and the dialog stays.
          try { values[id] = await el.readDate(); } catch { el.focus(); return; }
          continue;
        }
        values[id] = el.type === 'checkbox' ? el.checked : el.value;
        if (f.required && !String(values[id]).trim()) {
          el.classList.add('invalid');
          el.focus();
          return;
        }
      }
      close(values);
    };
    const onKey = (e) => {
      // An open calendar of a date field takes Escape itself.
      if (e.key === 'Escape' && !(e.target.closest && e.target.closest('.calendar'))) { e.preventDefault(); close(null); }
    };
    const body = fields.map((f) => {
      let input;
      if (f.type === 'select') {
        input = h('select', { id: `dlg-${f.id}` }, f.options.map(([v, label]) => h('option', { value: v, selected: v === f.value }, label)));
        if (f.onchange) input.addEventListener('change', () => f.onchange(input.value, inputs));
      } else if (f.type === 'choices') {
        // A list of choices whose whole text shows (a select cuts long titles).
        const list = h('div', { class: 'choice-list', id: `dlg-${f.id}`, role: 'radiogroup', 'aria-label': f.label },
          f.options.map(([v, label, sub], i) => h('label', { class: 'choice-item' },
            h('input', { type: 'radio', name: `dlg-${f.id}`, value: v, checked: f.value ? v === f.value : i === 0 }),
            h('span', {}, h('strong', {}, label), sub ? h('small', { class: 'muted block' }, sub) : null))));
        Object.defineProperty(list, 'value', { get: () => (list.querySelector('input:checked') || {}).value || '' });
        inputs[f.id] = list;
        return h('div', { class: 'field field-wide' }, h('span', { class: 'label' }, f.label), list);
      } else if (f.type === 'textarea') {
        input = h('textarea', { id: `dlg-${f.id}`, rows: 3 });
        input.value = f.value || '';
      } else if (f.type === 'date') {
        const field = dateInput({ id: `dlg-${f.id}`, value: f.value || '', required: !!f.required, label: f.label });
        inputs[f.id] = field.input;
        return h('div', { class: 'field field-wide' }, h('label', { for: `dlg-${f.id}` }, f.label), field, f.hint ? h('small', { class: 'hint' }, f.hint) : null);
      } else if (f.type === 'checkbox') {
        input = h('input', { id: `dlg-${f.id}`, type: 'checkbox', checked: !!f.value });
        inputs[f.id] = input;
        return h('label', { class: 'check' }, input, ' ', f.label);
      } else {
        input = h('input', { id: `dlg-${f.id}`, type: f.type || 'text', value: f.value ?? '', inputmode: f.inputmode });
      }
      inputs[f.id] = input;
      return h('div', { class: 'field field-wide' }, h('label', { for: `dlg-${f.id}` }, f.label), input, f.hint ? h('small', { class: 'hint' }, f.hint) : null);
    });
    const overlay = h('div', { class: 'modal-overlay' },
      h('form', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dlg-heading', onsubmit: submit },
        h('h2', { id: 'dlg-heading' }, title),
        message ? h('p', {}, message) : null,
        body,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button button-secondary', id: 'dlg-cancel', onclick: () => close(null) }, cancel),
          h('button', { type: 'submit', class: danger ? 'button button-danger' : 'button', id: 'dlg-ok' }, ok))));
    document.body.append(overlay);
    document.addEventListener('keydown', onKey, true);
    const first = overlay.querySelector('.choice-list input:checked, input, select, textarea') || overlay.querySelector('#dlg-ok');
    first.focus();
  });
}

/** Asks a yes/no question; resolves true on OK. */
export async function confirmDialog(title, message, ok, danger = false) {
  return (await dialog({ title, message, ok, danger })) !== null;
}

/** An <img> showing an SVG the Rust side drew (as an image, so nothing in it can run). */
export function svgImage(svg, alt) {
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return h('img', { src: url, alt, class: 'chart' });
}

/** Formats an RFC 3339 UTC timestamp as a local date and time in the user's language. */
export function localTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

/** The local calendar day of an RFC 3339 timestamp, written out: "1 Desember 2026". */
export function localDay(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** Today on this computer, YYYY-MM-DD (the Rust side decides what is overdue against it). */
export function localDate() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Sends a File to a command as a raw body (no base64), with percent-encoded headers. */
export async function sendFile(cmd, file, headers) {
  const data = new Uint8Array(await file.arrayBuffer());
  const encoded = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, encodeURIComponent(String(v))]));
  return call(cmd, data, { headers: encoded });
}

/** Runs `work` with `button` disabled and showing `busyText`; restores it afterwards. */
export async function busy(button, busyText, work) {
  const before = [...button.childNodes];
  button.disabled = true;
  button.classList.add('busy');
  button.textContent = busyText;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.classList.remove('busy');
    button.replaceChildren(...before);
  }
}

/** A YYYY-MM-DD date written out in the user's language: "31 Januari 2026". */
export function longDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * A modal dialog with a body of its own. `body` is a node (or a function given the error box,
 * returning a node); `submit` runs on OK and may throw: the dialog then stays open and shows the
 * error, in the user's language, inside it. Resolves to what `submit` returned, or null on
 * Cancel / Escape. Tab keeps focus inside while it is open.
 */
export function formDialog({ title, lead = null, body, ok = t('common.ok'), cancel = t('common.cancel'), danger = false, submit, wide = false, id = null }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const errorBox = h('div', { class: 'notice bad', role: 'alert', id: 'dlg-error', hidden: true });
    const showFailure = (err) => {
      errorBox.textContent = err instanceof AppError ? err.text() : String(err && err.message ? err.message : err);
      errorBox.hidden = false;
    };
    const close = (value) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      if (previous && previous.focus) previous.focus();
      resolve(value);
    };
    const okButton = h('button', { type: 'submit', class: danger ? 'button button-danger' : 'button', id: 'dlg-ok' }, ok);
    const onSubmit = async (e) => {
      e.preventDefault();
      errorBox.hidden = true;
      okButton.disabled = true;
      try {
        close(await submit());
      } catch (err) {
        showFailure(err);
        okButton.disabled = false;
      }
    };
    const onKey = (e) => {
      if (e.key === 'Escape' && !(e.target.closest && e.target.closest('.calendar'))) { e.preventDefault(); close(null); return; }
      if (e.key !== 'Tab') return;
      const focusable = [...form.querySelectorAll('button, input, select, textarea, [tabindex="0"]')].filter((el) => !el.disabled && el.offsetParent !== null);
      if (!focusable.length) return;
      const [first, last] = [focusable[0], focusable[focusable.length - 1]];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    };
    const form = h('form', { class: wide ? 'modal modal-wide' : 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dlg-heading', id, onsubmit: onSubmit },
      h('h2', { id: 'dlg-heading' }, title),
      lead ? h('p', { class: 'muted' }, lead) : null,
      typeof body === 'function' ? body(errorBox) : body,
      errorBox,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button-secondary', id: 'dlg-cancel', onclick: () => close(null) }, cancel),
        okButton));
    const overlay = h('div', { class: 'modal-overlay' }, form);
    document.body.append(overlay);
    document.addEventListener('keydown', onKey, true);
    const first = form.querySelector('input, select, textarea') || okButton;
    first.focus();
  });
}
