// Names and texts of the figures a scenario answer lists by path ("metrics.cost_per_job_krw",
// "impacts.regional.jobs.in_region"), in the reader's language. Amounts the plan states and
// the metrics of the claims are the API's display strings; model figures follow the
// server's rule for figures that are not exact (format.js `won`); nothing is recomputed.

import { count, number, share, won } from './format.js';
import { has, pick, t } from './i18n.js';

const MONEY_PARTS = new Set(['output', 'value_added', 'imports', 'income', 'product_taxes']);
const SPLIT_MONEY = new Set(['production', 'value_added']);
const PERSONS = new Set(['jobs', 'job_years_per_year', 'lasting_jobs']);

/** What kind of number a path holds: 'money', 'persons', 'share' or 'number'. */
export function figureKind(path, side = null) {
  const parts = path.split('.');
  const last = parts[parts.length - 1];
  if (parts[0] === 'metrics') {
    const unit = side?.metrics?.[parts[1]]?.unit ?? '';
    if (/^KRW\/(?!KRW)/.test(unit)) return 'money';
    return 'number';
  }
  if (parts[0] === 'plan') {
    if (last === 'jobs' || last === 'startups' || last === 'projects') return 'persons';
    return 'money';
  }
  if (last.endsWith('share')) return 'share';
  if (parts[1] === 'regional') return SPLIT_MONEY.has(parts[2]) ? 'money' : parts[2] === 'jobs' ? 'persons' : 'number';
  if (parts[1] === 'annual' && ['start', 'end', 'years'].includes(last)) return 'year';
  if (parts[1] === 'annual') return last.endsWith('_krw') && last !== 'jobs_per_billion_krw' ? 'money' : PERSONS.has(last) ? 'persons' : 'number';
  if (MONEY_PARTS.has(parts[1]) || last === 'demand_krw' || last === 'purchases_krw') return 'money';
  if (PERSONS.has(last)) return 'persons';
  return 'number';
}

/** A figure of a scenario side in the reader's language. */
export function figureText(path, value, side = null) {
  if (value === null || value === undefined) return '—';
  const parts = path.split('.');
  if (parts[0] === 'metrics') {
    const display = side?.metrics?.[parts[1]]?.display;
    if (display) return pick(display);
  }
  if (parts[0] === 'plan') {
    const display = side?.display?.[parts.slice(1).join('.')];
    if (display) return pick(display);
  }
  switch (figureKind(path, side)) {
    case 'money':
      return won(value);
    case 'persons':
      return count(value);
    case 'share':
      return share(value);
    case 'year':
      return String(value);
    default:
      return number(value, 4);
  }
}

/** The name of a figure: the claim's or metric's own label, or the page's string for the path. */
export function figureLabel(path, side = null) {
  const parts = path.split('.');
  if (parts[0] === 'plan') return has(`claim.${parts.slice(1).join('.')}`) ? t(`claim.${parts.slice(1).join('.')}`) : path;
  if (parts[0] === 'metrics') return pick(side?.metrics?.[parts[1]]?.description) || path;
  const key = `fig.${parts.slice(1).join('.')}`;
  if (has(key)) return t(key);
  // impacts.<measure>.<part> and impacts.regional.<measure>.<part>; the split's total is the
  // national figure again, named as the sum of its two parts so the two rows differ
  const regional = parts[1] === 'regional';
  const words = parts
    .slice(1)
    .filter((p) => p !== 'regional')
    .map((p) => (regional && p === 'total' ? 'regional_total' : p))
    .map((p) => (has(`fig.${p}`) ? t(`fig.${p}`) : p));
  return words.join(' · ');
}
