// The plan form: a plan typed field by field instead of JSON. Money and head counts are sent
// as typed ("1,704억원", "₩170.4B", "1,998명"): the service reads them. As the reader types,
// the form is sent to POST /v1/metrics (debounced) and each problem the service names is
// shown next to the input of its `field`; the service's reading of each amount is echoed.
// The region is one of the 17 (GET /v1/regions) or read from the city by the service; the
// spending by sector is searched by Korean or English name (GET /v1/tables/bok-2023).

import { api, problemLine } from './api.js';
import { h, replace } from './dom.js';
import { formatKrw } from './format.js';
import {
  addRow,
  allocationControls,
  fillRows,
  readAllocation,
  relabelAllocation,
  relabelRows,
  resetRows,
  resolveRow,
  setSectors,
} from './form-allocation.js';
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
let loaded = null;
let hooks = { onEvaluate: () => {}, current: () => null };
let carried = {}; // fields of an edited plan the form has no input for (sources, industries, …)
let timer = null;
let token = 0;
let touched = new Set();
let showAll = false;
let lastAnswer = null; // {ok, report?, errors?} of the document as it is now

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

function setPath(target, path, value) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = node[key] ?? {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
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
  const { allocation, problems } = readAllocation(carried.allocationNotes);
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
    const errors = problem.errors?.length ? problem.errors : problem.field ? [{ field: problem.field, message: problem.detail, message_ko: problem.detail_ko }] : [];
    answer = { ok: false, errors, problems, doc, failed: errors.length ? null : problemLine(problem, error.message) };
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
  resetRows();
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
  if (plan.allocation) fillRows(plan.allocation, (amount) => formatKrw(amount, 'ko'));
  const kept = {};
  for (const key of ['industries', 'sources']) if (plan[key]?.length) kept[key] = plan[key];
  carried = { fields: kept, allocationNotes: plan.allocation?.notes ?? null };
  lastAnswer = { ok: true, report, errors: [], problems: [] };
  render();
  setStatus('ok', t('form.filled'));
}

/** Re-write the texts the form builds itself (after a language switch). */
export function relabel() {
  if (!$('alloc-rows')) return;
  relabelAllocation();
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
      setSectors(table.sectors, changed);
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
