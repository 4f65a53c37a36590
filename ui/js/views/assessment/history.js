// The history of one indicator: its audit entries, newest first, in words.

import { h, t, localTime } from '../../core.js';

export function historySection(history) {
  const describe = (e) => {
    const n = e.new || {};
    const o = e.old || {};
    switch (e.action) {
      case 'update': {
        const parts = Object.keys(n.changes || {}).map((k) => `${t(`field.answer.${k}`)}: ${show(o.changes?.[k])} → ${show(n.changes[k])}`);
        return parts.join('; ');
      }
      case 'verify': return n.self_verified ? t('history.self_verify') : t('history.verify');
      case 'submit': case 'return': return t(`history.${e.action}`);
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
