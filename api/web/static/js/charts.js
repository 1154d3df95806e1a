// Chart.js (vendored UMD build, window.Chart) with the page's look, and the few chart
// shapes the panels use. Values plotted are the API's numbers; every label and tooltip
// shows the API's own display string for that number.

const css = getComputedStyle(document.documentElement);
const token = (name, fallback) => css.getPropertyValue(name).trim() || fallback;

export const COLORS = {
  ink: token('--ink', '#1f2937'),
  muted: token('--muted', '#4b5563'),
  grid: token('--grid', '#e5e7eb'),
  accent: token('--accent', '#1d4ed8'),
  claim: token('--claim', '#b42318'),
  model: token('--model', '#1d4ed8'),
  bok: token('--bok', '#374151'),
  range: token('--range', 'rgba(29, 78, 216, 0.18)'),
  band: token('--band', 'rgba(29, 78, 216, 0.45)'),
  good: token('--good', '#047857'),
  series: ['#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#0e7490', '#a16207'],
};

function reducedMotion() {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

let configured = false;
function configure() {
  if (configured) return;
  const { Chart } = window;
  Chart.defaults.font.family = css.getPropertyValue('--font').trim() || 'system-ui, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = COLORS.muted;
  Chart.defaults.borderColor = COLORS.grid;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = reducedMotion() ? false : { duration: 250 };
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  Chart.defaults.plugins.tooltip.callbacks.label = (item) => {
    const shown = item.dataset.valueLabels?.[item.dataIndex];
    return `${item.dataset.label ? `${item.dataset.label}: ` : ''}${shown ?? item.formattedValue}`;
  };
  // Printing: redraw every chart at the printed size.
  window.addEventListener('beforeprint', () => {
    for (const chart of Object.values(Chart.instances)) chart.resize();
  });
  configured = true;
}

/** Whether the chart library loaded (it is a vendored file; a broken install shows tables only). */
export function chartsAvailable() {
  return typeof window.Chart === 'function';
}

/**
 * Draws each bar's `dataset.valueLabels[i]` (an API display string) just past the end
 * of the bar, so a reader sees "₩85.29M" without hovering.
 */
const valueLabels = {
  id: 'valueLabels',
  afterDatasetsDraw(chart, args, options) {
    if (options === false || options?.display === false) return;
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    ctx.save();
    ctx.font = `600 12px ${Chart.defaults.font.family}`;
    ctx.fillStyle = COLORS.ink;
    chart.data.datasets.forEach((dataset, d) => {
      if (!dataset.valueLabels || chart.getDatasetMeta(d).hidden) return;
      chart.getDatasetMeta(d).data.forEach((bar, i) => {
        const text = dataset.valueLabels[i];
        if (!text) return;
        if (horizontal) {
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, bar.x + 6, bar.y);
        } else {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, bar.x, bar.y - 4);
        }
      });
    });
    ctx.restore();
  },
};

/**
 * A canvas in `container` drawn with `config`; `summary` is its accessible text (the
 * same facts as the chart, from display strings). Any chart already there is replaced.
 */
export function drawChart(container, config, summary) {
  configure();
  destroyCharts(container);
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', summary);
  canvas.textContent = summary;
  container.replaceChildren(canvas);
  const plugins = [...(config.plugins ?? []), valueLabels];
  return new window.Chart(canvas, { ...config, plugins });
}

/** Destroy the charts inside `root` (before its content is rebuilt). */
export function destroyCharts(root) {
  if (!chartsAvailable()) return;
  for (const canvas of root.querySelectorAll('canvas')) window.Chart.getChart(canvas)?.destroy();
}

/** A compact axis tick for counts and ratios (money axes pass format.js `won` as `tick`). */
export function compactTick(lang) {
  const format = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US', {
    notation: 'compact',
    maximumFractionDigits: 2,
  });
  return (value) => format.format(value);
}

/**
 * Vertical or horizontal bars, one per label, coloured per bar; `labels` under each
 * bar, `values` the API numbers, `shown` the API display strings.
 */
export function barChart(container, { labels, values, shown, title, summary, lang, horizontal = false, colors = null, tick = null }) {
  const valueAxis = {
    beginAtZero: true,
    grace: '18%',
    ticks: { callback: tick ?? compactTick(lang) },
    grid: { color: COLORS.grid },
  };
  const categoryAxis = { grid: { display: false }, ticks: { color: COLORS.ink } };
  return drawChart(
    container,
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: title,
            data: values,
            valueLabels: shown,
            backgroundColor: colors ?? labels.map((_, i) => COLORS.series[i % COLORS.series.length]),
            borderRadius: 4,
            maxBarThickness: 56,
          },
        ],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: false }, title: { display: false } },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        layout: { padding: { right: horizontal ? 90 : 8, top: 8 } },
      },
    },
    summary,
  );
}

/**
 * One figure on a number line: a band (`range`: {low, high, label, shown}) and point
 * markers ({label, x, style, color, radius, shown}). Used for the audit (a claim against
 * the model's range over sectors) and for uncertainty bands (5th–95th percentile).
 */
export function intervalChart(container, { range = null, band = null, markers, summary, format = null, zero = true }) {
  const datasets = markers
    .filter((m) => m.x !== null && m.x !== undefined)
    .map((m) => ({
      type: 'line',
      label: m.label,
      data: [{ x: m.x, y: 0 }],
      valueLabels: [m.shown],
      showLine: false,
      pointStyle: m.style,
      pointRadius: m.radius ?? 8,
      pointHoverRadius: (m.radius ?? 8) + 2,
      pointBackgroundColor: m.color,
      pointBorderColor: m.style === 'line' ? m.color : '#ffffff',
      pointBorderWidth: m.style === 'line' ? 3 : 1.5,
      pointRotation: m.style === 'line' ? 90 : 0,
      order: 0,
    }));
  // an interval as a floating bar: the range wide and pale, the band (the one a verdict
  // is read against) narrower and darker over it, not beside it
  const interval = (part, color, width, order) => ({
    type: 'bar',
    label: part.label,
    data: [{ x: [part.low, part.high], y: 0 }],
    valueLabels: [part.shown],
    backgroundColor: color,
    borderColor: COLORS.model,
    borderWidth: 1,
    borderSkipped: false,
    barPercentage: width,
    categoryPercentage: 1,
    grouped: false,
    order,
  });
  const drawn = (part) => part && part.low !== null && part.high !== null;
  if (drawn(range)) datasets.push(interval(range, COLORS.range, 0.55, 2));
  if (drawn(band)) datasets.push(interval(band, COLORS.band, 0.3, 1));
  const xs = [...markers.map((m) => m.x), range?.low, range?.high, band?.low, band?.high].filter((v) => v !== null && v !== undefined);
  return drawChart(
    container,
    {
      data: { labels: [''], datasets },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false }, valueLabels: false },
        scales: {
          x: {
            type: 'linear',
            beginAtZero: zero,
            min: zero ? 0 : undefined,
            suggestedMax: zero ? Math.max(...xs) * 1.06 : undefined,
            grace: zero ? 0 : '5%',
            grid: { color: COLORS.grid },
            ticks: format ? { callback: format } : {},
          },
          y: { type: 'category', display: false },
        },
      },
    },
    summary,
  );
}
