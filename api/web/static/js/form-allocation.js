// The plan form's spending by sector: rows of a sector (searched by its Korean or English
// name or its BOK code, from GET /v1/tables/bok-2023) and a share (%) or an amount of won.
// Shares typed as percentages are sent as exact decimal text ("26.5" → "0.265"); amounts
// are sent as typed, for the service to read. Nothing is summed or rescaled here: the
// service says when shares do not add up to 1 or amounts not to the investment.

import { h } from './dom.js';
import { pick, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

let sectors = [];
let rowCount = 0;
let onChange = () => {};

/** The sectors offered (a table's `sectors`: {code, name, name_en}) and what to call on a change. */
export function setSectors(list, changed) {
  sectors = list;
  onChange = changed;
}

export function sectorOf(code) {
  return sectors.find((s) => s.code === code) ?? null;
}

export function sectorLabel(sector) {
  return `${sector.code} ${sector.name} · ${sector.name_en}`;
}

export function allocationControls() {
  const mode = (value, key) =>
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'alloc-mode', value, checked: value === 'shares' }), h('span', { dataset: { i18n: key }, text: t(key) }));
  return [
    h('p', { class: 'hint', dataset: { i18n: 'form.allocation.hint' }, text: t('form.allocation.hint') }),
    h(
      'div',
      { class: 'alloc-head' },
      h('div', { class: 'alloc-modes', role: 'radiogroup', 'aria-label': t('form.allocation.mode'), dataset: { i18nAttr: 'aria-label:form.allocation.mode' } }, mode('shares', 'form.allocation.shares'), mode('amounts', 'form.allocation.amounts')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'f-allocation-basis', dataset: { i18n: 'form.allocation.basis' }, text: t('form.allocation.basis') }),
        h(
          'select',
          { id: 'f-allocation-basis', dataset: { field: 'allocation.basis' } },
          h('option', { value: 'stated', dataset: { i18n: 'form.allocation.stated' }, text: t('form.allocation.stated') }),
          h('option', { value: 'assumed', dataset: { i18n: 'form.allocation.assumed' }, text: t('form.allocation.assumed') }),
        ),
      ),
    ),
    h('datalist', { id: 'sector-options' }, sectors.map((s) => h('option', { value: sectorLabel(s) }))),
    h('ol', { class: 'alloc-rows', id: 'alloc-rows' }),
    h('button', { type: 'button', class: 'button ghost small', id: 'alloc-add', dataset: { i18n: 'form.allocation.add' }, text: t('form.allocation.add'), on: { click: () => addRow().querySelector('input').focus() } }),
    h('p', { class: 'field-error', id: 'f-allocation-error', dataset: { errorFor: 'allocation' }, hidden: true }),
  ];
}

function valueLabel() {
  return t(allocationMode() === 'amounts' ? 'form.allocation.amount' : 'form.allocation.share');
}

export function addRow(sectorText = '', valueText = '') {
  rowCount += 1;
  const n = rowCount;
  const row = h(
    'li',
    { class: 'alloc-row', dataset: { row: String(n) } },
    h(
      'div',
      { class: 'field' },
      h('label', { for: `alloc-sector-${n}`, class: 'alloc-label', dataset: { i18n: 'form.allocation.sector' }, text: t('form.allocation.sector') }),
      h('input', {
        id: `alloc-sector-${n}`,
        class: 'alloc-sector',
        type: 'text',
        list: 'sector-options',
        autocomplete: 'off',
        placeholder: t('form.allocation.search'),
        'aria-describedby': `alloc-found-${n} alloc-error-${n}`,
        value: sectorText,
      }),
      h('p', { class: 'hint alloc-found', id: `alloc-found-${n}` }),
    ),
    h(
      'div',
      { class: 'field alloc-value-field' },
      h('label', { for: `alloc-value-${n}`, class: 'alloc-label alloc-value-label', text: valueLabel() }),
      h('input', { id: `alloc-value-${n}`, class: 'alloc-value', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `alloc-error-${n}`, value: valueText }),
    ),
    h('button', {
      type: 'button',
      class: 'button ghost small alloc-remove',
      'aria-label': t('form.allocation.remove', { n }),
      text: '×',
      on: {
        click: () => {
          row.remove();
          onChange('allocation');
        },
      },
    }),
    h('p', { class: 'field-error', id: `alloc-error-${n}`, hidden: true }),
  );
  $('alloc-rows').append(row);
  resolveRow(row);
  return row;
}

export function allocationMode() {
  return document.querySelector('input[name="alloc-mode"]:checked')?.value ?? 'shares';
}

