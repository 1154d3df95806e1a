// What-if: sliders for the budget, the local share and a construction/software mix,
// answered live by POST /v1/scenarios (baseline, scenario and the change of every
// number); a sweep of the local share (POST /v1/sweeps) as lines; an uncertainty band
// (POST /v1/uncertainty) as intervals.
//
// The model needs the plan's spending by sector (`plan.allocation`): the service refuses
// a scenario of a plan without one (422 naming plan.allocation). For such a plan the page
// sends none of those requests; the budget slider then answers with POST /v1/metrics of
// the plan with the budget scaled (claims unchanged), and ticking the construction/software
// mix gives the plan an allocation (a `reallocate` adjustment), so the model can answer.

import { api } from '../api.js';
import { card, problemBox, section } from '../common.js';
import { h, replace, uid } from '../dom.js';
import { count, number, percent, won } from '../format.js';
import { figureLabel, figureText } from '../figures.js';
import { numberParam } from '../url.js';
import { pick, t } from '../i18n.js';
import { tableBlock } from '../export.js';
import { drawBands, uncertainty } from './whatif-bands.js';
import { drawSweep } from './whatif-sweep.js';

export { sweepRows } from './whatif-sweep.js';

/** Sector codes of the mix slider (BOK 2023): building construction, software and IT services. */
export const MIX = { construction: '50', software: '62' };

const DEFAULTS = { factor: 1, local: 1, mixOn: false, construction: 0.5, bands: false };
const settings = { ...DEFAULTS };
let token = 0;
let bandToken = 0;
let timer = null;

/** Whether the plan states how its money is spent by sector. */
export function hasAllocation(ctx) {
  return Boolean(ctx.state.report?.plan?.allocation);
}

/** Whether the model can answer: the plan has an allocation, or the mix gives it one. */
function canModel(ctx) {
  return hasAllocation(ctx) || settings.mixOn;
}

/** Enable what needs the model only when it can answer (after the mix toggle changes). */
function syncControls(ctx) {
  const model = canModel(ctx);
  const local = document.getElementById('whatif-local');
  if (local) {
    local.disabled = !model;
    local.closest('.slider').classList.toggle('is-disabled', !model);
    document.getElementById('whatif-local-hint').textContent = t(model ? 'whatif.local.hint' : 'whatif.needs');
  }
  const mix = document.getElementById('whatif-mix');
  if (mix) {
    mix.disabled = !settings.mixOn;
    mix.closest('.slider').classList.toggle('is-disabled', !settings.mixOn);
  }
  const bands = document.getElementById('whatif-run-bands');
  if (bands) bands.disabled = !model;
  const bandsHint = document.getElementById('whatif-bands-hint');
  if (bandsHint) bandsHint.hidden = model;
  // "a what-if needs an allocation": not once the mix gives the plan one
  const needs = document.querySelector("[data-note='no-allocation']");
  if (needs) needs.hidden = model;
}

export function adjustments({ withLocal = true } = {}) {
  const out = [];
  if (settings.mixOn) {
    const shares = {};
    if (settings.construction > 0) shares[MIX.construction] = settings.construction;
    if (settings.construction < 1) shares[MIX.software] = Number((1 - settings.construction).toFixed(6));
    out.push({ type: 'reallocate', allocation: { shares } });
  }
  if (settings.factor !== 1) out.push({ type: 'scale_investment', factor: settings.factor });
  if (withLocal && settings.local !== 1) out.push({ type: 'local_share', value: settings.local });
  return out;
}

/** A new plan: the sliders back to the plan as stated, no uncertainty band. */
export function reset() {
  Object.assign(settings, DEFAULTS);
}

const round2 = (v) => Math.round(v * 100) / 100;

/** The sliders and the band in the address: factor=1.2&local=0.95&mix=0.5&bands=1. */
export function toUrl(params) {
  const put = (name, value, keep) => (keep ? params.set(name, String(value)) : params.delete(name));
  put('factor', round2(settings.factor), settings.factor !== DEFAULTS.factor);
  put('local', round2(settings.local), settings.local !== DEFAULTS.local);
  put('mix', round2(settings.construction), settings.mixOn);
  put('bands', 1, settings.bands);
}

