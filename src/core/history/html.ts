/**
 * The history as one self-contained HTML page for a board paper: the charts as inline SVG and the
 * same data as tables, with no script and nothing loaded from anywhere (its own
 * Content-Security-Policy says so), so it opens the same in any browser, offline, and prints.
 */
import type { HistoryTable } from './tables';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** An SVG document as markup to put inside HTML (its XML declaration dropped). */
export function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*\?>\s*/, '');
}

export function tableHtml(t: HistoryTable): string {
  const head = t.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.cells.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table id="table-${t.id}"><caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

export interface HtmlPageOptions {
  title: string;
  /** Charts, as SVG documents. */
  svgs: string[];
  tables: HistoryTable[];
  /** A line under the title, e.g. when the page was made and from which folder. */
  subtitle?: string;
}

export function historyHtml(options: HtmlPageOptions): string {
  const charts = options.svgs.map((s, i) => `<figure class="chart" aria-labelledby="chart-${i}-caption">${inlineSvg(s)}<figcaption id="chart-${i}-caption">The same data is in the tables below.</figcaption></figure>`);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif; color: #1f1f1f; background: #fff; margin: 2rem; max-width: 1100px; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.subtitle { color: #616161; margin: 0 0 1.5rem; }
figure.chart { margin: 0 0 2rem; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #616161; font-size: .85rem; }
table { border-collapse: collapse; margin: 0 0 2rem; font-size: .85rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
@media print { body { margin: 0; } figure.chart, table { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
${options.subtitle ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>\n` : ''}${charts.join('\n')}
${options.tables.map(tableHtml).join('\n')}
</body>
</html>
`;
}
