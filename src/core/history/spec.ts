/**
 * The history as a Vega-Lite specification: the one drawing the editor's view, its exports and
 * `ilacs history` render. Plain JSON (no functions), so it can be compiled in the webview under a
 * strict Content-Security-Policy (with Vega's expression interpreter) and in Node alike.
 *
 * Four charts, one above the other, on one time axis where they have one: the reports by kind; the
 * grade of every judgement line at each report (colour and shape both carry the grade); the
 * printed improvement areas and tagged findings of each report by judgement line (colour and shape
 * carry status and source); the recurring findings as chains across the years. A comparison of
 * authorities is a spec of its own (`comparisonSpec`). Every mark's datum has `file` and, where the
 * report has one, `line`/`character`: the place a click opens (`line` is always that zero-based
 * line number or null; the judgement a mark is drawn in is `judgementLine`).
 */
import type { AnnotationStatus } from '../annotations';
import type { Grade, ReportKind } from '../model';
import type { Range } from '../range';
import { ERAS, HISTORY_LINES } from './crosswalk';
import type { AuthorityHistory, Comparison } from './model';

export interface ChartTheme {
  name: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  /** Era bands alternate between transparent and this. */
  band: string;
  font: string;
  fontSize: number;
  grades: Record<Grade, string>;
  statuses: Record<AnnotationStatus, string>;
  kinds: Record<ReportKind, string>;
  /** The colour of a chain still raised by the latest report, and of one that is not. */
  stillRaised: string;
  notRaised: string;
}

export const LIGHT_THEME: ChartTheme = {
  name: 'light',
  foreground: '#1f1f1f',
  muted: '#616161',
  grid: '#e5e5e5',
  background: '#ffffff',
  band: '#f3f3f3',
  font: 'system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif',
  fontSize: 12,
  grades: { outstanding: '#7c3aed', good: '#1a7f37', 'requires-improvement': '#b35900', adequate: '#9a6700', inadequate: '#cf222e' },
  statuses: { open: '#cf222e', 'in-progress': '#b35900', resolved: '#1a7f37' },
  kinds: { inspection: '#0969da', 'focused-visit': '#8250df', 'monitoring-visit': '#bf3989', jtai: '#1b7c83', other: '#6e7781' },
  stillRaised: '#cf222e',
  notRaised: '#6e7781',
};

export const DARK_THEME: ChartTheme = {
  ...LIGHT_THEME,
  name: 'dark',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  grid: '#3c3c3c',
  background: '#1f1f1f',
  band: '#2a2a2a',
  grades: { outstanding: '#b392f0', good: '#4ac26b', 'requires-improvement': '#f0883e', adequate: '#d4a72c', inadequate: '#ff7b72' },
  statuses: { open: '#ff7b72', 'in-progress': '#f0883e', resolved: '#4ac26b' },
  kinds: { inspection: '#58a6ff', 'focused-visit': '#bc8cff', 'monitoring-visit': '#f778ba', jtai: '#39c5cf', other: '#8b949e' },
  stillRaised: '#ff7b72',
  notRaised: '#8b949e',
};

export const GRADE_LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  adequate: 'Adequate',
  inadequate: 'Inadequate',
};
export const STATUS_LABELS: Record<AnnotationStatus, string> = { open: 'Open', 'in-progress': 'In progress', resolved: 'Resolved' };
export const KIND_LABELS: Record<ReportKind, string> = {
  inspection: 'Inspection',
  'focused-visit': 'Focused visit',
  'monitoring-visit': 'Monitoring visit',
  jtai: 'Joint targeted area inspection',
  other: 'Other',
};
const GRADES: Grade[] = ['outstanding', 'good', 'requires-improvement', 'adequate', 'inadequate'];
const GRADE_SHAPES = ['diamond', 'circle', 'square', 'square', 'triangle-down'];
const STATUSES: AnnotationStatus[] = ['open', 'in-progress', 'resolved'];
const KINDS: ReportKind[] = ['inspection', 'focused-visit', 'monitoring-visit', 'jtai', 'other'];

