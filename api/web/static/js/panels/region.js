// Where the effect lands: in Sejong/Daejeon vs the rest of Korea (the audit's `regional`,
// from the BOK 2020 regional coefficients), and the sectors whose production the spending
// reaches most (POST /v1/impact of the audit's allocation, sector by sector).

import { api } from '../api.js';
import { COLORS, barChart, chartsAvailable, drawChart } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { number, share, won } from '../format.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';
import { loadAudit } from './audit.js';

const TOP = 10;
const REST = '#93a3b8';

/**
 * The audit (the regional split and the allocation it is for) and, when the plan has an
 * allocation, the effects of that spending by sector: the audit's allocated amounts (KRW,
 * as the API states them) are the final demand sent to /v1/impact.
 */
export async function load(ctx) {
  const audit = await loadAudit(ctx);
  const sectors = audit.allocation?.sectors ?? [];
  if (!sectors.length) return { audit, impact: null };
  const demand = Object.fromEntries(sectors.map((s) => [s.code, s.amount]));
  const impact = await api('POST', '/v1/impact', { table: audit.table, demand });
  return { audit, impact };
}

/** The sectors whose production the spending reaches most, largest first (an impact answer's `sectors`). */
export function topSectors(impact, top = TOP) {
  return [...(impact?.sectors ?? [])]
    .filter((s) => s.output.total > 0)
    .sort((a, b) => b.output.total - a.output.total)
    .slice(0, top)
    .map((s) => ({
      code: s.code,
      name: { en: s.name_en, ko: s.name_ko },
      demand: s.demand,
      output: s.output.total,
      direct: s.output.direct,
      indirect: s.output.indirect,
      valueAdded: s.value_added.total,
    }));
}

const persons = (v) => t('whatif.person_years', { n: number(v, 0) });

function splitChart(area, regional) {
  const rows = [
    ['production', t('region.production')],
    ['value_added', t('region.value_added')],
  ];
  const dataset = (part, label, color) => ({
    label,
    data: rows.map(([key]) => regional[key][part]),
    valueLabels: rows.map(([key]) => won(regional[key][part])),
    backgroundColor: color,
    borderRadius: 3,
  });
  drawChart(
    area,
    {
      type: 'bar',
      data: {
        labels: rows.map(([, label]) => label),
        datasets: [dataset('in_region', t('region.in'), COLORS.series[0]), dataset('rest_of_korea', t('region.out'), REST)],
      },
      options: {
        indexAxis: 'y',
        plugins: { valueLabels: false, legend: { position: 'bottom' } },
        scales: { x: { stacked: true, ticks: { callback: (v) => won(v) } }, y: { stacked: true, grid: { display: false } } },
      },
    },
    t('region.summary', {
      inProd: won(regional.production.in_region),
      outProd: won(regional.production.rest_of_korea),
      inJobs: number(regional.jobs.in_region, 0),
      outJobs: number(regional.jobs.rest_of_korea, 0),
    }),
  );
}

function sectorChart(area, sectors, title) {
  const labels = sectors.map((s) => pick(s.name));
  drawChart(
    area,
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: t('region.spent'),
            data: sectors.map((s) => s.demand),
            valueLabels: sectors.map((s) => (s.demand ? won(s.demand) : '')),
            backgroundColor: REST,
            borderRadius: 3,
          },
          {
            label: t('region.production'),
            data: sectors.map((s) => s.output),
            valueLabels: sectors.map((s) => won(s.output)),
            backgroundColor: COLORS.series[0],
            borderRadius: 3,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { position: 'bottom' } },
        scales: {
          x: { beginAtZero: true, grace: '12%', ticks: { callback: (v) => won(v) } },
          y: { grid: { display: false }, ticks: { color: COLORS.ink } },
        },
        layout: { padding: { right: 70 } },
      },
    },
    `${title}: ${sectors.map((s) => `${pick(s.name)} ${won(s.output)}`).join(', ')}`,
  );
}

