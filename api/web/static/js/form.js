// The plan form: a plan typed field by field instead of JSON. Money and head counts are sent
// as typed ("1,704억원", "₩170.4B", "1,998명"): the service reads them. As the reader types,
// the form is sent to POST /v1/metrics (debounced) and each problem the service names is
// shown next to the input of its `field`; the service's reading of each amount is echoed.
// The region is one of the 17 (GET /v1/regions) or read from the city by the service; the
// spending by sector is searched by Korean or English name (GET /v1/tables/bok-2023).

import { api } from './api.js';
import { h, replace } from './dom.js';
import { formatKrw } from './format.js';
import { getLang, pick, t } from './i18n.js';

const TABLE = 'bok-2023';
const DEBOUNCE_MS = 350;

/** The form's inputs: dotted plan path, kind, label key. */
const WHERE = [
  { path: 'city', kind: 'text', label: 'form.city', hint: 'form.city.hint', required: true },
  { path: 'region', kind: 'region', label: 'form.region', hint: 'form.region.hint' },
  { path: 'title', kind: 'text', label: 'form.title', wide: true },
  { path: 'announced', kind: 'date', label: 'form.announced' },
  { path: 'period.start', kind: 'year', label: 'form.period.start' },
  { path: 'period.end', kind: 'year', label: 'form.period.end' },
  { path: 'price_year', kind: 'year', label: 'form.price_year', hint: 'form.price_year.hint' },
];
const MONEY = [
  { path: 'investment', kind: 'money', label: 'claim.investment', required: true, placeholder: '1,704억원' },
  { path: 'projects', kind: 'count', label: 'summary.projects', placeholder: '37' },
  { path: 'claims.production_inducement', kind: 'money', label: 'claim.claims.production_inducement', placeholder: '2,901억원' },
  { path: 'claims.value_added_inducement', kind: 'money', label: 'claim.claims.value_added_inducement', placeholder: '₩124.6B' },
  { path: 'claims.total_effect', kind: 'money', label: 'claim.claims.total_effect', placeholder: '6.6조' },
  { path: 'claims.jobs', kind: 'count', label: 'claim.claims.jobs', placeholder: '1,998명' },
  { path: 'claims.startups', kind: 'count', label: 'claim.claims.startups', placeholder: '2,000' },
  { path: 'notes', kind: 'textarea', label: 'form.notes', wide: true },
];
const FIELDS = [...WHERE, ...MONEY];

const $ = (id) => document.getElementById(id);
const idOf = (path) => `f-${path.replaceAll('.', '-')}`;

let regions = [];
let sectors = [];
let loaded = null;
let hooks = { onEvaluate: () => {}, current: () => null };
let carried = {}; // fields of an edited plan the form has no input for (sources, industries, …)
let timer = null;
let token = 0;
let touched = new Set();
let showAll = false;
let lastAnswer = null; // {ok, report?, errors?} of the document as it is now
let rowCount = 0;

// ---------------------------------------------------------------- building

function fieldInput(field) {
  const id = idOf(field.path);
  const described = [field.hint ? `${id}-hint` : null, `${id}-error`, field.kind === 'money' || field.kind === 'count' ? `${id}-echo` : null]
    .filter(Boolean)
    .join(' ');
  const common = { id, name: field.path, dataset: { field: field.path }, 'aria-describedby': described };
  if (field.kind === 'region') {
    return h('select', common, h('option', { value: '', dataset: { i18n: 'form.region.auto' }, text: t('form.region.auto') }));
  }
  if (field.kind === 'textarea') return h('textarea', { ...common, rows: 2 });
  const types = { text: 'text', money: 'text', count: 'text', date: 'date', year: 'text' };
  return h('input', {
    ...common,
    type: types[field.kind],
    inputmode: field.kind === 'year' ? 'numeric' : null,
    autocomplete: 'off',
    spellcheck: field.kind === 'text' ? null : 'false',
    placeholder: field.placeholder ?? (field.kind === 'year' ? '2024' : null),
    'aria-required': field.required ? 'true' : null,
  });
}

