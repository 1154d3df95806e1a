// Comparison: plans side by side on one price basis (POST /v1/compare), in won or in US
// dollars (the service converts), each with its audit's verdict and flags (the audit of each
// plan, the same answer the Audit tab shows) and the share of its effect that stays in its
// region (the compare rows' `in_region_share`).

import { api } from '../api.js';
import { barChart, chartsAvailable } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { share, usd, won } from '../format.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';
import { numberParam } from '../url.js';
import { statusBadge, statusText } from './audit.js';

/** Years of the shipped price indices (tests/integration/test_web.py keeps this in step). */
export const PRICE_YEARS = { first: 2010, last: 2025 };

export const CHARTED = ['cost_per_job_krw', 'jobs_per_billion_krw', 'production_multiplier', 'value_added_ratio'];
export const CURRENCIES = ['KRW', 'USD'];

const form = () => document.getElementById('compare-controls');
const yearSelect = () => document.getElementById('compare-year');
const indexSelect = () => document.getElementById('compare-index');
const currencySelect = () => document.getElementById('compare-currency');
const plansBox = () => document.getElementById('compare-plans');

/** Options restored from a link before the panel is drawn (applied once the controls exist). */
const wanted = { year: '', index: 'gdp_deflator', currency: 'KRW', plans: null };

export function init(ctx) {
  const select = yearSelect();
  select.append(h('option', { value: '', dataset: { i18n: 'compare.year.latest' }, text: t('compare.year.latest') }));
  for (let year = PRICE_YEARS.last; year >= PRICE_YEARS.first; year -= 1) {
    select.append(h('option', { value: String(year), text: String(year) }));
  }
  applyWanted();
  form().addEventListener('change', (event) => {
    if (event.target.closest('#compare-plans')) wanted.plans = checkedIds();
    ctx.refresh('compare');
    ctx.changed();
  });
  form().addEventListener('submit', (event) => event.preventDefault());
}

function applyWanted() {
  if (!yearSelect()) return;
  yearSelect().value = wanted.year;
  indexSelect().value = wanted.index;
  currencySelect().value = wanted.currency;
}

function checkedIds() {
  return [...plansBox().querySelectorAll('input:checked:not(:disabled)')].map((input) => input.value);
}

/** Comparison options in the address: cy=2018&ci=cpi&cur=USD&cmp=daejeon-2018 (defaults omitted). */
export function toUrl(params) {
  const put = (name, value, keep) => (keep ? params.set(name, value) : params.delete(name));
  const year = yearSelect()?.value ?? wanted.year;
  const index = indexSelect()?.value ?? wanted.index;
  const currency = currencySelect()?.value ?? wanted.currency;
  put('cy', year, Boolean(year));
  put('ci', index, index !== 'gdp_deflator');
  put('cur', currency, currency !== 'KRW');
  put('cmp', (wanted.plans ?? []).join(','), wanted.plans !== null);
}

export function fromUrl(params) {
  const year = numberParam(params, 'cy', { min: PRICE_YEARS.first, max: PRICE_YEARS.last });
  wanted.year = year === null ? '' : String(year);
  wanted.index = params.get('ci') === 'cpi' ? 'cpi' : 'gdp_deflator';
  wanted.currency = CURRENCIES.includes(params.get('cur')) ? params.get('cur') : 'KRW';
  wanted.plans = params.has('cmp') ? params.get('cmp').split(',').filter(Boolean) : null;
  applyWanted();
}

/**
 * A pasted plan is compared when its won amounts have a year (price_year, which the
 * service fills in from `announced`); the service refuses one without (422), so the page
 * does not send it and says why.
 */
function pastedComparable(ctx) {
  const { source, report } = ctx.state;
  return source.kind === 'inline' && report.plan.price_year !== null && report.plan.price_year !== undefined;
}

/** One checkbox per saved plan; the plan on show is always compared. */
function syncPlanChoices(ctx) {
  const box = plansBox();
  const current = ctx.state.source.kind === 'saved' ? ctx.state.source.id : null;
  replace(
    box,
    ctx.state.plans.map((record) => {
      const id = `compare-plan-${record.id}`;
      const isCurrent = record.id === current;
      return h(
        'div',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          id,
          value: record.id,
          checked: isCurrent || wanted.plans === null || wanted.plans.includes(record.id),
          disabled: isCurrent,
        }),
        h('label', { for: id, text: record.plan.city }),
      );
    }),
    ctx.state.source.kind === 'inline'
      ? h('p', {
          class: 'muted small',
          dataset: { pasted: pastedComparable(ctx) ? 'included' : 'no-year' },
          text: t(pastedComparable(ctx) ? 'compare.inline' : 'compare.inline.no_year', { city: ctx.state.report.plan.city }),
        })
      : null,
  );
}

function request(ctx) {
  const ids = [...plansBox().querySelectorAll('input:checked')].map((input) => ({ id: input.value }));
  const plans = pastedComparable(ctx) ? [ctx.planRef(), ...ids] : ids;
  const body = { plans, index: indexSelect().value };
  if (yearSelect().value) body.price_year = Number(yearSelect().value);
  if (currencySelect().value !== 'KRW') body.currency = currencySelect().value;
  return body;
}

