// The public API, and nothing else: every figure the page shows comes from here.

import { getLang, has, pick, t } from './i18n.js';

/**
 * A problem's text in the reader's language: in Korean the API's `detail_ko` when it has
 * one (every problem of the service does), else `detail` (a string, or `{en, ko}`).
 */
export function problemDetail(problem) {
  if (getLang() === 'ko' && problem?.detail_ko) return problem.detail_ko;
  return pick(problem?.detail ?? problem?.title);
}

/**
 * A problem's kind in the reader's language. The API titles problems in English only, so
 * in Korean the page's `problem.<code>` (the last part of `type`) names it, or else the
 * page's general title: never the English title in a Korean page.
 */
export function problemTitle(problem) {
  if (getLang() === 'en') return pick(problem?.title) || t('problem.title');
  const code = String(problem?.type ?? '').split(':').pop();
  return code && has(`problem.${code}`) ? t(`problem.${code}`) : t('problem.title');
}

/** "Title: detail" of a problem, for a one-line status; `fallback` when it has no detail. */
export function problemLine(problem, fallback = '') {
  return `${problemTitle(problem)}: ${problemDetail(problem) || fallback}`;
}

export class ApiError extends Error {
  constructor(status, problem, endpoint = '') {
    super(problemDetail(problem) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.endpoint = endpoint;
  }
}

const cache = new Map();

/**
 * Call the API; answers are cached by method, path and body (the same question asked
 * twice, e.g. after a language switch, is not sent again: answers carry both languages).
 * Problems become ApiError (and are never cached); the reader's language is sent as
 * Accept-Language, for a service that words its problems in Korean too.
 */
export async function api(method, path, body = undefined, { cached = true } = {}) {
  const key = `${method} ${path} ${body === undefined ? '' : JSON.stringify(body)}`;
  if (cached && cache.has(key)) return cache.get(key);
  const pending = send(method, path, body);
  if (cached) {
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

async function send(method, path, body) {
  const init = { method, headers: { accept: 'application/json', 'accept-language': getLang() === 'ko' ? 'ko, en;q=0.5' : 'en' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, { title: 'Network error', detail: String(error) }, `${method} ${path}`);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text.slice(0, 200) };
  }
  if (!response.ok) throw new ApiError(response.status, data, `${method} ${path.split('?')[0]}`);
  return data;
}

/** Forget cached answers (after a plan changes). */
export function clearCache() {
  cache.clear();
}
