// Where the effect lands: in the plan's region vs the rest of Korea (the audit's `regional`,
// any of the 17 시·도), on a map of the 17 regions (region-map.js) and as charts; and the
// sectors whose production the spending reaches most (POST /v1/impact of the audit's allocation).

import { api } from '../api.js';
import { COLORS, barChart, chartsAvailable, drawChart } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { count, share, won } from '../format.js';
import { loadBoundaries } from '../map.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';
import { allocatedText, loadAudit } from './audit.js';
import { MEASURES, figure, mapBlock, persons, regionName } from './region-map.js';

export { fromUrl, toUrl } from './region-map.js';

const TOP = 10;
const REST = '#93a3b8';

/**
 * The audit (the regional split and the allocation it is for), the boundaries of the 17
 * regions and, when the plan has an allocation, the effects of that spending by sector:
 * the audit's allocated amounts (KRW, as the API states them) are the final demand sent to
 * /v1/impact, with the plan's region, price year and budget basis, so that its totals are the
 * audit's.
 */
export async function load(ctx) {
  const [audit, map, regions] = await Promise.all([loadAudit(ctx), loadBoundaries(), api('GET', '/v1/regions')]);
  // land, transfers, wages and other items buy no output: the audit leaves them out of demand
  const sectors = (audit.allocation?.sectors ?? []).filter((s) => s.purchase !== false);
  if (!sectors.length) return { audit, impact: null, map, regions };
  const body = {
    table: audit.table,
    basis: audit.basis, // purchases or domestic final demand, as the audit reads the budget
    demand: Object.fromEntries(sectors.map((s) => [s.code, s.amount])),
  };
  if (audit.region?.key) body.region = audit.region.key;
  const year = ctx.state.report.plan.price_year;
  if (year !== null && year !== undefined) body.price_year = year;
  const impact = await api('POST', '/v1/impact', body);
  return { audit, impact, map, regions };
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

// ---------------------------------------------------------------- charts

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
      inJobs: count(regional.jobs.in_region),
      outJobs: count(regional.jobs.rest_of_korea),
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
            label: t('region.domestic'),
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

function regionTable(regional) {
  return tableBlock({
    name: 'region',
    columns: [
      { key: 'figure', label: t('col.figure') },
      { key: 'in', label: t('region.in'), numeric: true },
      { key: 'out', label: t('region.out'), numeric: true },
      { key: 'total', label: t('col.total'), numeric: true },
      { key: 'share', label: t('region.share'), numeric: true },
      ...['key', 'in_region', 'rest_of_korea', 'total_value', 'in_region_share'].map((key) => ({ key, label: key, show: false })),
    ],
    rows: MEASURES.map((key) => ({
      figure: t(`region.${key}`),
      in: figure(key, regional[key].in_region),
      out: figure(key, regional[key].rest_of_korea),
      total: figure(key, regional[key].total),
      share: share(regional[key].in_region_share),
      key,
      in_region: regional[key].in_region,
      rest_of_korea: regional[key].rest_of_korea,
      total_value: regional[key].total,
      in_region_share: regional[key].in_region_share,
    })),
    raw: regional,
  });
}

function regionalBlock(ctx, data) {
  const { audit } = data;
  const { regional } = audit;
  const how = pick(audit.region_how);
  // The audit's own words on how much stays in the region (or why it cannot say).
  const why = pick(audit.checks?.find((c) => c.code === 'regional_share')?.explanation);
  const map = mapBlock(ctx, data);
  if (!regional) {
    const block = section(
      'region.title',
      how ? h('p', { class: 'lead', dataset: { regionHow: audit.region?.key ?? 'none' }, text: how }) : null,
      map,
      why === how ? null : h('p', { class: 'note', dataset: { region: 'none' }, text: why || t('region.none') }),
    );
    return { block, split: null, jobs: null };
  }
  const split = chartBox({ title: t('region.split.title'), note: t('region.split.note'), size: 'md', id: 'region-split' });
  const jobs = chartBox({ title: t('region.jobs.title'), size: 'md', id: 'region-jobs' });
  const block = section(
    'region.title',
    h('p', { class: 'lead', text: t('region.lead', { region: regionName(regional.region) }) }),
    how ? h('p', { class: 'muted small', dataset: { regionHow: regional.region.key }, text: how }) : null,
    map,
    why ? h('p', { class: 'lead', dataset: { region: regional.region.key }, text: why }) : null,
    h('div', { class: 'chart-grid' }, split.box, jobs.box),
    h('p', { class: 'muted small', text: pick(regional.note) }),
    regionTable(regional),
  );
  return { block, split, jobs };
}

export function draw(ctx, body, data) {
  const { impact } = data;
  const { regional } = data.audit;
  const region = regionalBlock(ctx, data);
  const sectors = topSectors(impact);
  const allocated = new Map((data.audit.allocation?.sectors ?? []).map((s) => [s.code, s]));
  const spentText = (s) => (allocated.has(s.code) ? allocatedText(ctx.state.report.plan, allocated.get(s.code)) : s.demand ? won(s.demand) : '—');
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
              { key: 'domestic', label: t('region.domestic'), numeric: true },
              { key: 'output_shown', label: t('region.production'), numeric: true },
              { key: 'value_added_shown', label: t('region.value_added'), numeric: true },
              ...['code', 'demand_krw', 'output_krw', 'output_direct_krw', 'output_indirect_krw', 'value_added_krw'].map((key) => ({ key, label: key, show: false })),
            ],
            rows: sectors.map((s) => ({
              sector: `${pick(s.name)} (${s.code})`,
              spent: spentText(s),
              domestic: s.demand ? won(s.demand) : '—',
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
      summary: `${t('region.jobs.title')}: ${t('region.in')} ${count(regional.jobs.in_region)}, ${t('region.out')} ${count(regional.jobs.rest_of_korea)}`,
      lang: ctx.lang(),
      horizontal: true,
      colors: [COLORS.series[0], REST],
    });
  }
  if (sectors.length) sectorChart(top.area, sectors, topTitle);
}
