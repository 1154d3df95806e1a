// Client-side downloads of the data behind a table: CSV (the table's columns) and JSON
// (the API's answer as received).

import { h } from './dom.js';
import { t } from './i18n.js';

// Text a spreadsheet would run as a formula is kept as text, as the server's exports keep it
// (impact.export._FORMULA_START, OWASP CSV injection); numbers stay numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value) {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text (RFC 4180, CRLF) of `rows` for `columns` ({key, label}). */
export function toCSV(columns, rows) {
  const lines = [columns.map((c) => csvCell(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function download(filename, type, text) {
  // A byte-order mark lets spreadsheet programs read Korean text in CSV as UTF-8.
  const parts = type.startsWith('text/csv') ? ['\ufeff', text] : [text];
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = h('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Buttons that download a table: `spec` = {name, columns, rows, raw}; CSV holds every
 * column (also those the page does not show, e.g. exact won), JSON holds `raw`.
 */
export function exportButtons(spec) {
  const label = t(`table.${spec.name}`);
  return h(
    'div',
    { class: 'export', role: 'group', 'aria-label': t('export.group', { table: label }) },
    h('button', {
      type: 'button',
      class: 'button small ghost',
      text: 'CSV',
      'aria-label': t('export.csv', { table: label }),
      dataset: { export: `${spec.name}.csv` },
      on: {
        click: () => download(`${spec.name}.csv`, 'text/csv;charset=utf-8', toCSV(spec.columns, spec.rows)),
      },
    }),
    h('button', {
      type: 'button',
      class: 'button small ghost',
      text: 'JSON',
      'aria-label': t('export.json', { table: label }),
      dataset: { export: `${spec.name}.json` },
      on: {
        click: () =>
          download(`${spec.name}.json`, 'application/json', `${JSON.stringify(spec.raw, null, 2)}\n`),
      },
    }),
  );
}

/** A data table of the columns marked `show`, with its caption and export buttons. */
export function tableBlock(spec) {
  const shown = spec.columns.filter((c) => c.show !== false);
  const table = h(
    'table',
    { class: 'data', dataset: { table: spec.name } },
    h('caption', { text: t(`table.${spec.name}`) }),
    h('thead', {}, h('tr', {}, shown.map((c) => h('th', { scope: 'col', text: c.label })))),
    h(
      'tbody',
      {},
      spec.rows.map((row) =>
        h(
          'tr',
          {},
          shown.map((c, i) =>
            i === 0
              ? h('th', { scope: 'row', text: row[c.key] ?? '' })
              : h('td', { class: c.numeric ? 'num' : null, text: row[c.key] ?? '' }),
          ),
        ),
      ),
    ),
  );
  return h(
    'div',
    { class: 'table-block' },
    h('div', { class: 'table-head' }, exportButtons(spec)),
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t(`table.${spec.name}`) }, table),
  );
}
