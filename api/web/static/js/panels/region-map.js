// The map on "Where it lands": what each of the 17 regions is coloured by (the audit's
// regional split, or the national figures of a plan with no region), its legend and its
// accessible text, and the switch of the measure (production, value added, jobs).

import { h, replace } from '../dom.js';
import { count, share, won } from '../format.js';
import { drawMap, rampLegend, shade } from '../map.js';
import { pick, t } from '../i18n.js';

export const MEASURES = ['production', 'value_added', 'jobs'];
const NATIONAL_SHADE = 0.55;

export const view = { measure: 'production' };

/** The measure the map is coloured by (kept in the link as `map=`). */
export function getMeasure() {
  return view.measure;
}

export function setMeasure(measure) {
  view.measure = MEASURES.includes(measure) ? measure : 'production';
}

/** The map's measure in the address: map=value_added|jobs (production is the default). */
export function toUrl(params) {
  if (view.measure === 'production') params.delete('map');
  else params.set('map', view.measure);
}

export function fromUrl(params) {
  setMeasure(params.get('map'));
}

export const persons = (v) => t('whatif.person_years', { n: count(v) });
/** A figure of a measure as the page writes model figures (won: 4 significant digits). */
export const figure = (measure, v) => (measure === 'jobs' ? persons(v) : won(v));
export const regionName = (region) => pick({ en: region.name_en, ko: region.name_ko });

/** The national figures of a plan with no region: the /v1/impact totals of its allocation. */
function nationalFigures(impact) {
  if (!impact?.totals) return null;
  return {
    production: impact.totals.output?.total ?? null,
    value_added: impact.totals.value_added?.total ?? null,
    jobs: impact.jobs ?? null,
  };
}

// ---------------------------------------------------------------- the map

function measureSwitch(idPrefix, onChange) {
  return h(
    'fieldset',
    { class: 'map-measures', on: { change: (event) => onChange(event.target.value) } },
    h('legend', { text: t('map.measure') }),
    MEASURES.map((m) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'radio', name: `${idPrefix}-measure`, value: m, checked: m === view.measure }),
        t(`region.${m}`),
      ),
    ),
  );
}

function swatch(fill, hatched = false) {
  const NS = 'http://www.w3.org/2000/svg';
  const box = document.createElementNS(NS, 'svg');
  box.setAttribute('viewBox', '0 0 16 16');
  box.setAttribute('class', 'map-swatch');
  box.setAttribute('aria-hidden', 'true');
  const rect = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ x: 0.5, y: 0.5, width: 15, height: 15, fill })) rect.setAttribute(k, v);
  box.append(rect);
  if (hatched) {
    for (const x of [-8, -2, 4, 10]) {
      const line = document.createElementNS(NS, 'line');
      for (const [k, v] of Object.entries({ x1: x, y1: 16, x2: x + 16, y2: 0 })) line.setAttribute(k, v);
      line.setAttribute('class', 'map-hatch-line');
      box.append(line);
    }
  }
  return box;
}

/**
 * What the map shows for the plan: each region's fill, the legend and the accessible text.
 * With a split: the plan's region in its in-region share, the other 16 hatched in the rest
 * of Korea's share (the API does not split it among them). Without a region: all 17 alike,
 * the national figure. With a region but no split (no allocation): the region outlined only.
 */
export function mapModel(audit, impact, regions) {
  const measure = view.measure;
  const label = t(`map.m.${measure}`);
  const { regional } = audit;
  const codes = (regions ?? []).map((r) => r.code);
  const region = regional?.region ?? audit.region ?? null;
  if (regional && regional[measure]) {
    const part = regional[measure];
    const inFill = shade(part.in_region_share);
    const restShare = part.total ? part.rest_of_korea / part.total : 1 - part.in_region_share;
    const restFill = shade(restShare);
    const name = regionName(region);
    const inText = t('map.in', { region: name, figure: figure(measure, part.in_region), share: share(part.in_region_share), measure: label });
    const restText = t('map.rest', { figure: figure(measure, part.rest_of_korea), share: share(restShare), measure: label });
    const fills = Object.fromEntries(
      codes.map((code) =>
        code === region.code
          ? [code, { fill: inFill, title: inText }]
          : [code, { fill: restFill, hatched: true, title: restText }],
      ),
    );
    return {
      kind: 'split',
      fills,
      outlined: region.code,
      label: `${name} ${share(part.in_region_share)}`,
      legend: [
        { fill: inFill, text: inText, key: 'in' },
        { fill: restFill, hatched: true, text: restText, key: 'rest' },
      ],
      description: `${inText} ${restText}`,
      ramp: [
        { at: part.in_region_share, label: name },
        { at: restShare, label: t('map.ramp.rest') },
      ],
    };
  }
  if (region) {
    const name = regionName(region);
    const text = t('map.region_only', { region: name });
    return {
      kind: 'region-only',
      fills: Object.fromEntries(codes.map((code) => [code, { fill: code === region.code ? shade(0.15) : '#eef0f3', title: code === region.code ? name : '' }])),
      outlined: region.code,
      label: name,
      legend: [{ fill: shade(0.15), text, key: 'region' }],
      description: text,
      ramp: null,
    };
  }
  const national = nationalFigures(impact);
  const value = national?.[measure];
  const text =
    value === null || value === undefined
      ? t('map.national.none')
      : t('map.national', { figure: figure(measure, value), measure: label });
  const fill = value === null || value === undefined ? '#eef0f3' : shade(NATIONAL_SHADE);
  return {
    kind: 'national',
    fills: Object.fromEntries(codes.map((code) => [code, { fill, title: text }])),
    outlined: null,
    label: null,
    legend: [{ fill, text, key: 'national' }],
    description: text,
    ramp: null,
  };
}

function mapSide(model) {
  return h(
    'div',
    { class: 'map-side' },
    h(
      'ul',
      { class: 'map-legend', 'aria-label': t('audit.legend') },
      model.legend.map((item) => h('li', { dataset: { legend: item.key } }, swatch(item.fill, item.hatched), h('span', { text: item.text }))),
    ),
    model.ramp ? h('div', { class: 'map-ramp-box' }, rampLegend(model.ramp), h('p', { class: 'muted small', text: t('map.ramp') })) : null,
    model.kind === 'split' ? h('p', { class: 'muted small', dataset: { note: 'unknown-split' }, text: t('map.unknown_split') }) : null,
    h('p', { class: 'muted small', text: t('map.source') }),
  );
}

/** The map with its measure switch; a new measure redraws the map only (focus stays on the switch). */
export function mapBlock(ctx, { audit, impact, map, regions }) {
  const title = h('span', { class: 'chart-title' });
  const layout = h('div', { class: 'map-layout' });
  const box = h('figure', { class: 'map-box' });
  const paint = () => {
    const model = mapModel(audit, impact, regions);
    const text = t('map.title', { measure: t(`map.m.${view.measure}`) });
    title.textContent = text;
    box.dataset.mapKind = model.kind;
    box.dataset.measure = view.measure;
    const drawing = drawMap(map, {
      regions: model.fills,
      outlined: model.outlined,
      label: model.label,
      title: text,
      description: model.description,
      id: 'region-map',
    });
    replace(layout, drawing, mapSide(model));
  };
  const onChange = (measure) => {
    setMeasure(measure);
    ctx.changed();
    paint();
  };
  box.append(h('figcaption', {}, title, measureSwitch('region-map', onChange)), layout);
  paint();
  return box;
}

