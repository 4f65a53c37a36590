// The one date field of the app. A date is typed and shown day first, 01/12/2026, whatever the
// computer's own settings say (a webview's <input type=date> follows the OS locale, and many
// office PCs run en-US: 12/01/2026), with a calendar whose months and weekdays are named in
// the app's language. The Rust side reads what was typed (`parse_date`: "1/12/2026",
// "1 Des 2026", "2026-12-01" too) and says in the user's language what is wrong with it
// (31/02/2026); what is stored is YYYY-MM-DD.

import { call, h, mount, t, currentLang, AppError } from './core.js';

/** "2026-12-01" → "01/12/2026", as the field shows a stored date. */
export function numericDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

const locale = () => (currentLang() === 'id' ? 'id-ID' : 'en-GB');

/**
 * A date field. `value` is YYYY-MM-DD (or empty); `onChange(iso)` runs when a typed or picked
 * date was read (iso is '' when the field was emptied). Returns the wrapper; its `input` has
 * `readDate()`, which resolves to the date as YYYY-MM-DD ('' when empty) or rejects with the
 * Rust side's error, shown under the field too.
 */
export function dateInput({ id, value = '', required = false, onChange = null, label = '' }) {
  let iso = value || '';
  let pending = null;
  const input = h('input', {
    id, type: 'text', class: 'date-text', value: numericDate(iso), inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('date.placeholder'), 'aria-describedby': `${id}-long`, 'aria-required': required ? 'true' : null, maxlength: 40,
  });
  input.dataset.iso = iso;
  const long = h('small', { class: 'date-long hint', id: `${id}-long`, 'aria-live': 'polite' }, iso ? longText(iso) : t('date.hint'));
  const button = h('button', {
    type: 'button', class: 'icon-button date-pick', id: `${id}-pick`, title: t('date.pick'), 'aria-label': t('date.pick'),
    'aria-haspopup': 'dialog', 'aria-expanded': 'false', onclick: () => toggleCalendar(),
  }, h('span', { class: 'cal-glyph', 'aria-hidden': 'true' }));
  const wrap = h('span', { class: 'date-input' }, h('span', { class: 'date-row' }, input, button), long);

  const show = (newIso, problem = null) => {
    wrap.classList.toggle('invalid', !!problem);
    input.classList.toggle('invalid', !!problem);
    input.setAttribute('aria-invalid', String(!!problem));
    if (problem) {
      long.textContent = problem;
      long.classList.add('field-error');
      return;
    }
    long.classList.remove('field-error');
    long.textContent = newIso ? longText(newIso) : t('date.hint');
  };

  const read = async () => {
    const text = input.value.trim();
    if (!text) {
      if (required) {
        const err = new AppError({ code: 'input.required', message: '', params: { field: label || t('date.field') } });
        show('', err.text());
        throw err;
      }
      iso = '';
      input.dataset.iso = '';
      show('');
      return '';
    }
    try {
      const d = await call('parse_date', { text });
      const changed = d.iso !== iso;
      iso = d.iso;
      input.dataset.iso = iso;
      if (document.activeElement !== input || input.value.trim() !== d.display) input.value = d.display;
      show(iso);
      if (changed && onChange) onChange(iso);
      return iso;
    } catch (err) {
      show(iso, err instanceof AppError ? err.text() : String(err));
      throw err;
    }
  };
  input.readDate = () => {
    pending = read();
    return pending;
  };
  input.addEventListener('change', () => { input.readDate().catch(() => {}); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && e.altKey) { e.preventDefault(); toggleCalendar(); }
  });

  // The calendar: a month at a time, Monday first, today and the chosen day marked.
  let popup = null;
  const closeCalendar = (focus = true) => {
    if (!popup) return;
    popup.remove();
    popup = null;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', outside, true);
    if (focus) input.focus();
  };
  const outside = (e) => { if (popup && !wrap.contains(e.target)) closeCalendar(false); };
  const toggleCalendar = () => {
    if (popup) { closeCalendar(); return; }
    const start = iso ? iso.split('-').map(Number) : todayParts();
    let year = start[0];
    let month = start[1] - 1;
    popup = h('div', { class: 'calendar', role: 'dialog', 'aria-label': t('date.pick'), id: `${id}-calendar` });
    popup.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeCalendar(); }
    });
    const draw = (focusDay = null) => {
      const first = new Date(year, month, 1);
      const days = new Date(year, month + 1, 0).getDate();
      const lead = (first.getDay() + 6) % 7; // Monday first
      const title = first.toLocaleDateString(locale(), { month: 'long', year: 'numeric' });
      const today = todayParts();
      const chosen = iso ? iso.split('-').map(Number) : null;
      const weekdays = [...Array(7).keys()].map((i) => new Date(2024, 0, 1 + i).toLocaleDateString(locale(), { weekday: 'short' }));
      const cells = [];
      for (let i = 0; i < lead; i += 1) cells.push(h('span', { class: 'cal-empty' }));
      for (let d = 1; d <= days; d += 1) {
        const isToday = today[0] === year && today[1] === month + 1 && today[2] === d;
        const isChosen = chosen && chosen[0] === year && chosen[1] === month + 1 && chosen[2] === d;
        const dayIso = `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        cells.push(h('button', {
          type: 'button', class: `cal-day${isToday ? ' today' : ''}${isChosen ? ' chosen' : ''}`, dataset: { iso: dayIso },
          'aria-label': longText(dayIso), 'aria-pressed': String(!!isChosen),
          onclick: async () => {
            input.value = numericDate(dayIso);
            closeCalendar();
            await input.readDate().catch(() => {});
          },
        }, String(d)));
      }
      const step = (delta) => {
        month += delta;
        if (month < 0) { month = 11; year -= 1; }
        if (month > 11) { month = 0; year += 1; }
        draw();
      };
      mount(popup,
        h('div', { class: 'cal-head' },
          h('button', { type: 'button', class: 'icon-button', 'aria-label': t('date.prev_month'), title: t('date.prev_month'), onclick: () => step(-1) }, '‹'),
          h('strong', { class: 'cal-title', 'aria-live': 'polite' }, title),
          h('button', { type: 'button', class: 'icon-button', 'aria-label': t('date.next_month'), title: t('date.next_month'), onclick: () => step(1) }, '›')),
        h('div', { class: 'cal-grid' }, weekdays.map((w) => h('span', { class: 'cal-weekday' }, w)), cells),
        h('div', { class: 'cal-foot' },
          h('button', { type: 'button', class: 'link small', onclick: async () => {
            const [y, m, d] = todayParts();
            input.value = numericDate(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
            closeCalendar();
            await input.readDate().catch(() => {});
          } }, t('date.today'))));
      const target = popup.querySelector(focusDay || '.cal-day.chosen') || popup.querySelector('.cal-day.today') || popup.querySelector('.cal-day');
      if (target && focusDay !== false) target.focus();
    };
    wrap.append(popup);
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', outside, true);
    draw();
    // Near the bottom of the window the calendar opens above the field.
    const box = popup.getBoundingClientRect();
    if (box.bottom > window.innerHeight - 8 && wrap.getBoundingClientRect().top > box.height + 8) {
      popup.style.top = 'auto';
      popup.style.bottom = `${wrap.offsetHeight + 4}px`;
    }
  };

  wrap.input = input;
  return wrap;
}

function todayParts() {
  const d = new Date();
  return [d.getFullYear(), d.getMonth() + 1, d.getDate()];
}

/** "Selasa, 1 Desember 2026": the day written out, so that no one misreads 01/12. */
function longText(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** Reads every date field inside `el`; resolves true when all are valid (errors shown). */
export async function readDates(el) {
  let ok = true;
  for (const input of el.querySelectorAll('input.date-text')) {
    try { await input.readDate(); } catch { ok = false; }
  }
  return ok;
}
