// Comparison: plans side by side on one price basis (POST /v1/compare).

import { api } from '../api.js';
import { barChart, chartsAvailable } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';

/** Years of the shipped price indices (tests/integration/test_web.py keeps this in step). */
export const PRICE_YEARS = { first: 2010, last: 2025 };

export const CHARTED = ['cost_per_job_krw', 'jobs_per_billion_krw', 'production_multiplier', 'value_added_ratio'];

const form = () => document.getElementById('compare-controls');
const yearSelect = () => document.getElementById('compare-year');
const indexSelect = () => document.getElementById('compare-index');
const plansBox = () => document.getElementById('compare-plans');

export function init(ctx) {
  const select = yearSelect();
  select.append(h('option', { value: '', dataset: { i18n: 'compare.year.latest' }, text: t('compare.year.latest') }));
  for (let year = PRICE_YEARS.last; year >= PRICE_YEARS.first; year -= 1) {
    select.append(h('option', { value: String(year), text: String(year) }));
  }
  form().addEventListener('change', () => ctx.refresh('compare'));
  form().addEventListener('submit', (event) => event.preventDefault());
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
  const checked = new Map([...box.querySelectorAll('input')].map((input) => [input.value, input.checked]));
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
          checked: isCurrent || (checked.get(record.id) ?? true),
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
  return body;
}

function rankText(row, key) {
  const rank = row.ranks?.[key];
  return rank ? ` (#${rank})` : '';
}

function table(result) {
  const rows = result.rows.map((row) => {
    const out = {
      plan: row.city,
      basis: row.basis.formula,
      nominal: pick(row.display.nominal_investment),
      real: pick(row.display.investment),
      label: row.label,
      source_year: row.basis.source_year,
      price_year: row.basis.target_year,
      factor: row.basis.factor,
      nominal_investment_krw: row.nominal_investment,
      real_investment_krw: row.real_investment,
    };
    for (const key of CHARTED) {
      const m = row.metrics[key];
      out[key] = m.display ? `${pick(m.display)}${rankText(row, key)}` : '—';
      out[`${key}_value`] = m.value;
      out[`${key}_rank`] = row.ranks?.[key] ?? null;
    }
    return out;
  });
  const first = result.rows[0];
  return tableBlock({
    name: 'comparison',
    columns: [
      { key: 'plan', label: t('col.plan') },
      { key: 'nominal', label: t('col.nominal'), numeric: true },
      { key: 'real', label: t('col.real', { year: result.price_year }), numeric: true },
      ...CHARTED.map((key) => ({ key, label: pick(first.metrics[key].description), numeric: true })),
      { key: 'basis', label: t('col.basis') },
      ...['label', 'source_year', 'price_year', 'factor', 'nominal_investment_krw', 'real_investment_krw'].map(
        (key) => ({ key, label: key, show: false }),
      ),
      ...CHARTED.flatMap((key) => [
        { key: `${key}_value`, label: `${key}_value`, show: false },
        { key: `${key}_rank`, label: `${key}_rank`, show: false },
      ]),
    ],
    rows,
    raw: result,
  });
}

export async function load(ctx) {
  syncPlanChoices(ctx);
  const body = request(ctx);
  if (!body.plans.length) return null; // nothing to compare: the service would refuse it
  return api('POST', '/v1/compare', body);
}

export function draw(ctx, body, result) {
  if (!result) {
    replace(body, h('p', { class: 'note', text: t('compare.none') }));
    return;
  }
  const lang = ctx.lang();
  const indexName = t(`compare.index.${result.index === 'cpi' ? 'cpi' : 'gdp'}`);
  const boxes = CHARTED.map((key) => {
    const m = result.rows[0].metrics[key];
    const better = m.better === 'lower' || m.better === 'higher' ? t(`better.${m.better}`) : '';
    return { key, ...chartBox({ title: pick(m.description), note: better, id: `compare-${key}` }) };
  });
  replace(
    body,
    section(
      'compare.title',
      h('p', { class: 'lead', text: t('compare.lead', { year: result.price_year, index: indexName }) }),
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
    section('compare.table', table(result)),
  );
  if (!chartsAvailable()) return;
  const labels = result.rows.map((row) => row.city);
  for (const { key, area } of boxes) {
    const metrics = result.rows.map((row) => row.metrics[key]);
    const shown = metrics.map((m) => (m.display ? pick(m.display) : '—'));
    barChart(area, {
      labels,
      values: metrics.map((m) => m.value),
      shown,
      title: pick(metrics[0].description),
      summary: `${pick(metrics[0].description)}: ${labels.map((l, i) => `${l} ${shown[i]}`).join('; ')}`,
      lang,
    });
  }
}
