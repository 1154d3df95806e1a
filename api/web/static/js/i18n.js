// All UI strings live in /static/strings.json: {key: {en, ko}}, both languages side by side.
// Figures from the API are never formatted here: they carry `display.en` / `display.ko`.

const STORAGE_KEY = 'impact.lang';
export const LANGS = ['en', 'ko'];

let strings = {};
let lang = 'en';

export async function loadStrings() {
  const response = await fetch('/static/strings.json');
  strings = await response.json();
}

/** The language asked for by ?lang=, then the last choice, then the browser. */
export function initialLang() {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (LANGS.includes(asked)) return asked;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    // storage may be disabled; fall through to the browser's language
  }
  return (navigator.language || '').toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function getLang() {
  return lang;
}

export function setLang(next) {
  lang = LANGS.includes(next) ? next : 'en';
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered; harmless
  }
  applyStatic(document);
}

/** The UI string `key` in the current language, with {name} placeholders filled in. */
export function t(key, vars = null) {
  const text = strings[key]?.[lang] ?? strings[key]?.en ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** Whether the page has a string `key`. */
export function has(key) {
  return Boolean(strings[key]);
}

/**
 * An English term the API states (a unit, a formula) in the reader's language: the page's
 * string `kind.key` when reading Korean and the page has one, otherwise the API's text.
 */
export function term(kind, key, english) {
  const name = `${kind}.${key}`;
  return lang !== 'en' && strings[name] ? t(name) : english;
}

/** The current language's text of an API `{en, ko}` object (English as fallback). */
export function pick(bilingual) {
  if (bilingual === null || bilingual === undefined) return '';
  if (typeof bilingual === 'string') return bilingual;
  return bilingual[lang] ?? bilingual.en ?? '';
}

/** Fill `data-i18n` (text) and `data-i18n-attr` ("attr:key;attr:key") in `root`. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
  document.title = t('doc.title');
  const toggle = document.getElementById('lang-toggle');
  if (toggle) toggle.lang = lang === 'en' ? 'ko' : 'en';
}
