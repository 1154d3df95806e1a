// Where the effect lands: in Sejong/Daejeon vs the rest of Korea (BOK 2020 regional
// coefficients), and the sectors the spending reaches most. From POST /v1/impact, or the
// baseline of POST /v1/scenarios on a server without it.

import { api, has } from '../api.js';
import { COLORS, barChart, chartsAvailable, drawChart } from '../charts.js';
import { chartBox, section, unavailable } from '../common.js';
import { h, replace } from '../dom.js';
import { number, won } from '../format.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';

const TOP = 10;

export async function load(ctx) {
  if (has('POST', '/v1/impact')) return api('POST', '/v1/impact', { plan: ctx.planRef() });
  if (has('POST', '/v1/audit')) return api('POST', '/v1/audit', { plan: ctx.planRef() });
  if (has('POST', '/v1/scenarios')) {
    return api('POST', '/v1/scenarios', { plan: ctx.planRef(), adjustments: [] });
  }
  return { unavailable: true };
}

function regionalOf(data) {
  return data.regional ?? data.impacts?.regional ?? data.baseline?.impacts?.regional ?? null;
}

/**
 * The sectors to chart, largest first: those the effect reaches most (an impact answer's
 * sectors), or else where the money goes (an audit's allocation, with API display strings).
 */
export function topSectors(data) {
  if (!data.top_sectors && !data.sectors && Array.isArray(data.allocation?.sectors)) {
    return data.allocation.sectors.slice(0, TOP).map((s) => ({
      code: s.code,
      name: { en: s.name_en, ko: s.name_ko },
      output: s.amount,
      display: s.display,
    }));
  }
  const list = data.top_sectors ?? data.sectors ?? (Array.isArray(data.by_sector) ? data.by_sector : null);
  if (!Array.isArray(list)) return [];
  const output = (s) => s.output ?? s.output_krw ?? s.production ?? s.total ?? 0;
  return [...list].sort((a, b) => output(b) - output(a)).slice(0, TOP).map((s) => ({
    code: s.code ?? s.sector ?? '',
    name: s.name ?? (s.name_en || s.name_ko ? { en: s.name_en ?? s.name_ko, ko: s.name_ko ?? s.name_en } : s.code),
    output: output(s),
    display: s.display?.output ?? null,
  }));
}

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
        datasets: [dataset('in_region', t('region.in'), COLORS.series[0]), dataset('rest_of_korea', t('region.out'), '#93a3b8')],
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

export function draw(ctx, body, data) {
  if (data.unavailable) {
    replace(body, unavailable('feature.region', 'POST /v1/impact'));
    return;
  }
  const regional = regionalOf(data);
  const sectors = topSectors(data);
  const split = chartBox({ title: t('region.split.title'), note: regional ? t('region.split.note') : '', size: 'md', id: 'region-split' });
  const jobs = chartBox({ title: t('region.jobs.title'), size: 'md', id: 'region-jobs' });
  const allocation = !data.top_sectors && !data.sectors && Array.isArray(data.allocation?.sectors);
  const topTitle = t(allocation ? 'region.alloc.title' : 'region.top.title');
  const top = chartBox({ title: topTitle, size: 'lg', id: 'region-top' });
  const rows = regional
    ? ['production', 'value_added', 'jobs'].map((key) => ({
        figure: t(`region.${key}`),
        in: key === 'jobs' ? number(regional[key].in_region, 0) : won(regional[key].in_region),
        out: key === 'jobs' ? number(regional[key].rest_of_korea, 0) : won(regional[key].rest_of_korea),
        total: key === 'jobs' ? number(regional[key].total, 0) : won(regional[key].total),
        key,
        in_region: regional[key].in_region,
        rest_of_korea: regional[key].rest_of_korea,
        total_value: regional[key].total,
      }))
    : [];
  replace(
    body,
    section(
      'region.title',
      regional
        ? h('p', { class: 'lead', text: t('region.lead', { region: ctx.state.report.plan.city }) })
        : h('p', { class: 'note', text: t('region.none') }),
      regional ? h('div', { class: 'chart-grid' }, split.box, jobs.box) : null,
      regional?.caveat ? h('p', { class: 'muted small', text: regional.caveat }) : null,
      regional
        ? tableBlock({
            name: 'region',
            columns: [
              { key: 'figure', label: t('col.figure') },
              { key: 'in', label: t('region.in'), numeric: true },
              { key: 'out', label: t('region.out'), numeric: true },
              { key: 'total', label: t('col.total'), numeric: true },
              ...['key', 'in_region', 'rest_of_korea', 'total_value'].map((key) => ({ key, label: key, show: false })),
            ],
            rows,
            raw: regional,
          })
        : null,
    ),
    sectors.length
      ? section(
          allocation ? 'region.alloc' : 'region.top',
          top.box,
          tableBlock({
            name: allocation ? 'allocation' : 'sectors',
            columns: [
              { key: 'sector', label: t('col.sector') },
              { key: 'shown', label: t(allocation ? 'col.amount' : 'region.production'), numeric: true },
              { key: 'code', label: 'code', show: false },
              { key: 'output', label: 'output_krw', show: false },
            ],
            rows: sectors.map((s) => ({ sector: `${pick(s.name)} (${s.code})`, shown: s.display ? pick(s.display) : won(s.output), code: s.code, output: s.output })),
            raw: sectors,
          }),
        )
      : null,
  );
  if (!chartsAvailable()) return;
  if (regional) {
    splitChart(split.area, regional);
    barChart(jobs.area, {
      labels: [t('region.in'), t('region.out')],
      values: [regional.jobs.in_region, regional.jobs.rest_of_korea],
      shown: [regional.jobs.in_region, regional.jobs.rest_of_korea].map((v) => t('whatif.person_years', { n: number(v, 0) })),
      title: t('region.jobs.title'),
      summary: `${t('region.jobs.title')}: ${t('region.in')} ${number(regional.jobs.in_region, 0)}, ${t('region.out')} ${number(regional.jobs.rest_of_korea, 0)}`,
      lang: ctx.lang(),
      horizontal: true,
      colors: [COLORS.series[0], '#93a3b8'],
    });
  }
  if (sectors.length) {
    barChart(top.area, {
      labels: sectors.map((s) => pick(s.name)),
      values: sectors.map((s) => s.output),
      shown: sectors.map((s) => (s.display ? pick(s.display) : won(s.output))),
      title: topTitle,
      summary: `${topTitle}: ${sectors.map((s) => `${pick(s.name)} ${s.display ? pick(s.display) : won(s.output)}`).join(', ')}`,
      lang: ctx.lang(),
      horizontal: true,
      colors: sectors.map(() => COLORS.series[0]),
    });
  }
}