function fieldBlock(field) {
  const id = idOf(field.path);
  return h(
    'div',
    { class: `field form-field${field.wide ? ' wide' : ''}`, dataset: { fieldBox: field.path } },
    h('label', { for: id, dataset: { i18n: field.label }, text: t(field.label) }, field.required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null),
    fieldInput(field),
    field.hint ? h('p', { class: 'hint', id: `${id}-hint`, dataset: { i18n: field.hint }, text: t(field.hint) }) : null,
    field.kind === 'money' || field.kind === 'count' ? h('p', { class: 'field-echo', id: `${id}-echo` }) : null,
    h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: field.path }, hidden: true }),
  );
}

function sectorLabel(sector) {
  return `${sector.code} ${sector.name} · ${sector.name_en}`;
}

function allocationControls() {
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

function addRow(sectorText = '', valueText = '') {
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
          changed('allocation');
        },
      },
    }),
    h('p', { class: 'field-error', id: `alloc-error-${n}`, hidden: true }),
  );
  $('alloc-rows').append(row);
  resolveRow(row);
  return row;
}

function build() {
  replace($('form-where'), WHERE.map(fieldBlock));
  replace($('form-money'), MONEY.map(fieldBlock));
  const legend = $('form-allocation').querySelector('legend');
  replace($('form-allocation'), legend, allocationControls());
  const select = $(idOf('region'));
  for (const region of regions) select.append(h('option', { value: region.key, text: `${region.name_ko} ${region.name_en}` }));
  addRow();
}

// ---------------------------------------------------------------- reading

