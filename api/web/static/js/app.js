// The page: pick or paste a plan, then five panels over the public API.

import { api, clearCache } from './api.js';
import { destroyCharts } from './charts.js';
import { loading, problemBox } from './common.js';
import { h, replace } from './dom.js';
import { getLang, initialLang, loadStrings, pick, setLang, t } from './i18n.js';
import * as audit from './panels/audit.js';
import * as compare from './panels/compare.js';
import * as overview from './panels/overview.js';
import * as region from './panels/region.js';
import * as whatif from './panels/whatif.js';

const PANELS = { overview, audit, compare, whatif, region };
const PASTED = '__pasted__';

const state = {
  plans: [], // saved plans (GET /v1/plans)
  source: null, // {kind: 'saved', id} or {kind: 'inline'}
  report: null, // the plan's report (metrics, flags, display)
  active: 'overview',
  stale: new Set(Object.keys(PANELS)),
  tokens: {},
};

const ctx = {
  state,
  lang: getLang,
  /** The plan as request items take it: {id} of a saved plan, or the plan itself. */
  planRef: () => (state.source.kind === 'saved' ? { id: state.source.id } : state.report.plan),
  refresh: (name) => renderPanel(name),
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

function markAllStale() {
  for (const name of Object.keys(PANELS)) state.stale.add(name);
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

function planChanged() {
  renderSummary();
  markAllStale();
  renderPanel(state.active);
  updateUrl();
}

async function chooseSaved(id) {
  const select = $('plan-select');
  select.querySelector(`option[value="${PASTED}"]`)?.remove();
  try {
    const report = await api('GET', `/v1/plans/${encodeURIComponent(id)}/metrics`);
    state.source = { kind: 'saved', id };
    state.report = report;
    select.value = id;
    planChanged();
  } catch (error) {
    replace($('plan-summary'), problemBox(error));
  }
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
  try {
    state.report = await api('POST', '/v1/metrics', document_, { cached: false });
  } catch (error) {
    const problem = error.problem ?? {};
    out.textContent = `${problem.title ?? t('problem.title')}: ${problem.detail ?? error.message}`;
    out.hidden = false;
    return;
  }
  state.source = { kind: 'inline' };
  const select = $('plan-select');
  let option = select.querySelector(`option[value="${PASTED}"]`);
  if (!option) {
    option = h('option', { value: PASTED });
    select.append(option);
  }
  option.textContent = `${t('paste.option')}: ${state.report.plan.city}`;
  select.value = PASTED;
  clearCache();
  planChanged();
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

// ---------------------------------------------------------------- page state

function updateUrl() {
  const params = new URLSearchParams(window.location.search);
  if (state.source?.kind === 'saved') params.set('plan', state.source.id);
  else params.delete('plan');
  params.set('lang', getLang());
  window.history.replaceState(null, '', `?${params}#${state.active}`);
}

function switchLang() {
  setLang(getLang() === 'en' ? 'ko' : 'en');
  if (!state.report) return;
  renderSummary();
  markAllStale();
  renderPanel(state.active);
  updateUrl();
}

async function printReport() {
  document.body.classList.add('print-all');
  for (const panel of document.querySelectorAll('[role="tabpanel"]')) panel.hidden = false;
  await Promise.all([...state.stale].map((name) => renderPanel(name)));
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  window.print();
}

function afterPrint() {
  if (!document.body.classList.contains('print-all')) return;
  document.body.classList.remove('print-all');
  activate(state.active);
}

async function main() {
  await loadStrings();
  setLang(initialLang());
  wireTabs();
  for (const panel of Object.values(PANELS)) panel.init?.(ctx);
  $('lang-toggle').addEventListener('click', switchLang);
  $('print-report').addEventListener('click', printReport);
  window.addEventListener('afterprint', afterPrint);
  $('plan-select').addEventListener('change', (event) => {
    if (event.target.value !== PASTED) chooseSaved(event.target.value);
  });
  $('paste-submit').addEventListener('click', evaluatePasted);
  $('paste-example').addEventListener('click', () => {
    if (state.report) $('paste-text').value = JSON.stringify(state.report.plan, null, 2);
  });
  try {
    await loadPlans();
  } catch (error) {
    replace($('plan-summary'), problemBox(error));
    return;
  }
  const asked = new URLSearchParams(window.location.search).get('plan');
  const hash = window.location.hash.slice(1);
  if (hash in PANELS) activate(hash);
  const ids = state.plans.map((record) => record.id);
  const first = [asked, 'sejong-2024', ids[0]].find((id) => id && ids.includes(id));
  if (first) await chooseSaved(first);
  document.body.dataset.ready = 'true';
}

main();