export interface SpecOptions {
  theme?: ChartTheme;
  /** Width of the plotting area, pixels. */
  width?: number;
  /** Whether the chart carries the authority's name as its title (default true; the view has its own heading). */
  title?: boolean;
}

type Json = Record<string, unknown>;

/** Axis labels are cut at this many pixels. */
const LABEL_LIMIT = 360;
/** The recurrence chart shows at most this many chains (the most often raised); the table lists them all. */
export const CHART_CHAINS = 20;

function target(file: string, range: Range | null): { file: string; line: number | null; character: number | null } {
  return { file, line: range ? range.start.line : null, character: range ? range.start.character : null };
}

/** The x domain: from the first to the last dated report, padded by half a year each side. */
function timeDomain(h: AuthorityHistory): [string, string] | null {
  const dates = h.reports.flatMap((r) => (r.date ? [r.date.value] : [])).sort();
  if (dates.length === 0) return null;
  const shift = (d: string, months: number): string => {
    const [y, m] = d.split('-').map(Number);
    const total = y * 12 + (m - 1) + months;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
  };
  return [shift(dates[0], -6), shift(dates[dates.length - 1], 7)];
}

function config(theme: ChartTheme): Json {
  const text = { labelColor: theme.foreground, titleColor: theme.foreground, labelFont: theme.font, titleFont: theme.font, labelFontSize: theme.fontSize, titleFontSize: theme.fontSize };
  return {
    background: theme.background,
    font: theme.font,
    view: { stroke: theme.grid },
    axis: { ...text, gridColor: theme.grid, domainColor: theme.muted, tickColor: theme.muted, labelLimit: 260 },
    legend: { ...text, labelLimit: 300, symbolFillColor: theme.muted },
    title: { color: theme.foreground, font: theme.font, fontSize: theme.fontSize + 2, anchor: 'start', subtitleColor: theme.muted, subtitleFont: theme.font },
    header: { labelColor: theme.foreground, titleColor: theme.foreground },
    text: { color: theme.foreground, font: theme.font },
  };
}

function eraBands(domain: [string, string], theme: ChartTheme, height: number): Json[] {
  const bands = ERAS.map((e, i) => ({ era: e.label, start: e.start < domain[0] ? domain[0] : e.start, end: e.end === null || e.end > domain[1] ? domain[1] : e.end, fill: i % 2 ? theme.band : theme.background }))
    .filter((b) => b.start < b.end);
  return [
    {
      data: { values: bands },
      mark: { type: 'rect', tooltip: false },
      encoding: {
        x: { field: 'start', type: 'temporal' },
        x2: { field: 'end' },
        y: { value: 0 },
        y2: { value: height },
        fill: { field: 'fill', type: 'nominal', scale: null },
      },
    },
    {
      data: { values: bands },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: theme.fontSize - 1, color: theme.muted, tooltip: false },
      encoding: { x: { field: 'start', type: 'temporal' }, y: { value: 0 }, text: { field: 'era' } },
    },
  ];
}

/** Rows for the reports chart: one per report. */
export function reportRows(h: AuthorityHistory): Json[] {
  return h.reports.map((r) => ({
    mark: 'report',
    ...target(r.file, null),
    report: r.label,
    date: r.date?.value ?? null,
    kind: KIND_LABELS[r.kind],
    framework: r.framework.toUpperCase(),
    items: r.items,
    open: r.open,
    title: r.title ?? r.file,
  }));
}

/** Rows for the judgements chart: one per report and judgement line. */
export function gradeRows(h: AuthorityHistory): Json[] {
  return h.reports.flatMap((r) =>
    r.grades
      .filter((g) => g.line !== null && r.date)
      .map((g) => ({
        mark: 'grade',
        ...target(r.file, g.range),
        report: r.label,
        date: r.date?.value ?? null,
        judgementLine: HISTORY_LINES.find((l) => l.id === g.line)?.label ?? g.line,
        lineOrder: HISTORY_LINES.findIndex((l) => l.id === g.line),
        judgement: g.areaLabel,
        grade: GRADE_LABELS[g.grade],
        shared: g.sharedWith ? 'judged together with ' + (HISTORY_LINES.find((l) => l.id === g.sharedWith)?.label ?? '').toLowerCase() : '',
      })),
  );
}