/** The audit of a compared plan: the same request the Audit tab sends (answers are cached). */
function auditOf(ref) {
  return ref.id ? api('GET', `/v1/plans/${encodeURIComponent(ref.id)}/audit`) : api('POST', '/v1/audit', { plan: ref });
}

/** The audit of each row: rows of saved plans carry their id as `label`, others keep the request's order. */
function auditsByRow(body, rows, audits) {
  return rows.map((row, i) => {
    const at = body.plans.findIndex((ref) => ref.id && ref.id === row.label);
    return audits[at >= 0 ? at : i] ?? null;
  });
}

export async function load(ctx) {
  syncPlanChoices(ctx);
  const body = request(ctx);
  if (!body.plans.length) return null; // nothing to compare: the service would refuse it
  const [result, audits] = await Promise.all([
    api('POST', '/v1/compare', body),
    Promise.all(body.plans.map((ref) => auditOf(ref).catch(() => null))),
  ]);
  return { result, audits: auditsByRow(body, result.rows, audits), currency: currencySelect().value };
}

// ---------------------------------------------------------------- figures of a row

const isMoney = (metric) => /^KRW\/(?!KRW)/.test(metric?.unit ?? '');

/** A row's US dollar figure for `key` (the service's `usd`), whatever the key is named. */
export function usdOf(row, key) {
  const table = row.usd ?? row.usd_figures ?? null;
  if (!table) return null;
  const bare = key.replace(/_krw$/, '');
  const value = table[key] ?? table[`${bare}_usd`] ?? table[bare] ?? null;
  if (value && typeof value === 'object') return value.value ?? null;
  return value;
}

function usdShown(row, key) {
  const table = row.usd ?? {};
  const bare = key.replace(/_krw$/, '');
  const value = table[key] ?? table[`${bare}_usd`] ?? table[bare];
  if (value && typeof value === 'object' && value.display) return pick(value.display);
  return usd(usdOf(row, key));
}

/** The value and text of a metric in the chosen currency (USD only for money metrics). */
function metricFigure(row, key, currency) {
  const m = row.metrics[key];
  if (currency === 'USD' && isMoney(m) && usdOf(row, key) !== null) {
    return { value: usdOf(row, key), shown: usdShown(row, key), currency: 'USD' };
  }
  return { value: m.value, shown: m.display ? pick(m.display) : '—', currency: 'KRW' };
}

function rankText(row, key) {
  const rank = row.ranks?.[key];
  return rank ? ` (#${rank})` : '';
}

function regionText(row) {
  if (!row.region) return t('compare.region.none');
  return pick({ en: row.region.name_en, ko: row.region.name_ko });
}

const shareOf = (row, key) => row.in_region_share?.[key] ?? null;

// ---------------------------------------------------------------- views

function flagItems(audit) {
  const flags = audit?.flags ?? [];
  if (!flags.length) return h('p', { class: 'muted small', text: t('flags.none') });
  return h(
    'ul',
    { class: 'flags compact' },
    flags.map((flag) =>
      h(
        'li',
        { class: `flag flag-${flag.severity}`, dataset: { flag: flag.code } },
        h('span', { class: `badge badge-${flag.severity}`, text: t(`severity.${flag.severity}`) }),
        h('span', { class: 'flag-text', text: pick(flag.message) }),
      ),
    ),
  );
}

function planCard(row, audit) {
  const verdict = audit?.verdict ?? {};
  const output = shareOf(row, 'output');
  const jobs = shareOf(row, 'jobs');
  return h(
    'article',
    { class: 'card plan-card', dataset: { plan: row.label } },
    h('h4', { class: 'plan-card-title', text: row.city }),
    h(
      'p',
      { class: 'verdict' },
      t('audit.verdict'),
      ' ',
      statusBadge(verdict.status, verdict.status_label) ?? h('span', { class: 'muted', text: audit ? t('audit.no_verdict') : t('compare.no_audit') }),
    ),
    h(
      'p',
      { class: 'small', dataset: { inRegion: row.region?.key ?? 'none' } },
      h('strong', { text: `${regionText(row)}: ` }),
      output === null
        ? t(row.region ? 'compare.region.no_split' : 'compare.region.national')
        : t('compare.region.share', { output: share(output), jobs: share(jobs) }),
    ),
    flagItems(audit),
  );
}

