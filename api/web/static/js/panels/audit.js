// Audit: each claim against the model's point estimate, its range over sectors, the
// Type II ceiling and BOK's published average (GET /v1/plans/{id}/audit for a saved plan,
// POST /v1/audit for a pasted one). Optimistic and implausible claims are drawn in red.
// The "Where it lands" panel reads the same answer (the same request, cached).

import { api } from '../api.js';
import { COLORS, chartsAvailable, intervalChart } from '../charts.js';
import { chartBox, section } from '../common.js';
import { h, replace } from '../dom.js';
import { number, share, won } from '../format.js';
import { has, pick, t, term } from '../i18n.js';
import { tableBlock } from '../export.js';

const HIGH = new Set(['optimistic', 'implausible']);

/**
 * The checks of an audit report ({verdict, checks: [{code, title, claimed, model, range,
 * published, status, explanation, unit}], ...}) that can be drawn on a number line: a
 * claim with the model's figure or its range over sectors. Values are per won spent (jobs:
 * per ₩1bn); each figure's `display` is its total for the plan, as the API formats it.
 */
export function auditRows(report) {
  return (report.checks ?? [])
    .filter((c) => c.claimed && (c.model || c.range))
    .map((c) => ({
      key: c.code,
      label: c.title,
      unit: c.unit,
      status: c.status,
      statusLabel: c.status_label ?? null,
      explanation: c.explanation,
      claimed: c.claimed,
      point: c.model,
      low: c.range?.min ?? null,
      high: c.range?.max ?? null,
      ceiling: c.range?.ceiling ?? null,
      bandLow: c.band?.low ?? null,
      bandHigh: c.band?.high ?? null,
      bok: c.published ? { per_unit: c.published.value, display: c.published.implied?.display } : null,
    }));
}

/** Checks shown as text only (arithmetic, the value-added identity, the regional share). */
function textChecks(report) {
  return (report.checks ?? []).filter((c) => !(c.claimed && (c.model || c.range)));
}

const digitsOf = (row) => (row.key.includes('jobs') ? 1 : 3);

/** "1.703 (₩290.1B)": the figure per unit spent, and the API's display of its total. */
function shown(row, key) {
  const figure = row[key];
  if (!figure) return '—';
  const total = figure.display ? ` (${pick(figure.display)})` : '';
  return `${number(figure.per_unit, digitsOf(row))}${total}`;
}

const perUnit = (figure) => (figure ? figure.per_unit : null);

/**
 * A status in words: the page's label, or the API's own (`label` {en, ko}) for a status
 * the page does not know yet (the audit may add some), or the code itself, readably.
 */
export function statusText(status, label = null) {
  if (has(`status.${status}`)) return t(`status.${status}`);
  return pick(label) || String(status).replaceAll('_', ' ');
}

export function statusBadge(status, label = null) {
  if (!status) return null;
  const kind = HIGH.has(status) ? 'error' : status === 'consistent' ? 'good' : 'info';
  return h('span', { class: `badge badge-${kind}`, dataset: { status }, text: statusText(status, label) });
}

/** Where a saved plan's audit can be read as JSON (a link one can share), or null. */
export function auditLink(ctx) {
  const { source } = ctx.state;
  return source.kind === 'saved' ? `/v1/plans/${encodeURIComponent(source.id)}/audit` : null;
}

/** The plan's audit: the saved plan's shareable GET, or POST /v1/audit of the pasted plan. */
export function loadAudit(ctx) {
  const link = auditLink(ctx);
  return link ? api('GET', link) : api('POST', '/v1/audit', { plan: ctx.planRef() });
}

export const load = loadAudit;

// the model's point: for the plan's spending, or (no allocation) for an average public budget
const pointKey = (basis) => (basis === 'absent' ? 'audit.point.public' : 'audit.point');

