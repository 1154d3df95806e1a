// Formatting for the few numbers the API sends without display strings (model effects of
// what-ifs and sweeps, the regional split, ratios of the audit). Money the API displays is
// never formatted here: pages show `display.en` / `display.ko` whenever the answer has one.
//
// Where the page must write won itself it follows the server's one rule, ported here once
// (impact/money.py `format_krw`, impact/audit/wording.py `significant`): model figures are
// rounded to 4 significant digits, then written exactly — Korean by 조/억/만 groups
// ("2,822억원", "395억 1,000만원"), English with 4 significant digits of T/B/M/K ("₩282.2B",
// "₩1.95T"), rounded half-to-even like Python. tests/e2e/test_format.py checks it against the server.

import { getLang } from './i18n.js';

const locale = () => (getLang() === 'ko' ? 'ko-KR' : 'en-US');
const missing = (value) => value === null || value === undefined || typeof value !== 'number' || !Number.isFinite(value);

// ---------------------------------------------------------------- exact rounding

/** The exact value of a finite double as `num / den` (BigInts, den a power of two). */
function exactFraction(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075; // x = mantissa · 2^power
  if (power >= 0) return { num: sign * (mantissa << BigInt(power)), den: 1n };
  return { num: sign * mantissa, den: 1n << BigInt(-power) };
}

/** `num / den` rounded half-to-even (Python's `round` of a Fraction); den > 0. */
function divHalfEven(num, den) {
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = 2n * (n % den);
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/**
 * `x · 10^decimals` rounded half-to-even on the exact value of the double, as Python's
 * `round(x, n)` and `f"{x:.nf}"` do; a BigInt.
 */
export function scaledHalfEven(x, decimals = 0) {
  const { num, den } = exactFraction(x);
  return divHalfEven(num * 10n ** BigInt(decimals), den);
}

/** A whole number of won as a BigInt: integers as they are, other numbers rounded half-to-even. */
function wholeWon(amount) {
  if (typeof amount === 'bigint') return amount;
  return Number.isInteger(amount) && Math.abs(amount) <= Number.MAX_SAFE_INTEGER
    ? BigInt(amount)
    : scaledHalfEven(amount, 0);
}

const grouped = (n) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

// ---------------------------------------------------------------- the server's money rule

/** `amount` rounded to `digits` significant digits, ties away from zero (wording.significant). */
export function significant(amount, digits = 4) {
  const value = wholeWon(amount);
  const abs = value < 0n ? -value : value;
  const size = abs.toString().length;
  if (size <= digits) return value;
  const step = 10n ** BigInt(size - digits);
  const whole = abs / step;
  const rest = abs % step;
  const rounded = (whole + (2n * rest >= step ? 1n : 0n)) * step;
  return value < 0n ? -rounded : rounded;
}

const EN_UNITS = [
  [10n ** 12n, 'T'],
  [10n ** 9n, 'B'],
  [10n ** 6n, 'M'],
  [10n ** 3n, 'K'],
];

function formatKo(amount) {
  const jo = amount / 10n ** 12n;
  const eok = (amount % 10n ** 12n) / 10n ** 8n;
  const man = (amount % 10n ** 8n) / 10n ** 4n;
  const won = amount % 10n ** 4n;
  const parts = [
    [jo, '조'],
    [eok, '억'],
    [man, '만'],
    [won, ''],
  ]
    .filter(([value]) => value > 0n)
    .map(([value, unit]) => `${grouped(value)}${unit}`);
  return `${parts.length ? parts.join(' ') : '0'}원`;
}

function fixedPoint(scaled, digits) {
  const size = 10n ** BigInt(digits);
  const whole = scaled / size;
  const decimals = digits ? (scaled % size).toString().padStart(digits, '0').replace(/0+$/, '') : '';
  return decimals ? `${grouped(whole)}.${decimals}` : grouped(whole);
}

/** The decimals 4 significant digits need for `units` whole units (none from 1,000 up). */
const decimalsFor = (units) => (units < 10n ? 3 : units < 100n ? 2 : units < 1000n ? 1 : 0);

function formatEn(amount) {
  let k = EN_UNITS.findIndex(([size]) => amount >= size);
  if (k < 0) return `₩${grouped(amount)}`;
  for (;;) {
    const [size, suffix] = EN_UNITS[k];
    const digits = decimalsFor(amount / size);
    const factor = 10n ** BigInt(digits);
    const scaled = divHalfEven(amount * factor, size);
    // 999.95K rounds to 1,000.0K: say 1M
    if (scaled < 1000n * factor || k === 0) return `₩${fixedPoint(scaled, digits)}${suffix}`;
    k -= 1;
  }
}

/**
 * impact.money.format_krw: an exact whole-won amount in Korean (조/억/만 groups, 원) or
 * English (₩ and T/B/M/K with 4 significant digits, half-to-even). Negative: a leading "-".
 */
export function formatKrw(amount, lang = getLang()) {
  const value = wholeWon(amount);
  const abs = value < 0n ? -value : value;
  const body = lang === 'ko' ? formatKo(abs) : formatEn(abs);
  return value < 0n ? `-${body}` : body;
}

/**
 * A model figure in won (not exact), as the API writes them (impact.report.model_krw): 4
 * significant digits in both languages — 2,822억원 / ₩282.2B, 395억 1,000만원 / ₩39.51B.
 */
export function won(value, lang = getLang()) {
  if (missing(value)) return '—';
  return formatKrw(significant(value), lang);
}

/** A won amount shown exactly (a claim, a typed amount): format_krw of the whole won. */
export function wonExact(value, lang = getLang()) {
  if (missing(value)) return '—';
  return formatKrw(value, lang);
}

// ---------------------------------------------------------------- counts, ratios, shares

/** A plain number with at most `digits` decimals (half-to-even), in the reader's convention. */
export function number(value, digits = 2) {
  if (missing(value)) return '—';
  const scaled = scaledHalfEven(value, digits);
  const text = new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(
    Number(scaled) / 10 ** digits,
  );
  return text;
}

/** A head count of the model (persons, person-years): whole persons, half-to-even, grouped. */
export function count(value) {
  if (missing(value)) return '—';
  return grouped(scaledHalfEven(value, 0));
}

/** A percentage change from the API's `percent` (already ×100). */
export function percent(value) {
  if (missing(value)) return '';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${number(Math.abs(value), 1)}%`;
}

/**
 * A share of 1 (an API `share` or `in_region_share`) as the API's texts write it:
 * `f"{share * 100:.1f}%"` — 0.66187 → 66.2%.
 */
export function share(value, digits = 1) {
  if (missing(value)) return '—';
  const scaled = scaledHalfEven(value * 100, digits);
  const abs = scaled < 0n ? -scaled : scaled;
  const size = 10n ** BigInt(digits);
  const decimals = digits ? `.${(abs % size).toString().padStart(digits, '0')}` : '';
  return `${scaled < 0n ? '-' : ''}${grouped(abs / size)}${decimals}%`;
}

/** US dollars of a comparison (`usd`), compact in the reader's convention: $124.9M, US$1.2억. */
export function usd(value) {
  if (missing(value)) return '—';
  return new Intl.NumberFormat(locale(), {
    style: 'currency',
    currency: 'USD',
    notation: Math.abs(value) >= 1e6 ? 'compact' : 'standard',
    maximumFractionDigits: Math.abs(value) >= 1e6 ? 1 : 0,
  }).format(value);
}
