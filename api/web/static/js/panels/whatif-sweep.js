// The sweep of the what-if (POST /v1/sweeps): the same what-if at local shares from 0 % to
// 100 % in one request, as lines of jobs in the region and in the rest of Korea.

import { api } from '../api.js';
import { COLORS, chartsAvailable, drawChart } from '../charts.js';
import { chartBox, problemBox } from '../common.js';
import { h, replace } from '../dom.js';
import { count, number } from '../format.js';
import { t } from '../i18n.js';
import { tableBlock } from '../export.js';

const SWEEP_SHARES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const shareText = (v) => `${number(v * 100, 0)}%`;
let sweepToken = 0;


/** Rows of a sweep answer ({count, notes, rows: [{parameters, ...figures}]}), parameters flattened. */
export function sweepRows(data) {
  return (data.rows ?? []).map(({ parameters, ...figures }) => ({ ...(parameters ?? {}), ...figures }));
}

/**
 * The sweep of the local share for `plan` with `adjustments` (those of the sliders but the
 * local share), or, when the model cannot answer (`enabled` false), why not.
 */
export async function drawSweep(container, { enabled, plan, adjustments }) {
  // Only the newest request may draw: an older answer arriving late must not replace it.
  const mine = ++sweepToken;
  if (!enabled) {
    replace(container, h('p', { class: 'note', dataset: { note: 'needs-allocation' }, text: t('whatif.sweep.needs') }));
    return;
  }
  try {
    const data = await api('POST', '/v1/sweeps', {
      plan,
      adjustments,
      grid: { 'local_share.value': SWEEP_SHARES },
    });
    if (mine !== sweepToken) return;
    const rows = sweepRows(data);
    if (rows.every((row) => row.jobs_in_region === null)) {
      replace(container, h('p', { class: 'note', dataset: { note: 'no-region' }, text: t('region.none') }));
      return;
    }
    const { box, area } = chartBox({ title: t('whatif.sweep.title'), note: t('whatif.sweep.note'), size: 'lg', id: 'sweep' });
    replace(container, box, tableBlock({
      name: 'sweep',
      columns: [
        { key: 'share', label: t('whatif.local') },
        { key: 'in', label: t('whatif.jobs_in'), numeric: true },
        { key: 'out', label: t('whatif.jobs_out'), numeric: true },
        ...['local_share.value', 'jobs_in_region', 'jobs_rest_of_korea', 'output_in_region_krw', 'output_rest_of_korea_krw'].map((key) => ({ key, label: key, show: false })),
      ],
      rows: rows.map((row, i) => ({
        ...row,
        share: shareText(row['local_share.value'] ?? SWEEP_SHARES[i]),
        in: count(row.jobs_in_region),
        out: count(row.jobs_rest_of_korea),
      })),
      raw: data,
    }));
    if (!chartsAvailable()) return;
    const labels = rows.map((row, i) => shareText(row['local_share.value'] ?? SWEEP_SHARES[i]));
    const line = (label, key, color) => ({
      label,
      data: rows.map((row) => row[key] ?? null),
      valueLabels: rows.map((row) => t('whatif.person_years', { n: count(row[key]) })),
      borderColor: color,
      backgroundColor: color,
      tension: 0.2,
    });
    drawChart(
      area,
      {
        type: 'line',
        data: {
          labels,
          datasets: [line(t('whatif.jobs_in'), 'jobs_in_region', COLORS.series[0]), line(t('whatif.jobs_out'), 'jobs_rest_of_korea', COLORS.series[1])],
        },
        options: {
          plugins: { valueLabels: false, legend: { position: 'bottom' } },
          scales: { x: { title: { display: true, text: t('whatif.local') } }, y: { beginAtZero: true, title: { display: true, text: t('whatif.person_years.axis') } } },
        },
      },
      t('whatif.sweep.summary'),
    );
  } catch (error) {
    if (mine !== sweepToken) return;
    replace(container, problemBox(error));
  }
}

