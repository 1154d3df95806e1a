// The uncertainty band of the what-if (POST /v1/uncertainty): the request (asked once per
// plan and settings, and followed to its job when the service answers 202) and its drawing:
// the 5th–95th percentile of output, value added and jobs against the claim.

import { ApiError, api } from '../api.js';
import { COLORS, chartsAvailable, intervalChart } from '../charts.js';
import { chartBox } from '../common.js';
import { h, replace } from '../dom.js';
import { count, number, won } from '../format.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';

export const UNCERTAINTY = { draws: 2000, seed: 2024, coefficient_cv: 0.1 };
const answers = new Map(); // answers already settled, by request

const RUNNING = new Set(['queued', 'running']);

/**
 * A request that became a job (202: {id, status, location}) is polled at its location
 * (GET /v1/jobs/{id}) until it succeeds (its `result` is the synchronous answer) or
 * fails (its `error` is the problem the request would have answered).
 */
export async function settle(data) {
  if (!(data && data.id && data.location && RUNNING.has(data.status))) return data;
  let job = data;
  for (let polls = 0; RUNNING.has(job.status); polls += 1) {
    if (polls > 300) throw new ApiError(504, { title: t('problem.title'), detail: `${data.location}: ${job.status}` });
    await new Promise((resolve) => setTimeout(resolve, 400));
    job = await api('GET', data.location, undefined, { cached: false });
  }
  if (job.status === 'failed') throw new ApiError(job.error?.status ?? 500, job.error, `GET ${data.location}`);
  return job.result;
}

const BANDS = [
  ['output', 'whatif.band.output', won],
  ['value_added', 'whatif.band.value_added', won],
  ['jobs', 'whatif.band.jobs', (v) => count(v)],
];

function bandLegend() {
  const item = (cls, key) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return h('ul', { class: 'legend', 'aria-label': t('audit.legend') }, [
    item('swatch-range', 'whatif.band'),
    item('swatch-model', 'whatif.median'),
    item('swatch-claim', 'audit.claimed'),
  ]);
}

/** The uncertainty answer for a plan and its adjustments (asked once per plan and settings). */
export function uncertainty(plan, adjustments) {
  const body = { plan, adjustments, ...UNCERTAINTY };
  const key = JSON.stringify(body);
  if (!answers.has(key)) {
    const pending = api('POST', '/v1/uncertainty', body).then(settle);
    answers.set(key, pending);
    pending.catch(() => answers.delete(key));
  }
  return answers.get(key);
}

const shareText = (v) => `${number(v * 100, 0)}%`;

/**
 * What was drawn, from the answer's own `sources` (those that moved a figure), and which of
 * them makes most of the jobs' spread (its share of their variance).
 */
function lead(data) {
  const moved = (data.sources ?? []).filter((s) => Object.values(s.variance_share ?? {}).some((v) => v > 1e-9));
  const said = (s) => pick({ en: s.description_en, ko: s.description_ko });
  const name = (s) => (s.source === 'coefficients' ? `${said(s)} ±${shareText(data.coefficient_cv)}` : said(s));
  const jobs = (s) => s.variance_share?.jobs ?? 0;
  const main = moved.reduce((a, b) => (jobs(b) > jobs(a) ? b : a), moved[0]);
  return t('whatif.uncertainty.lead', {
    draws: number(data.draws, 0),
    sources: moved.map(name).join('; '),
    share: main ? shareText(jobs(main)) : '—',
    main: main ? said(main) : '—',
  });
}

/** Draw an uncertainty answer in `container`: the lead, the legend, a band per figure, the table. */
export function drawBands(container, data) {
  const boxes = BANDS.filter(([key]) => data[key]).map(([key, labelKey, fmt]) => ({ key, fmt, labelKey, ...chartBox({ title: t(labelKey), size: 'sm', id: `band-${key}` }) }));
  replace(
    container,
    h('p', { class: 'lead', text: lead(data) }),
    bandLegend(),
    h('div', { class: 'audit-rows' }, boxes.map((b) => b.box)),
    tableBlock({
      name: 'uncertainty',
      columns: [
        { key: 'figure', label: t('col.figure') },
        { key: 'p5', label: t('whatif.p5'), numeric: true },
        { key: 'median', label: t('whatif.median'), numeric: true },
        { key: 'p95', label: t('whatif.p95'), numeric: true },
        { key: 'claimed', label: t('audit.claimed'), numeric: true },
        { key: 'chance', label: t('whatif.chance'), numeric: true },
      ],
      rows: boxes.map(({ key, fmt, labelKey }) => {
        const band = data[key];
        return {
          figure: t(labelKey),
          p5: fmt(band.p5),
          median: fmt(band.median),
          p95: fmt(band.p95),
          claimed: band.claimed === null ? '—' : fmt(band.claimed),
          chance: band.probability_claim_reached === null ? '—' : shareText(band.probability_claim_reached),
        };
      }),
      raw: data,
    }),
  );
  if (!chartsAvailable()) return;
  for (const { key, fmt, area, labelKey } of boxes) {
    const band = data[key];
    intervalChart(area, {
      range: { low: band.p5, high: band.p95, label: t('whatif.band'), shown: `${fmt(band.p5)} – ${fmt(band.p95)}` },
      markers: [
        { label: t('whatif.median'), x: band.median, style: 'rectRot', color: COLORS.model, shown: fmt(band.median) },
        { label: t('audit.claimed'), x: band.claimed, style: 'circle', color: COLORS.claim, radius: 9, shown: band.claimed === null ? '' : fmt(band.claimed) },
      ],
      summary: t('whatif.band.summary', { figure: t(labelKey), low: fmt(band.p5), high: fmt(band.p95), claimed: band.claimed === null ? '—' : fmt(band.claimed) }),
      format: key === 'jobs' ? null : (v) => won(v),
      zero: false,
    });
  }}