/** Rows for the findings chart: one per improvement item or tag. */
export function itemRows(h: AuthorityHistory): Json[] {
  const labels = new Map(h.reports.map((r, i) => [r.file, { label: r.label, order: i }]));
  return h.items.map((i) => ({
    mark: 'item',
    ...target(i.report, i.range),
    report: labels.get(i.report)?.label ?? i.report,
    reportOrder: labels.get(i.report)?.order ?? 0,
    area: i.lineLabel,
    status: STATUS_LABELS[i.status],
    source: i.source === 'printed' ? 'Printed improvement area' : 'Tagged finding',
    text: i.text.length > 140 ? `${i.text.slice(0, 139)}…` : i.text,
    paragraph: i.paragraphNumber !== null ? `¶${i.paragraphNumber}` : (i.paragraph ?? ''),
  }));
}

/** Rows for the recurrence chart: one per chain and report raising it. */
export function chainRows(h: AuthorityHistory): Json[] {
  const labels = new Map(h.reports.map((r) => [r.file, r.label]));
  return h.chains.flatMap((c) =>
    c.occurrences
      .filter((o) => o.date)
      .map((o) => ({
        mark: 'chain',
        ...target(o.report, o.range),
        finding: c.label,
        date: o.date,
        report: labels.get(o.report) ?? o.report,
        firstRaised: c.firstRaised,
        state: c.latestStillRaises ? 'Still raised in the latest report' : 'Not raised in the latest report',
        excerpt: o.excerpt,
      })),
  );
}