function regionalBlock(ctx, regional, why) {
  if (!regional) {
    const block = section('region.title', h('p', { class: 'note', dataset: { region: 'none' }, text: why || t('region.none') }));
    return { block, split: null, jobs: null };
  }
  const split = chartBox({ title: t('region.split.title'), note: t('region.split.note'), size: 'md', id: 'region-split' });
  const jobs = chartBox({ title: t('region.jobs.title'), size: 'md', id: 'region-jobs' });
  const keys = ['production', 'value_added', 'jobs'];
  const shown = (key, v) => (key === 'jobs' ? number(v, 0) : won(v));
  const block = section(
    'region.title',
    h('p', { class: 'lead', text: t('region.lead', { region: ctx.state.report.plan.city }) }),
    why ? h('p', { class: 'lead', dataset: { region: regional.region.key }, text: why }) : null,
    h('div', { class: 'chart-grid' }, split.box, jobs.box),
    h('p', { class: 'muted small', text: pick(regional.note) }),
    tableBlock({
      name: 'region',
      columns: [
        { key: 'figure', label: t('col.figure') },
        { key: 'in', label: t('region.in'), numeric: true },
        { key: 'out', label: t('region.out'), numeric: true },
        { key: 'total', label: t('col.total'), numeric: true },
        { key: 'share', label: t('region.share'), numeric: true },
        ...['key', 'in_region', 'rest_of_korea', 'total_value', 'in_region_share'].map((key) => ({ key, label: key, show: false })),
      ],
      rows: keys.map((key) => ({
        figure: t(`region.${key}`),
        in: shown(key, regional[key].in_region),
        out: shown(key, regional[key].rest_of_korea),
        total: shown(key, regional[key].total),
        share: share(regional[key].in_region_share),
        key,
        in_region: regional[key].in_region,
        rest_of_korea: regional[key].rest_of_korea,
        total_value: regional[key].total,
        in_region_share: regional[key].in_region_share,
      })),
      raw: regional,
    }),
  );
  return { block, split, jobs };
}

export function draw(ctx, body, { audit, impact }) {
  const { regional } = audit;
  // The audit's own words on how much stays in the city (or why it cannot say).
  const why = pick(audit.checks?.find((c) => c.code === 'regional_share')?.explanation);
  const region = regionalBlock(ctx, regional, why);
  const sectors = topSectors(impact);
  const topTitle = t('region.top.title');
  const top = chartBox({ title: topTitle, note: t('region.top.note'), size: 'xl', id: 'region-top' });
  replace(
    body,
    region.block,
    sectors.length
      ? section(
          'region.top',
          h('p', { class: 'lead', text: t('region.top.lead') }),
          top.box,
          tableBlock({
            name: 'sectors',
            columns: [
              { key: 'sector', label: t('col.sector') },
              { key: 'spent', label: t('region.spent'), numeric: true },
              { key: 'output_shown', label: t('region.production'), numeric: true },
              { key: 'value_added_shown', label: t('region.value_added'), numeric: true },
              ...['code', 'demand_krw', 'output_krw', 'output_direct_krw', 'output_indirect_krw', 'value_added_krw'].map((key) => ({ key, label: key, show: false })),
            ],
            rows: sectors.map((s) => ({
              sector: `${pick(s.name)} (${s.code})`,
              spent: s.demand ? won(s.demand) : '—',
              output_shown: won(s.output),
              value_added_shown: won(s.valueAdded),
              code: s.code,
              demand_krw: s.demand,
              output_krw: s.output,
              output_direct_krw: s.direct,
              output_indirect_krw: s.indirect,
              value_added_krw: s.valueAdded,
            })),
            raw: impact,
          }),
        )
      : section('region.top', h('p', { class: 'note', dataset: { sectors: 'none' }, text: t('region.top.none') })),
  );
  if (!chartsAvailable()) return;
  if (regional) {
    splitChart(region.split.area, regional);
    barChart(region.jobs.area, {
      labels: [t('region.in'), t('region.out')],
      values: [regional.jobs.in_region, regional.jobs.rest_of_korea],
      shown: [regional.jobs.in_region, regional.jobs.rest_of_korea].map(persons),
      title: t('region.jobs.title'),
      summary: `${t('region.jobs.title')}: ${t('region.in')} ${number(regional.jobs.in_region, 0)}, ${t('region.out')} ${number(regional.jobs.rest_of_korea, 0)}`,
      lang: ctx.lang(),
      horizontal: true,
      colors: [COLORS.series[0], REST],
    });
  }
  if (sectors.length) sectorChart(top.area, sectors, topTitle);
}
