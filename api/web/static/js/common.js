// Pieces the panels share: section headings, notes, problems and loading states.

import { problemDetail, problemTitle } from './api.js';
import { h } from './dom.js';
import { pick, t } from './i18n.js';

export function section(titleKey, ...children) {
  return h('section', { class: 'block' }, h('h3', { class: 'block-title', text: t(titleKey) }), children);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('loading') });
}

/** An API problem (RFC 9457) as the API stated it, in the reader's language. */
export function problemBox(error) {
  const problem = error?.problem ?? {};
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('p', { class: 'note-title', text: problemTitle(problem) }),
    h('p', { text: problemDetail(problem) || String(error?.message ?? error) }),
  );
}

/** A figure card: label, the API's display string (or its reason for none), footnote. */
export function card({ label, shown, reason = null, foot = null, emphasis = false, id = null }) {
  return h(
    'article',
    { class: `card${emphasis ? ' card-hero' : ''}${shown ? '' : ' card-empty'}`, dataset: id ? { card: id } : {} },
    h('h4', { class: 'card-label', text: label }),
    h('p', { class: 'card-value', text: shown || '—' }),
    reason ? h('p', { class: 'card-reason', text: pick(reason) }) : null,
    foot ? h('p', { class: 'card-foot', text: foot }) : null,
  );
}

/** A chart box with a title and a one-line explanation above it. */
export function chartBox({ title, note = null, size = 'md', id = null }) {
  const area = h('div', { class: `chart chart-${size}` });
  const box = h(
    'figure',
    { class: 'chart-box', dataset: id ? { chart: id } : {} },
    h('figcaption', {}, h('span', { class: 'chart-title', text: title }), note ? h('span', { class: 'chart-note', text: note }) : null),
    area,
  );
  return { box, area };
}
