// Audit: each claim against the model's point estimate, its range over sectors, the
// Type II ceiling and BOK's published average (POST /v1/audit). Optimistic and
// implausible claims are drawn in red.

import { api, need } from '../api.js';
import { COLORS, chartsAvailable, intervalChart } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { number } from '../format.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';

const HIGH = new Set(['optimistic', 'implausible']);
const value = (v) => (v !== null && typeof v === 'object' ? (v.value ?? null) : (v ?? null));

/**
 * The audit's claims as rows. The answer is read loosely (a list under `claims`, or an
 * object keyed by claim) so that the panel keeps working while the endpoint settles.
 */
export function auditRows(data) {
  const list = data.claims ?? data.checks ?? data.items ?? [];
  const entries = Array.isArray(list) ? list : Object.entries(list).map(([key, v]) => ({ key, ...v }));
  return entries.map((e) => ({
    key: e.key ?? e.claim ?? e.name ?? e.metric,
    label: e.label ?? e.description ?? e.title ?? e.key ?? e.claim,
    unit: e.unit ?? '',
    claimed: value(e.claimed ?? e.claim_value),
    point: value(e.point ?? e.model),
    low: value(e.low ?? e.range?.low ?? e.range?.min),
    high: value(e.high ?? e.range?.high ?? e.range?.max),
    ceiling: value(e.ceiling),
    bok: value(e.bok_average ?? e.bok ?? e.published),
    status: e.status ?? null,
    statusLabel: e.status_label ?? null,
    message: e.message ?? e.explanation ?? e.reason ?? null,
    display: e.display ?? {},
  }));
}

function shown(row, key, digits) {
  const display = row.display?.[key];
  return display ? pick(display) : number(row[key], digits);
}

function statusBadge(row) {
  if (!row.status) return null;
  const kind = HIGH.has(row.status) ? 'error' : row.status === 'consistent' ? 'good' : 'info';
  return h('span', { class: `badge badge-${kind}`, dataset: { status: row.status }, text: row.statusLabel ? pick(row.statusLabel) : t(`status.${row.status}`) });
}

export async function load(ctx) {
  need('POST', '/v1/audit');
  return api('POST', '/v1/audit', { plan: ctx.planRef() });
}

function legend() {
  const item = (cls, key) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return h('ul', { class: 'legend', 'aria-label': t('audit.legend') }, [
    item('swatch-claim', 'audit.claimed'),
    item('swatch-model', 'audit.point'),
    item('swatch-range', 'audit.range'),
    item('swatch-bok', 'audit.bok'),
    item('swatch-ceiling', 'audit.ceiling'),
  ]);
}

function drawRow(area, row) {
  const digits = row.key?.includes('jobs') ? 1 : 2;
  const marker = (key, style, color, radius = 8) => ({
    label: t(`audit.${key}`),
    x: row[key],
    style,
    color,
    radius,
    shown: shown(row, key, digits),
  });
  intervalChart(area, {
    range: {
      low: row.low,
      high: row.high,
      label: t('audit.range'),
      shown: `${shown(row, 'low', digits)} – ${shown(row, 'high', digits)}`,
    },
    markers: [
      marker('claimed', 'circle', HIGH.has(row.status) ? COLORS.claim : COLORS.good, 9),
      marker('point', 'rectRot', COLORS.model),
      marker('bok', 'triangle', COLORS.bok),
      marker('ceiling', 'line', COLORS.claim, 12),
    ],
    summary: t('audit.summary', {
      claim: pick(row.label),
      claimed: shown(row, 'claimed', digits),
      point: shown(row, 'point', digits),
      low: shown(row, 'low', digits),
      high: shown(row, 'high', digits),
      bok: shown(row, 'bok', digits),
    }),
  });
}

function table(data, rows) {
  return tableBlock({
    name: 'audit',
    columns: [
      { key: 'claim', label: t('col.claim') },
      { key: 'claimed', label: t('audit.claimed'), numeric: true },
      { key: 'point', label: t('audit.point'), numeric: true },
      { key: 'range', label: t('audit.range'), numeric: true },
      { key: 'bok', label: t('audit.bok'), numeric: true },
      { key: 'ceiling', label: t('audit.ceiling'), numeric: true },
      { key: 'status', label: t('col.status') },
      ...['key', 'claimed_value', 'point_value', 'low', 'high', 'bok_value', 'ceiling_value'].map((key) => ({ key, label: key, show: false })),
    ],
    rows: rows.map((row) => {
      const digits = row.key?.includes('jobs') ? 1 : 2;
      return {
        claim: pick(row.label),
        claimed: shown(row, 'claimed', digits),
        point: shown(row, 'point', digits),
        range: `${shown(row, 'low', digits)} – ${shown(row, 'high', digits)}`,
        bok: shown(row, 'bok', digits),
        ceiling: shown(row, 'ceiling', digits),
        status: row.status ? (row.statusLabel ? pick(row.statusLabel) : t(`status.${row.status}`)) : '',
        key: row.key,
        claimed_value: row.claimed,
        point_value: row.point,
        low: row.low,
        high: row.high,
        bok_value: row.bok,
        ceiling_value: row.ceiling,
      };
    }),
    raw: data,
  });
}

export function draw(ctx, body, data) {
  const rows = auditRows(data);
  const optimistic = rows.filter((row) => HIGH.has(row.status)).length;
  const blocks = rows.map((row) => {
    const { box, area } = chartBox({ title: pick(row.label), size: 'sm', id: `audit-${row.key}` });
    box.querySelector('figcaption').append(statusBadge(row) ?? '');
    if (row.message) box.append(h('p', { class: 'chart-message', text: pick(row.message) }));
    return { row, box, area };
  });
  replace(
    body,
    section(
      'audit.title',
      h('p', { class: 'lead', text: t(optimistic ? 'audit.lead.some' : 'audit.lead.none', { n: optimistic }) }),
      data.allocation_basis === 'assumed' || ctx.state.report.plan.allocation?.basis === 'assumed'
        ? h('p', { class: 'note small', text: t('audit.assumed') })
        : null,
      legend(),
      h('div', { class: 'audit-rows' }, blocks.map((b) => b.box)),
    ),
    section('audit.table', table(data, rows)),
  );
  if (!chartsAvailable()) return;
  for (const { row, area } of blocks) drawRow(area, row);
}
