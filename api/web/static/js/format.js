// Formatting for the few numbers the API sends without display strings (model effects of
// what-ifs and sweeps, ratios of the audit). Money the API displays is never formatted
// here: pages show `display.en` / `display.ko` whenever the answer has one.

import { getLang } from './i18n.js';

const locale = () => (getLang() === 'ko' ? 'ko-KR' : 'en-US');

/** A plain number with at most `digits` decimals, in the reader's convention. */
export function number(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

/** A won amount without an API display string, compact: ₩290.1B / 2,901억원. */
export function won(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value === 0) return getLang() === 'ko' ? '0원' : '₩0';
  if (getLang() === 'ko') {
    const eok = value / 1e8;
    if (Math.abs(eok) >= 10000) return `${number(eok / 10000, 2)}조원`;
    if (Math.abs(eok) >= 1) return `${number(eok, 0)}억원`;
    return `${number(value / 1e4, 0)}만원`;
  }
  return `₩${new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value)}`;
}

/** A percentage change from the API's `percent` (already ×100). */
export function percent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${number(Math.abs(value), 1)}%`;
}

/** A share of 1 (an API `share` or `in_region_share`) as a percentage: 0.2667 → 26.7%. */
export function share(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: digits }).format(value);
}