export function fromUrl(params) {
  reset();
  settings.factor = numberParam(params, 'factor', { min: 0.25, max: 2, fallback: DEFAULTS.factor });
  settings.local = numberParam(params, 'local', { min: 0, max: 1, fallback: DEFAULTS.local });
  const mix = numberParam(params, 'mix', { min: 0, max: 1 });
  settings.mixOn = mix !== null;
  if (mix !== null) settings.construction = mix;
  settings.bands = params.get('bands') === '1';
}

function slider({ id, labelKey, hintKey, min, max, step, value, format, disabled = false, onInput }) {
  const output = h('output', { for: id, id: `${id}-out`, text: format(value) });
  const input = h('input', {
    type: 'range',
    id,
    min,
    max,
    step,
    value,
    disabled,
    'aria-describedby': `${id}-hint`,
    'aria-valuetext': format(value),
    on: {
      input: (event) => {
        const v = Number(event.target.value);
        output.textContent = format(v);
        event.target.setAttribute('aria-valuetext', format(v));
        onInput(v);
      },
    },
  });
  return h(
    'div',
    { class: `slider${disabled ? ' is-disabled' : ''}` },
    h('label', { for: id }, h('span', { text: t(labelKey) }), output),
    input,
    h('p', { class: 'hint', id: `${id}-hint`, text: t(hintKey) }),
  );
}

const factorText = (v) => `×${number(v, 2)}`;
const shareText = (v) => `${number(v * 100, 0)}%`;

function controls(ctx) {
  const model = canModel(ctx);
  const mixId = uid('mix-on');
  const mixToggle = h(
    'div',
    { class: 'check' },
    h('input', {
      type: 'checkbox',
      id: mixId,
      checked: settings.mixOn,
      on: {
        change: (event) => {
          settings.mixOn = event.target.checked;
          syncControls(ctx);
          schedule(ctx);
        },
      },
    }),
    h('label', { for: mixId, text: t(hasAllocation(ctx) ? 'whatif.mix.toggle' : 'whatif.mix.assume') }),
  );
  return h(
    'form',
    { class: 'controls', on: { submit: (event) => event.preventDefault() } },
    h(
      'div',
      { class: 'sliders' },
      slider({
        id: 'whatif-factor',
        labelKey: 'whatif.factor',
        hintKey: 'whatif.factor.hint',
        min: 0.25,
        max: 2,
        step: 0.05,
        value: settings.factor,
        format: factorText,
        onInput: (v) => {
          settings.factor = v;
          schedule(ctx);
        },
      }),
      slider({
        id: 'whatif-local',
        labelKey: 'whatif.local',
        hintKey: model ? 'whatif.local.hint' : 'whatif.needs',
        min: 0,
        max: 1,
        step: 0.05,
        value: settings.local,
        format: shareText,
        disabled: !model,
        onInput: (v) => {
          settings.local = v;
          schedule(ctx);
        },
      }),
      h(
        'div',
        {},
        mixToggle,
        slider({
          id: 'whatif-mix',
          labelKey: 'whatif.mix',
          hintKey: 'whatif.mix.hint',
          min: 0,
          max: 1,
          step: 0.05,
          value: settings.construction,
          format: (v) => t('whatif.mix.value', { construction: shareText(v), software: shareText(1 - v) }),
          disabled: !settings.mixOn,
          onInput: (v) => {
            settings.construction = v;
            schedule(ctx);
          },
        }),
      ),
    ),
  );
}

function schedule(ctx) {
  clearTimeout(timer);
  // An uncertainty band drawn for the previous settings no longer applies.
  const bands = document.getElementById('whatif-bands');
  if (bands) replace(bands);
  settings.bands = false;
  ctx.changed();
  timer = setTimeout(() => {
    update(ctx);
    const sweep = document.getElementById('whatif-sweep');
    if (sweep) sweepOf(ctx, sweep);
  }, 120);
}

// ------------------------------------------------------------------ the scenario

/** The change of `path` ({percent, percent_display, …}), or null when it has no percent. */
function change(result, path) {
  const c = result.delta?.[path];
  if (!c || c.percent === null || c.percent === undefined) return null;
  return c;
}

/** A change's percent as the API displays it ("+20.0%"); written by the page only without one. */
const percentText = (c) => c.percent_display ?? percent(c.percent);