/** The authority's history as one Vega-Lite specification. */
export function historySpec(h: AuthorityHistory, options: SpecOptions = {}): Json {
  const theme = options.theme ?? LIGHT_THEME;
  const width = options.width ?? 720;
  const domain = timeDomain(h) ?? ['2009-01-01', '2027-01-01'];
  const x = (title: string | null): Json => ({
    field: 'date',
    type: 'temporal',
    title,
    scale: { domain, type: 'utc' },
    axis: { format: '%Y', tickCount: 'year', grid: true },
  });
  const reports = reportRows(h);
  const kindsPresent = KINDS.filter((k) => reports.some((r) => r.kind === KIND_LABELS[k]));
  const timelineHeight = Math.max(1, kindsPresent.length) * 28 + 20;
  const grades = gradeRows(h);
  const linesPresent = HISTORY_LINES.filter((l) => grades.some((g) => g.judgementLine === l.label));
  const gradesHeight = Math.max(1, linesPresent.length) * 26 + 20;
  const items = itemRows(h);
  const shownChains = h.chains.slice(0, CHART_CHAINS);
  const chains = chainRows({ ...h, chains: shownChains });
  const chainNames = [...new Set(chains.map((c) => c.finding as string))];
  const chainsHeight = Math.max(1, chainNames.length) * 22 + 20;
  const areaNames = [...new Set(items.map((i) => i.area as string))];
  const charts: Json[] = [];
  charts.push({
    title: { text: 'Reports', subtitle: 'Every report on the time axis, by kind' },
    width,
    height: timelineHeight,
    layer: [
      ...eraBands(domain, theme, timelineHeight),
      {
        data: { values: reports.filter((r) => r.date) },
        mark: { type: 'point', filled: true, size: 120, cursor: 'pointer' },
        encoding: {
          x: x(null),
          y: { field: 'kind', type: 'nominal', title: null, sort: KINDS.map((k) => KIND_LABELS[k]), axis: { labelLimit: LABEL_LIMIT } },
          color: { field: 'kind', type: 'nominal', title: 'Kind', scale: { domain: KINDS.map((k) => KIND_LABELS[k]), range: KINDS.map((k) => theme.kinds[k]) }, legend: null },
          shape: { field: 'kind', type: 'nominal', scale: { domain: KINDS.map((k) => KIND_LABELS[k]), range: ['circle', 'diamond', 'square', 'triangle-up', 'cross'] }, legend: null },
          tooltip: [
            { field: 'report', title: 'Report' },
            { field: 'title', title: 'Title' },
            { field: 'framework', title: 'Framework' },
            { field: 'open', title: 'Open items' },
          ],
        },
      },
    ],
  });
  if (grades.length > 0) {
    charts.push({
      title: { text: 'Judgements', subtitle: 'The grade of each judgement at each inspection; one row per judgement across the eras' },
      width,
      height: gradesHeight,
      layer: [
        ...eraBands(domain, theme, gradesHeight),
        {
          data: { values: grades },
          mark: { type: 'point', filled: true, size: 170, cursor: 'pointer', strokeWidth: 1, stroke: theme.background },
          encoding: {
            x: x(null),
            y: { field: 'judgementLine', type: 'nominal', title: null, sort: linesPresent.map((l) => l.label), axis: { labelLimit: LABEL_LIMIT } },
            color: { field: 'grade', type: 'nominal', title: 'Grade', scale: { domain: GRADES.map((g) => GRADE_LABELS[g]), range: GRADES.map((g) => theme.grades[g]) } },
            shape: { field: 'grade', type: 'nominal', title: 'Grade', scale: { domain: GRADES.map((g) => GRADE_LABELS[g]), range: GRADE_SHAPES } },
            tooltip: [
              { field: 'report', title: 'Report' },
              { field: 'judgement', title: 'Judgement' },
              { field: 'grade', title: 'Grade' },
              { field: 'shared', title: 'Note' },
            ],
          },
        },
      ],
    });
  }
  if (items.length > 0) {
    charts.push({
      title: { text: 'Improvement areas and findings', subtitle: 'Printed improvement areas and tagged findings of each report, by judgement, with their status' },
      width,
      data: { values: items },
      transform: [{ window: [{ op: 'row_number', as: 'slot' }], groupby: ['report', 'area'] }],
      mark: { type: 'point', filled: true, size: 90, cursor: 'pointer' },
      encoding: {
        x: { field: 'report', type: 'ordinal', title: null, sort: { field: 'reportOrder' }, axis: { labelAngle: 0, labelLimit: Math.max(80, Math.floor(width / Math.max(1, new Set(items.map((i) => i.report)).size)) - 8) } },
        xOffset: { field: 'slot', type: 'ordinal' },
        y: { field: 'area', type: 'nominal', title: null, axis: { labelLimit: LABEL_LIMIT }, sort: [...HISTORY_LINES.map((l) => l.label), 'No judgement area'].filter((l) => areaNames.includes(l)) },
        color: { field: 'status', type: 'nominal', title: 'Status', scale: { domain: STATUSES.map((s) => STATUS_LABELS[s]), range: STATUSES.map((s) => theme.statuses[s]) } },
        shape: { field: 'source', type: 'nominal', title: 'Source', scale: { domain: ['Printed improvement area', 'Tagged finding'], range: ['square', 'circle'] } },
        tooltip: [
          { field: 'report', title: 'Report' },
          { field: 'paragraph', title: 'Paragraph' },
          { field: 'source', title: 'Source' },
          { field: 'status', title: 'Status' },
          { field: 'text', title: 'Text' },
        ],
      },
    });
  }
  if (chains.length > 0) {
    charts.push({
      title: {
        text: 'Recurring findings',
        subtitle:
          h.chains.length > shownChains.length
            ? `The ${shownChains.length} findings raised in most reports (of ${h.chains.length}; all are in the table), from the year first raised`
            : 'Each finding raised in two or more reports, from the year first raised',
      },
      width,
      height: chainsHeight,
      data: { values: chains },
      encoding: {
        x: x(null),
        y: { field: 'finding', type: 'nominal', title: null, sort: chainNames, axis: { labelLimit: LABEL_LIMIT } },
        color: {
          field: 'state',
          type: 'nominal',
          title: 'Latest report',
          scale: { domain: ['Still raised in the latest report', 'Not raised in the latest report'], range: [theme.stillRaised, theme.notRaised] },
        },
      },
      layer: [
        { mark: { type: 'line', strokeWidth: 2, tooltip: false }, encoding: { detail: { field: 'finding' } } },
        {
          mark: { type: 'point', filled: true, size: 80, cursor: 'pointer' },
          encoding: {
            tooltip: [
              { field: 'finding', title: 'Finding' },
              { field: 'report', title: 'Report' },
              { field: 'firstRaised', title: 'First raised' },
              { field: 'state', title: 'Latest report' },
              { field: 'excerpt', title: 'Excerpt' },
            ],
          },
        },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Inspection history of ${h.authority}`,
    ...(options.title === false ? {} : { title: { text: `${h.authority}: inspection history`, fontSize: theme.fontSize + 4 } }),
    config: config(theme),
    padding: 12,
    vconcat: charts,
    spacing: 28,
    resolve: { scale: { color: 'independent', shape: 'independent', x: 'independent' } },
  };
}

/** The comparison of authorities: latest grades as a grid, and how many authorities each recurring finding recurs in. */
export function comparisonSpec(c: Comparison, options: SpecOptions = {}): Json {
  const theme = options.theme ?? LIGHT_THEME;
  const width = options.width ?? 720;
  const cells = c.authorities.flatMap((a) => a.grades.map((g) => ({ mark: 'compare', ...target(g.report, null), authority: a.authority, judgementLine: g.lineLabel, grade: GRADE_LABELS[g.grade], date: g.date })));
  const findings = c.findings.map((f) => ({ mark: 'compare-finding', finding: f.label, authorities: f.authorities.length, names: f.authorities.join(', '), still: f.stillRaised.length }));
  const lines = HISTORY_LINES.filter((l) => cells.some((x) => x.judgementLine === l.label)).map((l) => l.label);
  const charts: Json[] = [
    {
      title: { text: 'Latest grades', subtitle: 'Each authority’s latest grade of each judgement' },
      width: Math.min(width, Math.max(1, lines.length) * 110),
      height: Math.max(1, c.authorities.length) * 26,
      data: { values: cells },
      mark: { type: 'rect', cursor: 'pointer', stroke: theme.background, strokeWidth: 2 },
      encoding: {
        x: { field: 'judgementLine', type: 'nominal', title: null, sort: lines, axis: { labelAngle: 0, labelLimit: 110, orient: 'top' } },
        y: { field: 'authority', type: 'nominal', title: null, axis: { labelLimit: LABEL_LIMIT } },
        color: { field: 'grade', type: 'nominal', title: 'Grade', scale: { domain: GRADES.map((g) => GRADE_LABELS[g]), range: GRADES.map((g) => theme.grades[g]) } },
        tooltip: [
          { field: 'authority', title: 'Authority' },
          { field: 'judgementLine', title: 'Judgement' },
          { field: 'grade', title: 'Grade' },
          { field: 'date', title: 'Date' },
        ],
      },
    },
  ];
  if (findings.length > 0) {
    charts.push({
      title: { text: 'Recurring findings across authorities', subtitle: 'How many authorities each finding recurs in' },
      width: Math.min(width, 480),
      height: { step: 18 },
      data: { values: findings.slice(0, 25) },
      mark: { type: 'bar', color: theme.kinds.inspection, tooltip: true },
      encoding: {
        y: { field: 'finding', type: 'nominal', title: null, sort: '-x', axis: { labelLimit: LABEL_LIMIT } },
        x: { field: 'authorities', type: 'quantitative', title: 'Authorities', axis: { tickMinStep: 1, format: 'd' } },
        tooltip: [
          { field: 'finding', title: 'Finding' },
          { field: 'names', title: 'Authorities' },
          { field: 'still', title: 'Still raised in' },
        ],
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Comparison of local authorities',
    ...(options.title === false ? {} : { title: { text: 'Authorities compared', fontSize: theme.fontSize + 4 } }),
    config: config(theme),
    padding: 12,
    vconcat: charts,
    spacing: 28,
    resolve: { scale: { color: 'independent' } },
  };
}