function legend(basis) {
  const item = (cls, key) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return h('ul', { class: 'legend', 'aria-label': t('audit.legend') }, [
    item('swatch-claim-good', 'audit.claimed.ok'),
    item('swatch-claim', 'audit.claimed.high'),
    item('swatch-model', pointKey(basis)),
    item('swatch-range', 'audit.range'),
    item('swatch-band', 'audit.band'),
    item('swatch-bok', 'audit.bok'),
    item('swatch-ceiling', 'audit.ceiling'),
  ]);
}

function drawRow(area, row, basis) {
  const marker = (key, style, color, radius = 8) => ({
    label: key === 'point' ? t(pointKey(basis)) : t(`audit.${key}`),
    x: perUnit(row[key]),
    style,
    color,
    radius,
    shown: shown(row, key),
  });
  intervalChart(area, {
    range: {
      low: perUnit(row.low),
      high: perUnit(row.high),
      label: t('audit.range'),
      shown: `${shown(row, 'low')} – ${shown(row, 'high')}`,
    },
    band: {
      low: perUnit(row.bandLow),
      high: perUnit(row.bandHigh),
      label: t('audit.band'),
      shown: `${shown(row, 'bandLow')} – ${shown(row, 'bandHigh')}`,
    },
    markers: [
      marker('claimed', 'circle', HIGH.has(row.status) ? COLORS.claim : COLORS.good, 9),
      marker('point', 'rectRot', COLORS.model),
      marker('bok', 'triangle', COLORS.bok),
      marker('ceiling', 'line', COLORS.claim, 12),
    ],
    summary: t('audit.summary', {
      claim: pick(row.label),
      claimed: shown(row, 'claimed'),
      point: shown(row, 'point'),
      low: shown(row, 'low'),
      high: shown(row, 'high'),
      bandLow: shown(row, 'bandLow'),
      bandHigh: shown(row, 'bandHigh'),
      bok: shown(row, 'bok'),
    }),
  });
}

function table(report, rows) {
  const sector = (figure) => (figure?.code ? `${figure.code} ${pick({ en: figure.name_en, ko: figure.name_ko })}` : '');
  const between = (row, low, high) => `${number(perUnit(row[low]), digitsOf(row))} – ${number(perUnit(row[high]), digitsOf(row))}`;
  return tableBlock({
    name: 'audit',
    columns: [
      { key: 'claim', label: t('col.claim') },
      { key: 'claimed', label: t('audit.claimed'), numeric: true },
      { key: 'point', label: t(pointKey(report.allocation?.basis)), numeric: true },
      { key: 'band', label: t('audit.band'), numeric: true },
      { key: 'range', label: t('audit.range'), numeric: true },
      { key: 'bok', label: t('audit.bok'), numeric: true },
      { key: 'ceiling', label: t('audit.ceiling'), numeric: true },
      { key: 'status', label: t('col.status') },
      ...['code', 'unit', 'claimed_per_unit', 'model_per_unit', 'band_low_per_unit', 'band_high_per_unit', 'min_per_unit', 'min_sector', 'max_per_unit', 'max_sector', 'bok_average', 'ceiling_per_unit'].map((key) => ({ key, label: key, show: false })),
    ],
    rows: rows.map((row) => ({
      claim: pick(row.label),
      claimed: shown(row, 'claimed'),
      point: shown(row, 'point'),
      band: row.bandLow ? between(row, 'bandLow', 'bandHigh') : '—',
      range: between(row, 'low', 'high'),
      bok: number(perUnit(row.bok), digitsOf(row)),
      ceiling: number(perUnit(row.ceiling), digitsOf(row)),
      status: row.status ? statusText(row.status, row.statusLabel) : '',
      code: row.key,
      unit: row.unit,
      claimed_per_unit: perUnit(row.claimed),
      model_per_unit: perUnit(row.point),
      band_low_per_unit: perUnit(row.bandLow),
      band_high_per_unit: perUnit(row.bandHigh),
      min_per_unit: perUnit(row.low),
      min_sector: sector(row.low),
      max_per_unit: perUnit(row.high),
      max_sector: sector(row.high),
      bok_average: perUnit(row.bok),
      ceiling_per_unit: perUnit(row.ceiling),
    })),
    raw: report,
  });
}