function table(result, audits, currency) {
  const rows = result.rows.map((row, i) => {
    const audit = audits[i];
    const out = {
      plan: row.city,
      verdict: audit?.verdict?.status ? statusText(audit.verdict.status, audit.verdict.status_label) : '—',
      flags: (audit?.flags ?? []).filter((f) => f.severity !== 'info').length,
      region: regionText(row),
      in_output: share(shareOf(row, 'output')),
      in_jobs: share(shareOf(row, 'jobs')),
      basis: row.basis.formula,
      nominal: pick(row.display.nominal_investment),
      real: currency === 'USD' && usdOf(row, 'investment') !== null ? usdShown(row, 'investment') : pick(row.display.investment),
      label: row.label,
      verdict_code: audit?.verdict?.status ?? null,
      flag_codes: (audit?.flags ?? []).map((f) => f.code).join(' '),
      region_key: row.region?.key ?? null,
      in_region_share_output: shareOf(row, 'output'),
      in_region_share_jobs: shareOf(row, 'jobs'),
      currency,
      source_year: row.basis.source_year,
      price_year: row.basis.target_year,
      factor: row.basis.factor,
      nominal_investment_krw: row.nominal_investment,
      real_investment_krw: row.real_investment,
      real_investment_usd: usdOf(row, 'investment'),
    };
    for (const key of CHARTED) {
      const f = metricFigure(row, key, currency);
      out[key] = `${f.shown}${rankText(row, key)}`;
      out[`${key}_value`] = f.value;
      out[`${key}_currency`] = f.currency;
      out[`${key}_rank`] = row.ranks?.[key] ?? null;
    }
    return out;
  });
  const first = result.rows[0];
  return tableBlock({
    name: 'comparison',
    columns: [
      { key: 'plan', label: t('col.plan') },
      { key: 'verdict', label: t('col.status') },
      { key: 'flags', label: t('col.flags'), numeric: true },
      { key: 'nominal', label: t('col.nominal'), numeric: true },
      { key: 'real', label: t('col.real', { year: result.price_year }), numeric: true },
      ...CHARTED.map((key) => ({ key, label: pick(first.metrics[key].description), numeric: true })),
      { key: 'region', label: t('col.region') },
      { key: 'in_output', label: t('col.in_output'), numeric: true },
      { key: 'in_jobs', label: t('col.in_jobs'), numeric: true },
      { key: 'basis', label: t('col.basis') },
      ...[
        'label', 'verdict_code', 'flag_codes', 'region_key', 'in_region_share_output', 'in_region_share_jobs', 'currency',
        'source_year', 'price_year', 'factor', 'nominal_investment_krw', 'real_investment_krw', 'real_investment_usd',
      ].map((key) => ({ key, label: key, show: false })),
      ...CHARTED.flatMap((key) => [
        { key: `${key}_value`, label: `${key}_value`, show: false },
        { key: `${key}_currency`, label: `${key}_currency`, show: false },
        { key: `${key}_rank`, label: `${key}_rank`, show: false },
      ]),
    ],
    rows,
    raw: result,
  });
}

export function draw(ctx, body, data) {
  if (!data) {
    replace(body, h('p', { class: 'note', text: t('compare.none') }));
    return;
  }
  const { result, audits, currency } = data;
  const lang = ctx.lang();
  const indexName = t(`compare.index.${result.index === 'cpi' ? 'cpi' : 'gdp'}`);
  const boxes = CHARTED.map((key) => {
    const m = result.rows[0].metrics[key];
    const better = m.better === 'lower' || m.better === 'higher' ? t(`better.${m.better}`) : '';
    const inUsd = currency === 'USD' && isMoney(m);
    const note = [inUsd ? t('compare.in_usd') : '', better].filter(Boolean).join(' · ');
    return { key, ...chartBox({ title: pick(m.description), note, id: `compare-${key}` }) };
  });
  replace(
    body,
    section(
      'compare.title',
      h('p', { class: 'lead', text: t('compare.lead', { year: result.price_year, index: indexName }) }),
      currency === 'USD' ? h('p', { class: 'muted small', dataset: { currency: 'USD' }, text: t('compare.usd.lead', { year: result.price_year }) }) : null,
      h('div', { class: 'cards plan-cards' }, result.rows.map((row, i) => planCard(row, audits[i]))),
      h('div', { class: 'chart-grid' }, boxes.map((b) => b.box)),
      h(
        'ul',
        { class: 'basis-list' },
        result.rows.map((row) =>
          h('li', {}, h('strong', { text: `${row.city}: ` }), t('compare.basis', {
            nominal: pick(row.display.nominal_investment),
            source: row.basis.source_year,
            real: pick(row.display.investment),
            target: row.basis.target_year,
            formula: row.basis.formula,
          }), row.basis.projection ? h('span', { class: 'badge badge-warning', text: t('compare.projection') }) : null),
        ),
      ),
    ),
    section('compare.table', table(result, audits, currency)),
  );
  if (!chartsAvailable()) return;
  const labels = result.rows.map((row) => row.city);
  for (const { key, area } of boxes) {
    const figures = result.rows.map((row) => metricFigure(row, key, currency));
    const shown = figures.map((f) => f.shown);
    const description = pick(result.rows[0].metrics[key].description);
    const money = isMoney(result.rows[0].metrics[key]);
    barChart(area, {
      labels,
      values: figures.map((f) => f.value),
      shown,
      title: description,
      summary: `${description}: ${labels.map((l, i) => `${l} ${shown[i]}`).join('; ')}`,
      lang,
      tick: money ? (figures[0].currency === 'USD' ? usd : (v) => won(v)) : null,
    });
  }
}
