// Claims & metrics: what the plan claims, what the claims imply (cards), the flags.

import { h, replace } from '../dom.js';
import { pick, t, term } from '../i18n.js';
import { card, section } from '../common.js';
import { tableBlock } from '../export.js';

const CLAIMS = [
  'investment',
  'claims.production_inducement',
  'claims.value_added_inducement',
  'claims.total_effect',
  'claims.jobs',
  'claims.startups',
];
const HERO = ['cost_per_job_krw', 'jobs_per_billion_krw', 'production_multiplier', 'value_added_ratio'];

function betterText(better) {
  // Only a direction the API states: claimed multipliers are 'neither' (a higher claim is not a better plan).
  return better === 'lower' || better === 'higher' ? t(`better.${better}`) : '';
}

export function metricsTable(report, name = 'metrics') {
  const rows = Object.entries(report.metrics).map(([key, m]) => ({
    metric: pick(m.description),
    value: m.display ? pick(m.display) : `— (${pick(m.reason)})`,
    value_exact: m.value,
    unit: term('unit', m.unit, m.unit),
    formula: term('formula', key, m.formula),
    better: m.better,
    code: key,
  }));
  return tableBlock({
    name,
    columns: [
      { key: 'metric', label: t('col.metric') },
      { key: 'value', label: t('col.value'), numeric: true },
      { key: 'formula', label: t('col.formula') },
      { key: 'unit', label: t('col.unit') },
      { key: 'value_exact', label: 'value', show: false },
      { key: 'better', label: 'better', show: false },
      { key: 'code', label: 'code', show: false },
    ],
    rows,
    raw: report,
  });
}

function flagList(flags) {
  if (!flags.length) return h('p', { class: 'muted', text: t('flags.none') });
  return h(
    'ul',
    { class: 'flags' },
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

export function draw(ctx, body) {
  const { report } = ctx.state;
  const claimCards = CLAIMS.filter((key) => report.display[key]).map((key) =>
    card({ label: t(`claim.${key}`), shown: pick(report.display[key]), id: key }),
  );
  const metric = (key, emphasis) => {
    const m = report.metrics[key];
    return card({
      id: key,
      label: pick(m.description),
      shown: m.display ? pick(m.display) : null,
      reason: m.reason,
      foot: [term('formula', key, m.formula), betterText(m.better)].filter(Boolean).join(' · '),
      emphasis,
    });
  };
  const others = Object.keys(report.metrics).filter((key) => !HERO.includes(key));
  const severe = report.flags.filter((f) => f.severity !== 'info').length;
  replace(
    body,
    section('overview.claims', h('div', { class: 'cards cards-claims' }, claimCards)),
    section(
      'overview.implied',
      h('p', { class: 'lead', text: t('overview.implied.lead') }),
      h('div', { class: 'cards cards-hero' }, HERO.map((key) => metric(key, true))),
      h('div', { class: 'cards cards-small' }, others.map((key) => metric(key, false))),
    ),
    section(
      'overview.flags',
      h('p', { class: 'lead', text: severe ? t('flags.lead.some', { n: severe }) : t('flags.lead.none') }),
      flagList(report.flags),
    ),
    section('overview.table', metricsTable(report)),
  );
}