/**
 * The won a sector gets: exact (the API's display) when the plan states amounts; when it
 * states shares, the amount is share × investment and is written like the model's figures
 * (4 significant digits), so that "454억 4,001만 224원" never stands next to "3,386억원".
 */
export function allocatedText(plan, sector) {
  if (plan?.allocation?.amounts && sector.display) return pick(sector.display);
  return won(sector.amount);
}

/** The allocation the model figures are for: its sectors with the API's amounts. */
function allocationBlock(allocation, plan) {
  if (!allocation?.sectors?.length) return null;
  return section(
    'audit.allocation',
    h('p', { class: 'lead', text: t(`audit.allocation.${allocation.basis}`) }),
    tableBlock({
      name: 'allocation',
      columns: [
        { key: 'sector', label: t('col.sector') },
        { key: 'share', label: t('col.share'), numeric: true },
        { key: 'amount', label: t('col.amount'), numeric: true },
        ...['code', 'name_ko', 'name_en', 'share_value', 'amount_krw'].map((key) => ({ key, label: key, show: false })),
      ],
      rows: allocation.sectors.map((s) => ({
        sector: `${pick({ en: s.name_en, ko: s.name_ko })} (${s.code})`,
        share: share(s.share),
        amount: allocatedText(plan, s),
        code: s.code,
        name_ko: s.name_ko,
        name_en: s.name_en,
        share_value: s.share,
        amount_krw: s.amount,
      })),
      raw: allocation,
    }),
    allocation.notes
      ? h('details', { class: 'notes' }, h('summary', { text: t('audit.allocation.notes') }), h('p', { text: allocation.notes }))
      : null,
  );
}

export function draw(ctx, body, report) {
  const rows = auditRows(report);
  const blocks = rows.map((row) => {
    const { box, area } = chartBox({ title: pick(row.label), note: term('unit', row.unit, row.unit), size: 'sm', id: `audit-${row.key}` });
    box.querySelector('figcaption').append(statusBadge(row.status, row.statusLabel) ?? '');
    box.append(h('p', { class: 'chart-message', text: pick(row.explanation) }));
    return { row, box, area };
  });
  const verdict = report.verdict ?? {};
  const basis = report.allocation?.basis;
  const link = auditLink(ctx);
  replace(
    body,
    section(
      'audit.title',
      h(
        'div',
        { class: `verdict-box verdict-${verdict.status ?? 'none'}` },
        h('p', { class: 'verdict' }, t('audit.verdict'), ' ', statusBadge(verdict.status, verdict.status_label) ?? t('audit.no_verdict')),
        h('p', { text: pick(verdict) }),
      ),
      basis === 'assumed' || basis === 'absent' ? h('p', { class: 'note small', dataset: { allocation: basis }, text: t(`audit.${basis}`) }) : null,
      blocks.length ? legend(basis) : null,
      h('div', { class: 'audit-rows' }, blocks.map((b) => b.box)),
      h(
        'ul',
        { class: 'flags audit-text' },
        textChecks(report).map((c) =>
          h(
            'li',
            { class: `flag flag-${HIGH.has(c.status) ? 'error' : 'info'}`, dataset: { check: c.code } },
            statusBadge(c.status, c.status_label) ?? h('span', { class: 'badge badge-info', text: t('severity.info') }),
            h('span', { class: 'flag-text' }, h('strong', { text: `${pick(c.title)}: ` }), pick(c.explanation)),
          ),
        ),
      ),
    ),
    allocationBlock(report.allocation, ctx.state.report.plan),
    report.caveats?.length
      ? section('audit.caveats', h('ul', { class: 'caveats' }, report.caveats.map((c) => h('li', { text: pick(c) }))))
      : null,
    section(
      'audit.table',
      rows.length ? table(report, rows) : null,
      link ? h('p', { class: 'muted small' }, `${t('audit.link')} `, h('a', { href: link, text: link })) : null,
    ),
  );
  if (!chartsAvailable()) return;
  for (const { row, area } of blocks) drawRow(area, row, basis);
}
