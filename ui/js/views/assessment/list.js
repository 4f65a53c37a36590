// The list of every indicator of the period, grouped, with its level, status and evidence count.

import { currentLang, h, mount, t } from '../../core.js';
import { local, shortName } from './text.js';

export function indicatorList() {
  return h('ul', { class: 'ind-list', id: 'indicator-list', role: 'listbox', tabindex: 0, 'aria-label': t('assessment.list') });
}

function groupHeading(fw, groupId) {
  const g = fw.groups.find((x) => x.id === groupId);
  return h('li', { class: 'ind-group', role: 'presentation' }, `${g.id} · ${local(g.name)}`);
}

/** A decimal value as the badge shows it: "1,75", two decimals at most. */
function valueText(value) {
  const n = Math.round(Number(value) * 100) / 100;
  return currentLang() === 'id' ? String(n).replace('.', ',') : String(n);
}

function indicatorItem(ind, answer, value, evidenceCount, note, active, select) {
  const status = answer && answer.level ? answer.status : 'none';
  const statusTitle = answer && answer.self_verified && status === 'terverifikasi' ? t('status.self_verified') : t(`status.${status}`);
  return h('li', {
    role: 'option', id: `ind-${ind.id}`, dataset: { indicator: ind.id },
    class: active ? 'ind-item active' : 'ind-item', 'aria-selected': String(active),
    onclick: () => select(ind.id),
  },
    h('span', { class: 'ind-no' }, String(ind.number)),
    h('span', { class: 'ind-name' }, shortName(local(ind.name)),
      note ? h('span', { class: `rv-mark ${note.answer ? 'answered' : 'open'}`, title: note.answer ? t('review.mark_answered') : t('review.mark_open'), dataset: { note: note.indicator } }, '✎') : null),
    value
      // A framework of decimal values: the value that counts, shaded by its whole level.
      ? h('span', { class: `lvl lvl-value lvl-${value.value ? Math.floor(Number(value.value)) : 0}${value.basis === 'butir_estimate' ? ' lvl-estimate' : ''}`, title: value.basis ? t(`value.basis.${value.basis}`) : t('assessment.level') },
          value.value ? valueText(value.value) : '–')
      : h('span', { class: `lvl lvl-${answer && answer.level ? answer.level : 0}`, title: t('assessment.level') }, answer && answer.level ? String(answer.level) : '–'),
    h('span', { class: `st st-${status}${answer && answer.self_verified ? ' st-self' : ''}`, title: statusTitle }),
    evidenceCount ? h('span', { class: 'ev-count', title: t('assessment.evidence_count') }, String(evidenceCount)) : h('span'));
}

/** Draws the list into `list`, the indicator `current` active and in view. */
export function drawIndicatorList(list, { fw, answers, values = new Map(), evidenceCounts, notes = new Map(), current, select }) {
  const decimal = fw.values === 'decimal';
  const items = [];
  let lastGroup = null;
  for (const ind of fw.indicators) {
    if (ind.group !== lastGroup) {
      lastGroup = ind.group;
      items.push(groupHeading(fw, ind.group));
    }
    items.push(indicatorItem(ind, answers.get(ind.id), decimal ? values.get(ind.id) : null, evidenceCounts[ind.id], notes.get(ind.id), ind.id === current, select));
  }
  mount(list, items);
  const el = list.querySelector('.ind-item.active');
  if (el) el.scrollIntoView({ block: 'nearest' });
}