/** A sector from what was typed: its code ("62"), a list entry, or a unique part of a name. */
export function resolveSector(text) {
  const query = text.trim();
  if (!query) return { code: null };
  const lead = query.match(/^(\d{1,2})(?=\s|$)/);
  if (lead) {
    const code = lead[1].padStart(2, '0');
    const sector = sectors.find((s) => s.code === code);
    if (sector) return { code, sector };
  }
  const exact = sectors.find((s) => sectorLabel(s) === query || s.name === query || s.name_en.toLowerCase() === query.toLowerCase());
  if (exact) return { code: exact.code, sector: exact };
  const lower = query.toLowerCase();
  const found = sectors.filter((s) => s.name.includes(query) || s.name_en.toLowerCase().includes(lower));
  if (found.length === 1) return { code: found[0].code, sector: found[0] };
  return { code: null, problem: found.length ? t('form.sector.many', { n: found.length, text: query }) : t('form.sector.none', { text: query }) };
}

export function resolveRow(row) {
  const found = resolveSector(row.querySelector('.alloc-sector').value);
  const out = row.querySelector('.alloc-found');
  out.textContent = found.sector ? `${found.sector.code} ${pick({ en: found.sector.name_en, ko: found.sector.name })}` : '';
  row.dataset.code = found.code ?? '';
  return found;
}

/** A percentage as typed ("26.5", "26.5%") as a share of 1 in decimal text ("0.265"), exactly. */
export function percentToShare(text) {
  const match = text.trim().replace(/\s*%$/, '').match(/^(\d+)(?:\.(\d+))?$/);
  if (!match) return text.trim();
  const digits = `${match[1].padStart(3, '0')}${match[2] ?? ''}`;
  const whole = digits.slice(0, -2 - (match[2] ?? '').length) || '0';
  const fraction = `${digits.slice(whole.length)}`.replace(/0+$/, '');
  return fraction ? `${Number(whole)}.${fraction}` : String(Number(whole));
}

/** A share of 1 ("0.2666667" or a number) as a percentage for the form ("26.66667"). */
export function shareToPercent(value) {
  const text = typeof value === 'number' ? String(value) : String(value ?? '');
  const match = text.match(/^(\d+)(?:\.(\d+))?$/);
  if (!match) return text;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const whole = String(Number(`${match[1]}${fraction.slice(0, 2)}`));
  const rest = fraction.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : whole;
}

/** The allocation rows as the plan's `allocation` (with `notes` kept from an edited plan), and the rows the page could not read. */
export function readAllocation(notes = null) {
  const rows = [...document.querySelectorAll('.alloc-row')];
  const entries = {};
  const problems = [];
  for (const row of rows) {
    const sectorText = row.querySelector('.alloc-sector').value.trim();
    const valueText = row.querySelector('.alloc-value').value.trim();
    if (!sectorText && !valueText) continue;
    const found = resolveRow(row);
    if (!found.code) {
      problems.push({ row, message: found.problem ?? t('form.sector.missing') });
      continue;
    }
    if (!valueText) {
      problems.push({ row, message: t('form.allocation.value_missing') });
      continue;
    }
    if (found.code in entries) {
      problems.push({ row, message: t('form.sector.twice', { code: found.code }) });
      continue;
    }
    entries[found.code] = allocationMode() === 'shares' ? percentToShare(valueText) : valueText;
  }
  if (!Object.keys(entries).length) return { allocation: null, problems };
  const allocation = { [allocationMode()]: entries, basis: $('f-allocation-basis').value };
  if (notes) allocation.notes = notes;
  return { allocation, problems };
}

export function relabelRows() {
  for (const label of document.querySelectorAll('.alloc-value-label')) label.textContent = valueLabel();
}


/** Empty the rows (one empty row left), shares, stated. */
export function resetRows() {
  $('alloc-rows').replaceChildren();
  rowCount = 0;
  addRow();
  document.querySelector('input[name="alloc-mode"][value="shares"]').checked = true;
  $('f-allocation-basis').value = 'stated';
}

/** The rows of a plan's `allocation` (shares as percentages, amounts in exact Korean won). */
export function fillRows(allocation, formatAmount) {
  const amounts = Boolean(allocation.amounts);
  document.querySelector(`input[name="alloc-mode"][value="${amounts ? 'amounts' : 'shares'}"]`).checked = true;
  $('f-allocation-basis').value = allocation.basis ?? 'stated';
  $('alloc-rows').replaceChildren();
  rowCount = 0;
  for (const [code, v] of Object.entries(allocation.amounts ?? allocation.shares)) {
    const sector = sectorOf(code);
    addRow(sector ? sectorLabel(sector) : code, amounts ? formatAmount(Number(v)) : shareToPercent(v));
  }
  relabelRows();
}

/** Re-write the rows' own texts in the reader's language. */
export function relabelAllocation() {
  relabelRows();
  for (const row of document.querySelectorAll('.alloc-row')) {
    resolveRow(row);
    row.querySelector('.alloc-sector').placeholder = t('form.allocation.search');
    row.querySelector('.alloc-remove').setAttribute('aria-label', t('form.allocation.remove', { n: row.dataset.row }));
  }
}