/** The change as the API states it; green or red only where the metric says which way is better. */
function deltaLine(c, better = 'neither', key = 'whatif.delta') {
  if (c === null) return null;
  const value = c.percent;
  const good = better === 'higher' ? value > 0 : better === 'lower' ? value < 0 : null;
  const cls = value === 0 || good === null ? '' : good ? 'delta-good' : 'delta-bad';
  return h('p', { class: `card-delta ${cls}`, text: t(key, { change: percentText(c) }) });
}

function metricCard(side, key, result, emphasis = false) {
  const m = side.metrics[key];
  const el = card({ id: `whatif-${key}`, label: pick(m.description), shown: m.display ? pick(m.display) : null, reason: m.reason, emphasis });
  if (result) el.append(deltaLine(change(result, `metrics.${key}`), m.better) ?? '');
  return el;
}

/** A model figure's card; `assumedMix`: its baseline is the plan with the assumed mix. */
function impactCard(id, labelKey, shownText, result, path, assumedMix) {
  const el = card({ id, label: t(labelKey), shown: shownText });
  el.append(deltaLine(change(result, path), 'neither', assumedMix ? 'whatif.delta.mix' : 'whatif.delta') ?? '');
  return el;
}

/** `assumedMix`: the plan states no allocation, so the service takes the mix for both sides. */
function scenarioView(result, assumedMix = false) {
  const s = result.scenario;
  const imp = s.impacts;
  const cards = [
    (() => {
      const el = card({ id: 'whatif-investment', label: t('claim.investment'), shown: pick(s.display.investment), emphasis: true });
      el.append(deltaLine(change(result, 'plan.investment')) ?? '');
      return el;
    })(),
    metricCard(s, 'cost_per_job_krw', result, true),
  ];
  if (imp) {
    cards.push(
      impactCard('whatif-output', 'whatif.model.output', won(imp.output.total), result, 'impacts.output.total', assumedMix),
      impactCard('whatif-value-added', 'whatif.model.value_added', won(imp.value_added.total), result, 'impacts.value_added.total', assumedMix),
      impactCard('whatif-jobs', 'whatif.model.jobs', imp.jobs === null ? null : t('whatif.person_years', { n: count(imp.jobs) }), result, 'impacts.jobs', assumedMix),
    );
    if (imp.regional) {
      cards.push(
        impactCard('whatif-jobs-in', 'whatif.model.jobs_in', t('whatif.person_years', { n: count(imp.regional.jobs.in_region) }), result, 'impacts.regional.jobs.in_region', assumedMix),
      );
    }
  }
  const rows = Object.entries(result.delta ?? {}).map(([path, c]) => ({
    figure: figureLabel(path, s),
    baseline: figureText(path, c.baseline, result.baseline),
    scenario: figureText(path, c.scenario, s),
    change: c.percent === null ? '' : percentText(c),
    path,
    baseline_value: c.baseline,
    scenario_value: c.scenario,
    change_value: c.change,
    percent: c.percent,
  }));
  return [
    h('div', { class: 'cards cards-hero' }, cards),
    imp?.jobs_basis ? h('p', { class: 'muted small', 'data-jobs-basis': '', text: t('whatif.jobs_basis', { basis: pick({ en: imp.jobs_basis, ko: imp.jobs_basis_ko }) }) }) : null,
    assumedMix ? h('p', { class: 'note small', dataset: { note: 'assumed-mix' }, text: t('whatif.mix.only') }) : null,
    h(
      'details',
      { class: 'more' },
      h('summary', { text: t('whatif.all') }),
      tableBlock({
        name: 'scenario',
        columns: [
          { key: 'figure', label: t('col.figure') },
          { key: 'baseline', label: t('col.baseline'), numeric: true },
          { key: 'scenario', label: t('col.scenario'), numeric: true },
          { key: 'change', label: t('col.change'), numeric: true },
          ...['path', 'baseline_value', 'scenario_value', 'change_value', 'percent'].map((key) => ({ key, label: key, show: false })),
        ],
        rows,
        raw: result,
      }),
    ),
  ];
}

