// A map of Korea's 17 시·도 drawn as SVG from the shipped boundary file
// (/static/maps/kor_sido_17.geojson: KOSTAT SGIS 2018, simplified; provenance next to it).
// No tile server, no map library: an equirectangular projection with x scaled by cos 36°,
// which keeps Korea's shape within a few per cent at this size.
//
// The map colours what the API says lands where; it computes no effect itself.

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
export const MAP_URL = '/static/maps/kor_sido_17.geojson';
const COS_LAT = Math.cos((36 * Math.PI) / 180);
const WIDTH = 420;
const PAD = 8;

let boundaries = null;

/** The boundary file, fetched once (a GeoJSON FeatureCollection of the 17 regions). */
export function loadBoundaries() {
  if (!boundaries) {
    boundaries = fetch(MAP_URL).then((response) => {
      if (!response.ok) throw new Error(`${MAP_URL}: HTTP ${response.status}`);
      return response.json();
    });
    boundaries.catch(() => {
      boundaries = null;
    });
  }
  return boundaries;
}

/** Polygons of a GeoJSON geometry: [[ring, …], …], each ring [[lon, lat], …]. */
function polygons(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** The projection fitted to the features: lon/lat → SVG x/y, and the drawing's height. */
export function fit(features) {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const feature of features) {
    for (const polygon of polygons(feature.geometry)) {
      for (const [lon, lat] of polygon[0]) {
        minX = Math.min(minX, lon * COS_LAT);
        maxX = Math.max(maxX, lon * COS_LAT);
        minY = Math.min(minY, -lat);
        maxY = Math.max(maxY, -lat);
      }
    }
  }
  const scale = (WIDTH - 2 * PAD) / (maxX - minX);
  const height = Math.ceil((maxY - minY) * scale + 2 * PAD);
  const project = ([lon, lat]) => [PAD + (lon * COS_LAT - minX) * scale, PAD + (-lat - minY) * scale];
  return { project, width: WIDTH, height };
}

/** SVG path data of a geometry (every ring closed; holes cut by the even-odd rule). */
function pathData(geometry, project) {
  const rings = [];
  for (const polygon of polygons(geometry)) {
    for (const ring of polygon) {
      const points = ring.map((point) => project(point).map((v) => v.toFixed(1)).join(','));
      rings.push(`M${points.join('L')}Z`);
    }
  }
  return rings.join('');
}

/** Area-weighted centroid of the largest exterior ring of a geometry, projected. */
function labelPoint(geometry, project) {
  let best = null;
  for (const polygon of polygons(geometry)) {
    const points = polygon[0].map(project);
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < points.length - 1; i += 1) {
      const [x0, y0] = points[i];
      const [x1, y1] = points[i + 1];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (area !== 0 && (!best || Math.abs(area) > best.area)) {
      best = { area: Math.abs(area), x: cx / (3 * area), y: cy / (3 * area) };
    }
  }
  return best;
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.setAttribute('class', value);
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

/** A colour between `--map-low` and `--map-high` for a share of 1 (sRGB interpolation). */
export function shade(t) {
  const low = [232, 239, 255];
  const high = [23, 55, 148];
  const k = Math.max(0, Math.min(1, t));
  const mix = low.map((v, i) => Math.round(v + (high[i] - v) * k));
  return `rgb(${mix.join(',')})`;
}

/**
 * The map: `regions` = {code: {fill, hatched, title}} per KOSTAT code, `outlined` the
 * code of the plan's region (or null), `label` {code, text} written at that region,
 * `title` and `description` the accessible name and text of the whole drawing.
 */
export function drawMap(collection, { regions, outlined = null, label = null, title, description, id }) {
  const { features } = collection;
  const { project, width, height } = fit(features);
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const hatch = `${id}-hatch`;
  const shapes = [];
  let top = null;
  for (const feature of features) {
    const { code } = feature.properties;
    const look = regions[code] ?? {};
    const d = pathData(feature.geometry, project);
    const path = svg(
      'path',
      {
        d,
        class: `map-region${code === outlined ? ' map-region-plan' : ''}`,
        fill: look.fill ?? '#e5e7eb',
        'fill-rule': 'evenodd',
        dataset: { code, fill: look.fill ?? '' },
      },
      look.title ? svg('title', { text: look.title }) : null,
    );
    shapes.push(path);
    if (look.hatched) shapes.push(svg('path', { d, class: 'map-hatch', fill: `url(#${hatch})`, 'fill-rule': 'evenodd' }));
    if (code === outlined) top = { d, feature };
  }
  const outline = top ? svg('path', { d: top.d, class: 'map-outline', fill: 'none', 'fill-rule': 'evenodd', dataset: { outline: outlined } }) : null;
  let text = null;
  if (label && top) {
    const at = labelPoint(top.feature.geometry, project);
    if (at) {
      const right = at.x < width * 0.62;
      text = svg('text', {
        class: 'map-label',
        x: (at.x + (right ? 10 : -10)).toFixed(1),
        y: at.y.toFixed(1),
        'text-anchor': right ? 'start' : 'end',
        'dominant-baseline': 'middle',
        text: label,
      });
    }
  }
  const drawing = svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      class: 'map',
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      dataset: { map: 'korea' },
    },
    svg('title', { id: titleId, text: title }),
    svg('desc', { id: descId, text: description }),
    svg(
      'defs',
      {},
      svg(
        'pattern',
        { id: hatch, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'map-hatch-line' }),
      ),
    ),
    svg('g', { 'aria-hidden': 'true' }, shapes, outline, text),
  );
  return h('div', { class: 'map-frame' }, drawing);
}

/**
 * The colour scale as a small SVG: the ramp from 0 % to 100 % with a marker for each of
 * `marks` ({at: share of 1, label}); decorative (the legend's text states the figures).
 */
export function rampLegend(marks, id = 'map-ramp') {
  const width = 300;
  const left = 10;
  const span = width - 2 * left;
  const x = (at) => (left + Math.max(0, Math.min(1, at)) * span).toFixed(1);
  const stops = [0, 0.25, 0.5, 0.75, 1].map((k) => svg('stop', { offset: k, 'stop-color': shade(k) }));
  return svg(
    'svg',
    { viewBox: `0 0 ${width} 64`, class: 'map-ramp', 'aria-hidden': 'true' },
    svg('defs', {}, svg('linearGradient', { id: `${id}-gradient`, x1: 0, x2: 1, y1: 0, y2: 0 }, stops)),
    marks.map((mark, i) =>
      svg(
        'g',
        { class: 'map-ramp-mark' },
        svg('path', { d: `M${x(mark.at)},${i ? 40 : 22}l-5,${i ? 7 : -7}h10z`, class: 'map-ramp-pointer' }),
        svg('text', { x: x(mark.at), y: i ? 60 : 11, 'text-anchor': mark.at < 0.15 ? 'start' : mark.at > 0.85 ? 'end' : 'middle', text: mark.label }),
      ),
    ),
    svg('rect', { x: left, y: 23, width: span, height: 16, rx: 3, fill: `url(#${id}-gradient)`, class: 'map-ramp-bar' }),
    [0, 1].map((at) => svg('text', { x: x(at), y: 60, class: 'map-ramp-tick', 'text-anchor': at === 0 ? 'start' : at === 1 ? 'end' : 'middle', text: `${at * 100}%` })),
  );
}