function allocationMode() {
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

function resolveRow(row) {
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

function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = node[key] ?? {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}

/** The allocation rows as the plan's `allocation`, and the rows the page could not read. */
function readAllocation() {
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
  if (carried.allocationNotes) allocation.notes = carried.allocationNotes;
  return { allocation, problems };
}

/** The plan document the form holds (what is sent to the service), and what the page could not read. */
export function formDocument() {
  const doc = {};
  for (const field of FIELDS) {
    const input = $(idOf(field.path));
    const raw = input.value.trim();
    if (!raw) continue;
    setPath(doc, field.path, field.kind === 'year' && /^\d+$/.test(raw) ? Number(raw) : raw);
  }
  for (const [key, value] of Object.entries(carried.fields ?? {})) if (!(key in doc)) doc[key] = value;
  const { allocation, problems } = readAllocation();
  if (allocation) doc.allocation = allocation;
  return { doc, problems };
}

// ---------------------------------------------------------------- checking

/** Where a problem's field is shown: the input of that path, or of its nearest parent. */
function errorTarget(field) {
  if (!field) return null;
  const parts = String(field).split('.');
  if (parts[0] === 'allocation') {
    const code = parts[2];
    const row = code ? [...document.querySelectorAll('.alloc-row')].find((r) => r.dataset.code === code) : null;
    return row ? row.querySelector('.field-error') : $('f-allocation-error');
  }
  for (let n = parts.length; n > 0; n -= 1) {
    const el = $(`${idOf(parts.slice(0, n).join('.'))}-error`);
    if (el) return el;
  }
  // A whole object (`period`): the first of its inputs.
  const child = FIELDS.find((f) => f.path.startsWith(`${field}.`));
  return child ? $(`${idOf(child.path)}-error`) : null;
}

function inputOf(errorEl) {
  const box = errorEl.closest('.form-field, .alloc-row');
  return box?.querySelector('input, select, textarea') ?? null;
}

/** A problem's message in the reader's language when the service gives one ({en, ko} or `message_ko`). */
function problemText(error) {
  if (getLang() === 'ko' && error.message_ko) return error.message_ko;
  return pick(error.message ?? error.detail ?? '') || String(error.field ?? '');
}

function pathTouched(field) {
  if (showAll) return true;
  const path = String(field ?? '');
  return [...touched].some((p) => path === p || path.startsWith(`${p}.`) || p.startsWith(`${path}.`));
}

function clearProblems() {
  for (const el of document.querySelectorAll('#plan-form .field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of document.querySelectorAll('#plan-form [aria-invalid]')) el.removeAttribute('aria-invalid');
}

function showProblem(target, field, message) {
  if (!target) return false;
  target.hidden = false;
  target.dataset.field = field;
  const line = h('span', { class: 'field-error-line' }, h('code', { text: field }), ' ', message);
  if (target.textContent) target.append(h('br'));
  target.append(line);
  inputOf(target)?.setAttribute('aria-invalid', 'true');
  return true;
}

function echo(report) {
  for (const field of FIELDS) {
    const out = $(`${idOf(field.path)}-echo`);
    if (!out) continue;
    const display = report?.display?.[field.path];
    const typed = $(idOf(field.path)).value.trim();
    out.textContent = display && typed ? t('form.read_as', { value: pick(display) }) : '';
  }
}

function setStatus(kind, text) {
  const status = $('form-status');
  status.dataset.state = kind;
  status.textContent = text;
}

function render() {
  clearProblems();
  if (!lastAnswer) return;
  const { errors = [], problems = [] } = lastAnswer;
  let shown = 0;
  const general = [];
  for (const error of errors) {
    if (!pathTouched(error.field)) continue;
    if (showProblem(errorTarget(error.field), error.field ?? '', problemText(error))) shown += 1;
    else general.push(problemText(error));
  }
  for (const problem of problems) {
    if (!showAll && !touched.has('allocation')) continue;
    showProblem(problem.row.querySelector('.field-error'), 'allocation', problem.message);
    shown += 1;
  }
  echo(lastAnswer.report ?? null);
  const hidden = errors.length + problems.length - shown - general.length;
  if (lastAnswer.ok && !problems.length) setStatus('ok', t('form.ok'));
  else if (lastAnswer.failed) setStatus('error', lastAnswer.failed);
  else if (shown || general.length) setStatus('error', [t('form.problems', { n: shown + general.length }), ...general].join(' '));
  else setStatus('pending', hidden ? t('form.incomplete') : '');
}

/** Send the form to POST /v1/metrics; the answer (or its problems) is kept in `lastAnswer`. */
async function check() {
  const mine = ++token;
  const { doc, problems } = formDocument();
  setStatus('checking', t('form.checking'));
  let answer;
  try {
    const report = await api('POST', '/v1/metrics', doc, { cached: false });
    answer = { ok: true, report, errors: [], problems, doc };
  } catch (error) {
    const problem = error.problem ?? {};
    const errors = problem.errors?.length ? problem.errors : problem.field ? [{ field: problem.field, message: problem.detail }] : [];
    answer = { ok: false, errors, problems, doc, failed: errors.length ? null : `${pick(problem.title) || t('problem.title')}: ${pick(problem.detail) || error.message}` };
  }
  if (mine !== token) return null;
  lastAnswer = answer;
  render();
  return answer;
}

function changed(path) {
  touched.add(path);
  clearTimeout(timer);
  timer = setTimeout(check, DEBOUNCE_MS);
}

async function submit(event) {
  event.preventDefault();
  clearTimeout(timer);
  showAll = true;
  const answer = await check();
  if (!answer) return;
  if (answer.ok && !answer.problems.length) {
    $('plan-form-box').open = false;
    await hooks.onEvaluate(answer.report);
    $('plan-summary').scrollIntoView({ block: 'start' });
    return;
  }
  document.querySelector('#plan-form [aria-invalid="true"]')?.focus();
}

// ---------------------------------------------------------------- filling

/** Empty the form (a new plan). */
export function clear() {
  carried = {};
  touched = new Set();
  showAll = false;
  lastAnswer = null;
  for (const field of FIELDS) $(idOf(field.path)).value = '';
  replace($('alloc-rows'));
  rowCount = 0;
  addRow();
  document.querySelector('input[name="alloc-mode"][value="shares"]').checked = true;
  $('f-allocation-basis').value = 'stated';
  clearProblems();
  echo(null);
  setStatus('pending', '');
}

/** Fill the form with a plan the service returned (its report): amounts in exact Korean. */
export function fill(report) {
  clear();
  const { plan, display } = report;
  const value = (path) => path.split('.').reduce((node, key) => (node === null || node === undefined ? node : node[key]), plan);
  for (const field of FIELDS) {
    const v = value(field.path);
    if (v === null || v === undefined || v === '') continue;
    const input = $(idOf(field.path));
    if (field.kind === 'money') input.value = display?.[field.path]?.ko ?? formatKrw(v, 'ko');
    else if (field.kind === 'region') input.value = regionKey(v) ?? '';
    else input.value = String(v);
  }
  const allocation = plan.allocation;
  if (allocation) {
    const amounts = Boolean(allocation.amounts);
    document.querySelector(`input[name="alloc-mode"][value="${amounts ? 'amounts' : 'shares'}"]`).checked = true;
    $('f-allocation-basis').value = allocation.basis ?? 'stated';
    replace($('alloc-rows'));
    rowCount = 0;
    for (const [code, v] of Object.entries(allocation.amounts ?? allocation.shares)) {
      const sector = sectors.find((s) => s.code === code);
      addRow(sector ? sectorLabel(sector) : code, amounts ? formatKrw(Number(v), 'ko') : shareToPercent(v));
    }
    relabelRows();
  }
  const kept = {};
  for (const key of ['industries', 'sources']) if (plan[key]?.length) kept[key] = plan[key];
  carried = { fields: kept, allocationNotes: allocation?.notes ?? null };
  lastAnswer = { ok: true, report, errors: [], problems: [] };
  render();
  setStatus('ok', t('form.filled'));
}

function relabelRows() {
  for (const label of document.querySelectorAll('.alloc-value-label')) label.textContent = valueLabel();
}

/** Re-write the texts the form builds itself (after a language switch). */
export function relabel() {
  if (!$('alloc-rows')) return;
  relabelRows();
  for (const row of document.querySelectorAll('.alloc-row')) {
    resolveRow(row);
    row.querySelector('.alloc-sector').placeholder = t('form.allocation.search');
    row.querySelector('.alloc-remove').setAttribute('aria-label', t('form.allocation.remove', { n: row.dataset.row }));
  }
  render();
  // Problems are asked again in the new language (Accept-Language), for a service that words them so.
  if (lastAnswer && !lastAnswer.ok) check();
}

// ---------------------------------------------------------------- regions

function regionKey(name) {
  if (!name) return null;
  const lower = String(name).toLowerCase();
  const region = regions.find((r) => [r.key, r.name_ko, r.name_en, r.full_ko, r.full_en].filter(Boolean).some((n) => n.toLowerCase() === lower));
  return region?.key ?? null;
}

/** A plan's `region` as the reader's language names it ("부산" / "Busan"), or null. */
export function regionLabel(name) {
  if (!name) return null;
  const region = regions.find((r) => r.key === regionKey(name));
  return region ? pick({ en: region.name_en, ko: region.name_ko }) : String(name);
}

// ---------------------------------------------------------------- wiring

/** The regions and sectors the form offers (loaded once). */
export function ready() {
  if (!loaded) {
    loaded = Promise.all([api('GET', '/v1/regions'), api('GET', `/v1/tables/${TABLE}`)]).then(([r, table]) => {
      regions = r;
      sectors = table.sectors;
      build();
    });
  }
  return loaded;
}

export function init({ onEvaluate, current }) {
  hooks = { onEvaluate, current };
  const box = $('plan-form-box');
  const formEl = $('plan-form');
  formEl.addEventListener('submit', submit);
  formEl.addEventListener('input', (event) => {
    const target = event.target;
    if (target.closest('#paste')) return;
    if (target.classList.contains('alloc-sector')) resolveRow(target.closest('.alloc-row'));
    if (target.name === 'alloc-mode') relabelRows();
    const path = target.closest('#form-allocation') ? 'allocation' : target.dataset.field;
    if (path) changed(path);
  });
  formEl.addEventListener('change', (event) => {
    const target = event.target;
    if (target.closest('#paste')) return;
    if (target.name === 'alloc-mode') relabelRows();
    const path = target.closest('#form-allocation') ? 'allocation' : target.dataset.field;
    if (path && target.tagName === 'SELECT') changed(path);
  });
  $('form-clear').addEventListener('click', () => clear());
  $('form-new').addEventListener('click', async () => {
    await ready();
    clear();
    box.open = true;
    $(idOf('city')).focus();
  });
  $('form-edit').addEventListener('click', async () => {
    await ready();
    const report = hooks.current();
    if (report) fill(report);
    box.open = true;
    $(idOf('city')).focus();
  });
}
