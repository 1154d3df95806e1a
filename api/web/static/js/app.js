// The page: pick a saved plan, fill in the form or paste one, then five panels over the
// public API. The view is kept in the address (url.js), so that a link opens it again.

import { api, clearCache, problemDetail, problemLine } from './api.js';
import { destroyCharts } from './charts.js';
import { loading, problemBox } from './common.js';
import { h, replace } from './dom.js';
import * as form from './form.js';
import { getLang, initialLang, loadStrings, pick, setLang, t } from './i18n.js';
import * as audit from './panels/audit.js';
import * as compare from './panels/compare.js';
import * as overview from './panels/overview.js';
import * as region from './panels/region.js';
import * as whatif from './panels/whatif.js';
import { decodePlan, encodePlan, readParams, writeParams } from './url.js';

const PANELS = { overview, audit, compare, whatif, region };
const INLINE = '__inline__';

const state = {
  plans: [], // saved plans (GET /v1/plans)
  source: null, // {kind: 'saved', id} or {kind: 'inline', encoded}
  report: null, // the plan's report (metrics, flags, display)
  active: 'overview',
  stale: new Set(Object.keys(PANELS)),
  tokens: {},
  rendering: Promise.resolve(),
};

const ctx = {
  state,
  lang: getLang,
  /** The plan as request items take it: {id} of a saved plan, or the plan itself. */
  planRef: () => (state.source.kind === 'saved' ? { id: state.source.id } : state.report.plan),
  /** Draw a panel again (its options changed). */
  refresh: (name) => renderPanel(name),
  /** Something the address keeps changed (a slider, an option). */
  changed: () => updateUrl(),
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- panels

async function renderPanel(name) {
  if (!state.report) return;
  const body = $(`${name}-body`);
  const token = (state.tokens[name] ?? 0) + 1;
  state.tokens[name] = token;
  state.stale.delete(name);
  body.setAttribute('aria-busy', 'true');
  if (!body.firstChild) body.append(loading());
  try {
    const data = PANELS[name].load ? await PANELS[name].load(ctx) : null;
    if (state.tokens[name] !== token) return;
    destroyCharts(body);
    PANELS[name].draw(ctx, body, data);
  } catch (error) {
    if (state.tokens[name] !== token) return;
    destroyCharts(body);
    console.warn(error); // eslint-disable-line no-console
    replace(body, problemBox(error));
  } finally {
    if (state.tokens[name] === token) {
      body.removeAttribute('aria-busy');
      body.dataset.ready = String(token);
    }
  }
}

/**
 * Draw the panel on show, then every other one: all sections are ready for the browser's
 * own print (Ctrl+P), which cannot wait for the API. Inactive panels are laid out but
 * invisible (app.css), so their charts have their real size when printed.
 */
function renderAll() {
  for (const name of Object.keys(PANELS)) {
    state.stale.add(name);
    delete $(`${name}-body`).dataset.ready;
  }
  const order = [state.active, ...Object.keys(PANELS).filter((name) => name !== state.active)];
  state.rendering = order.reduce((previous, name) => previous.then(() => (state.stale.has(name) ? renderPanel(name) : null)), Promise.resolve());
  return state.rendering;
}

// ---------------------------------------------------------------- tabs

const tabs = () => [...document.querySelectorAll('[role="tab"]')];

function activate(name, { focus = false } = {}) {
  state.active = name;
  for (const tab of tabs()) {
    const selected = tab.dataset.panel === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  updateUrl();
  if (state.stale.has(name)) renderPanel(name);
}

function wireTabs() {
  for (const tab of tabs()) tab.addEventListener('click', () => activate(tab.dataset.panel));
  $('tablist').addEventListener('keydown', (event) => {
    const all = tabs();
    const at = all.findIndex((tab) => tab.dataset.panel === state.active);
    const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = all[(moves[event.key] + all.length) % all.length];
    activate(next.dataset.panel, { focus: true });
  });
}

// ---------------------------------------------------------------- the plan

/** Whether and how the plan splits its money by sector (what the model needs). */
function allocationText(allocation) {
  if (!allocation) return t('summary.unstated');
  const n = Object.keys(allocation.shares ?? allocation.amounts ?? {}).length;
  return t(allocation.basis === 'assumed' ? 'summary.allocation.assumed' : 'summary.allocation.stated', { n });
}

function renderSummary() {
  const { plan } = state.report;
  const facts = [
    [t('summary.investment'), pick(state.report.display.investment)],
    [t('summary.region'), form.regionLabel(plan.region)],
    [t('summary.announced'), plan.announced],
    [t('summary.period'), plan.period ? `${plan.period.start}–${plan.period.end}` : t('summary.unstated')],
    [t('summary.price_year'), plan.price_year],
    [t('summary.projects'), plan.projects],
    [t('summary.allocation'), allocationText(plan.allocation)],
  ].filter(([, value]) => value !== null && value !== undefined && value !== '');
  const source = plan.sources?.[0];
  replace(
    $('plan-summary'),
    h('div', { class: 'summary-head' }, h('h2', { class: 'summary-city', text: plan.city }), plan.title ? h('p', { class: 'summary-title', text: plan.title }) : null),
    h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', {}, h('dt', { text: k }), h('dd', { text: String(v) })))),
    plan.industries?.length
      ? h('ul', { class: 'chips', 'aria-label': t('summary.industries') }, plan.industries.map((name) => h('li', { class: 'chip', text: name })))
      : null,
    source
      ? h('p', { class: 'source' }, `${t('summary.source')}: `, [source.outlet, source.title && `“${source.title}”`, source.author, source.published].filter(Boolean).join(', '))
      : null,
    plan.notes ? h('details', { class: 'notes' }, h('summary', { text: t('summary.notes') }), h('p', { text: plan.notes })) : null,
  );
  $('plan-summary').setAttribute('aria-busy', 'false');
}

/** A plan is on show: `fresh` when the reader chose it (the what-if starts from the plan as stated). */
function planChanged({ fresh = true } = {}) {
  if (fresh) whatif.reset();
  renderSummary();
  updateUrl();
  return renderAll();
}

function showInlineOption(city) {
  const select = $('plan-select');
  let option = select.querySelector(`option[value="${INLINE}"]`);
  if (!option) {
    option = h('option', { value: INLINE });
    select.append(option);
  }
  option.textContent = `${t('form.option')}: ${city}`;
  select.value = INLINE;
}

async function chooseSaved(id, { fresh = true } = {}) {
  const select = $('plan-select');
  select.querySelector(`option[value="${INLINE}"]`)?.remove();
  try {
    const report = await api('GET', `/v1/plans/${encodeURIComponent(id)}/metrics`);
    state.source = { kind: 'saved', id };
    state.report = report;
    select.value = id;
    await planChanged({ fresh });
  } catch (error) {
    replace($('plan-summary'), problemBox(error));
  }
}

/** A plan the service accepted (from the form, the pasted JSON or a link) is on show. */
async function showInline(report, { fresh = true } = {}) {
  state.source = { kind: 'inline', encoded: await encodePlan(report.plan) };
  state.report = report;
  showInlineOption(report.plan.city);
  clearCache();
  await planChanged({ fresh });
}

async function evaluatePasted() {
  const out = $('paste-error');
  out.hidden = true;
  let document_;
  try {
    document_ = JSON.parse($('paste-text').value);
  } catch (error) {
    out.textContent = t('paste.not_json', { error: error.message });
    out.hidden = false;
    return;
  }
  let report;
  try {
    report = await api('POST', '/v1/metrics', document_, { cached: false });
  } catch (error) {
    const problem = error.problem ?? {};
    out.textContent = problemLine(problem, error.message);
    out.hidden = false;
    return;
  }
  await showInline(report);
}

/** The plan of a link's `p=`: decoded, then evaluated by the service like a pasted one. */
async function restoreInline(encoded) {
  try {
    const plan = await decodePlan(encoded);
    const report = await api('POST', '/v1/metrics', plan, { cached: false });
    await showInline(report, { fresh: false });
    return true;
  } catch (error) {
    const problem = $('link-problem');
    problem.textContent = `${t('link.broken')} ${error.problem ? problemDetail(error.problem) : ''}`.trim();
    problem.hidden = false;
    return false;
  }
}

async function loadPlans() {
  const page = await api('GET', '/v1/plans?limit=100', undefined, { cached: false });
  state.plans = page.items;
  const select = $('plan-select');
  replace(
    select,
    page.items.map((record) =>
      h('option', { value: record.id, text: `${record.plan.city} — ${record.plan.title ?? record.id}` }),
    ),
  );
  select.disabled = false;
}

// ---------------------------------------------------------------- the address

/** Write the view into the address: plan, language, tab and what the panels keep. */
function updateUrl() {
  if (!state.source) return; // the plan of a link is still being restored
  const params = new URLSearchParams();
  if (state.source.kind === 'saved') params.set('plan', state.source.id);
  else params.set('p', state.source.encoded);
  params.set('lang', getLang());
  for (const panel of Object.values(PANELS)) panel.toUrl?.(params);
  writeParams(params, state.active);
}

async function copyLink() {
  updateUrl();
  const status = $('copy-status');
  try {
    await navigator.clipboard.writeText(window.location.href);
    status.textContent = t('link.copied');
  } catch {
    status.textContent = t('link.select');
  }
}

function switchLang() {
  setLang(getLang() === 'en' ? 'ko' : 'en');
  form.relabel();
  if (!state.report) return;
  if (state.source.kind === 'inline') showInlineOption(state.report.plan.city);
  renderSummary();
  updateUrl();
  renderAll();
}

/**
 * The browser's print shows closed <details> (notes, the table of every figure) open: print.css
 * does it where ::details-content is known; elsewhere they are opened for the print and closed after.
 */
let openedForPrint = [];
function beforePrint() {
  openedForPrint = [...document.querySelectorAll('main details:not([open])')].filter((el) => !el.closest('.picker'));
  for (const el of openedForPrint) el.open = true;
}
function afterPrint() {
  for (const el of openedForPrint) el.open = false;
  openedForPrint = [];
}

async function printReport() {
  await state.rendering;
  await Promise.all([...state.stale].map((name) => renderPanel(name)));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  window.print();
}

async function main() {
  await loadStrings();
  setLang(initialLang());
  const params = readParams();
  for (const panel of Object.values(PANELS)) panel.fromUrl?.(params);
  wireTabs();
  for (const panel of Object.values(PANELS)) panel.init?.(ctx);
  $('lang-toggle').addEventListener('click', switchLang);
  $('print-report').addEventListener('click', printReport);
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  $('copy-link').addEventListener('click', copyLink);
  $('plan-select').addEventListener('change', (event) => {
    if (event.target.value !== INLINE) chooseSaved(event.target.value);
  });
  $('paste-submit').addEventListener('click', evaluatePasted);
  $('paste-example').addEventListener('click', () => {
    if (state.report) $('paste-text').value = JSON.stringify(state.report.plan, null, 2);
  });
  form.init({ onEvaluate: (report) => showInline(report), current: () => state.report });
  const tab = window.location.hash.slice(1);
  if (tab in PANELS) activate(tab);
  try {
    await Promise.all([loadPlans(), form.ready()]);
  } catch (error) {
    replace($('plan-summary'), problemBox(error));
    return;
  }
  const ids = state.plans.map((record) => record.id);
  if (!(params.has('p') && (await restoreInline(params.get('p'))))) {
    const first = [params.get('plan'), 'sejong-2024', ids[0]].find((id) => id && ids.includes(id));
    if (first) await chooseSaved(first, { fresh: false });
  }
  document.body.dataset.ready = 'true';
}

main();