/** A plan without an allocation: its metrics for the scaled budget (claims unchanged). */
function fallbackView(base, scaled) {
  const pair = (key) => {
    const m = scaled.metrics[key];
    const was = base.metrics[key];
    const el = card({ id: `whatif-${key}`, label: pick(m.description), shown: m.display ? pick(m.display) : null, reason: m.reason, emphasis: true });
    el.append(h('p', { class: 'card-foot', text: t('whatif.was', { value: was.display ? pick(was.display) : '—' }) }));
    return el;
  };
  const investment = card({ id: 'whatif-investment', label: t('claim.investment'), shown: pick(scaled.display.investment), emphasis: true });
  investment.append(h('p', { class: 'card-foot', text: t('whatif.was', { value: pick(base.display.investment) }) }));
  return [
    h('div', { class: 'cards cards-hero' }, investment, pair('cost_per_job_krw'), pair('jobs_per_billion_krw')),
    h('p', { class: 'muted small', text: t('whatif.metrics_only') }),
  ];
}

async function update(ctx) {
  const mine = ++token;
  const out = document.getElementById('whatif-result');
  if (!out) return;
  out.setAttribute('aria-busy', 'true');
  try {
    let view;
    if (canModel(ctx)) {
      const result = await api('POST', '/v1/scenarios', { plan: ctx.planRef(), adjustments: adjustments() });
      view = scenarioView(result, !hasAllocation(ctx));
    } else {
      const plan = { ...ctx.state.report.plan, investment: Math.round(ctx.state.report.plan.investment * settings.factor) };
      view = fallbackView(ctx.state.report, await api('POST', '/v1/metrics', plan));
    }
    if (mine !== token) return;
    replace(out, view);
  } catch (error) {
    if (mine !== token) return;
    replace(out, problemBox(error));
  } finally {
    if (mine === token) {
      out.removeAttribute('aria-busy');
      out.dataset.ready = String(mine);
    }
  }
}

// ------------------------------------------------------------------ sweep and uncertainty

function sweepOf(ctx, container) {
  return drawSweep(container, { enabled: canModel(ctx), plan: ctx.planRef(), adjustments: adjustments({ withLocal: false }) });
}

async function runUncertainty(ctx, container) {
  const mine = ++bandToken;
  settings.bands = true;
  ctx.changed();
  try {
    replace(container, h('p', { class: 'loading', role: 'status', text: t('whatif.uncertainty.running') }));
    const data = await uncertainty(ctx.planRef(), adjustments());
    if (mine !== bandToken || !settings.bands) return;
    container.dataset.ready = String(mine);
    drawBands(container, data);
  } catch (error) {
    if (mine !== bandToken) return;
    replace(container, problemBox(error));
  }
}

// ------------------------------------------------------------------ the panel

export function draw(ctx, body) {
  const allocated = hasAllocation(ctx);
  const result = h('div', { id: 'whatif-result', 'aria-live': 'polite' });
  const sweep = h('div', { id: 'whatif-sweep' });
  const bands = h('div', { id: 'whatif-bands' });
  const bandButton = h('button', {
    type: 'button',
    class: 'button',
    id: 'whatif-run-bands',
    text: t('whatif.uncertainty.run'),
    disabled: !canModel(ctx),
    'aria-describedby': 'whatif-bands-hint',
    on: { click: () => runUncertainty(ctx, bands) },
  });
  replace(
    body,
    section(
      'whatif.title',
      h('p', { class: 'lead', text: t('whatif.lead') }),
      allocated
        ? null
        : h(
            'div',
            { class: 'note', role: 'note', dataset: { note: 'no-allocation' }, hidden: canModel(ctx) ? true : null },
            h('p', { class: 'note-title', text: t('whatif.no_allocation.title') }),
            h('p', { text: t('whatif.no_allocation') }),
          ),
      controls(ctx),
      result,
    ),
    section('whatif.sweep', h('p', { class: 'lead', text: t('whatif.sweep.lead') }), sweep),
    section(
      'whatif.uncertainty',
      h(
        'div',
        {},
        h('p', { class: 'lead', text: t('whatif.uncertainty.intro') }),
        bandButton,
        h('p', { class: 'hint', id: 'whatif-bands-hint', hidden: canModel(ctx) ? true : null, text: t('whatif.needs') }),
      ),
      bands,
    ),
  );
  update(ctx);
  sweepOf(ctx, sweep);
  // The band asked for before (or in the link) is drawn again, e.g. after a language switch.
  if (settings.bands && canModel(ctx)) runUncertainty(ctx, bands);
  else settings.bands = false;
}
