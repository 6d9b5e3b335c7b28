/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Authority History webview's script (bundled for the browser into dist/webview/history.js).
 * It draws the specification the core builds (`historySpec`, `comparisonSpec`) with Vega, whose
 * expressions run in the expression interpreter (parsed with `ast: true`), so the page needs no
 * `unsafe-eval`. Beside each chart, the same data as tables with buttons that open the report at
 * the paragraph. The marks a click opens are also reached from the keyboard: each chart is one Tab
 * stop, the arrow keys move between its marks, and Enter or Space opens the one focused. Filters and the authority shown are kept with `setState`, so they survive the
 * panel being hidden (the webview is then rebuilt from scratch). Colours come from VS Code's theme
 * variables and follow theme changes.
 */
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { AnnotationStatus } from '../../core/annotations/types';
import type { LineId } from '../../core/history/crosswalk';
import { filterHistory } from '../../core/history/filter';
import { openMessageOf, type HistoryDataMessage } from '../../core/history/messages';
import type { AuthorityHistory } from '../../core/history/model';
import { comparisonSpec, DARK_THEME, historySpec, LIGHT_THEME, STATUS_LABELS, type ChartTheme } from '../../core/history/spec';
import { comparisonTables, crosswalkTable, historyTables, type HistoryTable } from '../../core/history/tables';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  authority: string | null;
  lines: LineId[];
  statuses: AnnotationStatus[];
  scrollY: number;
}

type DataMessage = HistoryDataMessage;

const vscode = acquireVsCodeApi();
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`);
  vscode.postMessage({ type: 'csp-violation', directive: e.violatedDirective, blocked: e.blockedURI });
});

const saved = (vscode.getState() as ViewState | undefined) ?? { authority: null, lines: [], statuses: [], scrollY: 0 };
let state: ViewState = { authority: saved.authority ?? null, lines: saved.lines ?? [], statuses: saved.statuses ?? [], scrollY: saved.scrollY ?? 0 };
let data: DataMessage | null = null;
let views: View[] = [];
let restoredScroll = false;

function save(): void {
  vscode.setState(state);
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/** The chart colours of the current VS Code theme. */
function currentTheme(): ChartTheme {
  const cls = document.body.classList;
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const base = dark ? DARK_THEME : LIGHT_THEME;
  const fg = cssVar('--vscode-editor-foreground', base.foreground);
  return {
    ...base,
    name: highContrast ? (dark ? 'high-contrast' : 'high-contrast-light') : dark ? 'dark' : 'light',
    foreground: fg,
    muted: highContrast ? fg : cssVar('--vscode-descriptionForeground', base.muted),
    grid: highContrast ? cssVar('--vscode-contrastBorder', fg) : cssVar('--vscode-editorWidget-border', base.grid),
    background: cssVar('--vscode-editor-background', base.background),
    band: highContrast ? cssVar('--vscode-editor-background', base.background) : base.band,
    font: cssVar('--vscode-font-family', base.font),
    fontSize: Number.parseFloat(cssVar('--vscode-font-size', '12')) || 12,
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
}

function open(t: unknown): void {
  const message = openMessageOf(t);
  if (message) vscode.postMessage(message);
}

/** The scenegraph item Vega's SVG renderer binds to the element it draws for it. */
function itemOf(node: Element): { datum?: unknown; mark?: { marktype?: string } } | undefined {
  return (node as unknown as { __data__?: { datum?: unknown; mark?: { marktype?: string } } }).__data__;
}

/** The SVG elements of a chart's marks that open a place (one per point or cell; a chain's line is left to its points). */
function openableMarks(container: HTMLElement): SVGElement[] {
  return [...container.querySelectorAll<SVGElement>('svg g.mark-symbol > path, svg g.mark-rect > path')].filter((node) => {
    const item = itemOf(node);
    return item?.mark?.marktype !== 'line' && openMessageOf(item?.datum) !== null;
  });
}

/**
 * Makes a chart's marks keyboard-usable: the chart is one Tab stop (its first mark, or the one
 * last focused), the arrow keys, Home and End move between the marks in drawing order, and Enter
 * or Space opens the focused mark's report at its paragraph, as a click does. Each mark is a
 * button to assistive technology, named by the description Vega-Lite gives it.
 */
function keyboardMarks(container: HTMLElement): void {
  const marks = openableMarks(container);
  marks.forEach((m, i) => {
    m.setAttribute('tabindex', i === 0 ? '0' : '-1');
    m.setAttribute('role', 'button');
    m.classList.add('mark');
  });
  const focusMark = (i: number): void => {
    const to = (i + marks.length) % marks.length;
    for (const m of marks) m.setAttribute('tabindex', m === marks[to] ? '0' : '-1');
    marks[to].focus();
  };
  container.addEventListener('keydown', (e) => {
    const i = marks.indexOf(e.target as SVGElement);
    if (i < 0) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') focusMark(i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') focusMark(i - 1);
    else if (e.key === 'Home') focusMark(0);
    else if (e.key === 'End') focusMark(marks.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') open(itemOf(marks[i])?.datum);
    else return;
    e.preventDefault();
  });
  container.addEventListener('focusin', (e) => {
    const i = marks.indexOf(e.target as SVGElement);
    if (i >= 0) for (const m of marks) m.setAttribute('tabindex', m === marks[i] ? '0' : '-1');
  });
}

/** Where the keyboard focus is, so that a redraw (a filter ticked, new data) can put it back. */
function focusPlace(): { id: string } | { chart: string; mark: number } | null {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  if (active.id) return { id: active.id };
  const chart = active.closest('.chart');
  if (chart?.id) return { chart: chart.id, mark: openableMarks(chart as HTMLElement).indexOf(active as SVGElement) };
  return null;
}

function restoreFocus(place: ReturnType<typeof focusPlace>): void {
  if (!place) return;
  if ('id' in place) {
    (document.getElementById(place.id) as HTMLElement | null)?.focus();
    return;
  }
  const chart = document.getElementById(place.chart);
  if (!chart) return;
  const marks = openableMarks(chart);
  const mark = marks[Math.min(Math.max(place.mark, 0), marks.length - 1)];
  if (!mark) return;
  for (const m of marks) m.setAttribute('tabindex', m === mark ? '0' : '-1');
  mark.focus();
}

function renderTable(t: HistoryTable): HTMLElement {
  const table = el('table', { id: `table-${t.id}` });
  table.append(el('caption', {}, t.caption));
  const head = el('tr');
  for (const h of t.headers) head.append(el('th', { scope: 'col' }, h));
  if (t.rows.some((r) => r.target)) head.append(el('th', { scope: 'col' }, 'Open'));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const r of t.rows) {
    const tr = el('tr');
    r.cells.forEach((c, i) => tr.append(i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)));
    if (r.target) {
      const target = r.target;
      const button = el('button', { type: 'button', className: 'open' }, 'Open');
      button.setAttribute('aria-label', `Open ${r.cells.slice(0, 2).filter(Boolean).join(', ')} in the report`);
      button.addEventListener('click', () => open(target));
      tr.append(el('td', {}, button));
    } else if (t.rows.some((x) => x.target)) tr.append(el('td'));
    body.append(tr);
  }
  table.append(body);
  return el('div', { className: 'table-wrap' }, table);
}

async function drawChart(container: HTMLElement, spec: Record<string, unknown>, label: string): Promise<View> {
  const vgSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vgSpec, undefined, { ast: true }), { expr: expressionInterpreter, renderer: 'svg', container, hover: true });
  container.setAttribute('role', 'figure');
  container.setAttribute('aria-label', `${label}. Tab to its marks, move between them with the arrow keys and press Enter to open a report at the paragraph. The same data is in the tables that follow.`);
  view.addEventListener('click', (_event, item) => open((item as { datum?: unknown } | null | undefined)?.datum));
  await view.runAsync();
  keyboardMarks(container);
  return view;
}

function checkboxGroup<T extends string>(name: string, legend: string, options: { id: T; label: string }[], chosen: T[], onChange: (chosen: T[]) => void): HTMLFieldSetElement {
  const set = el('fieldset', { className: 'filter' }, el('legend', {}, legend));
  for (const o of options) {
    const box = el('input', { type: 'checkbox', checked: chosen.includes(o.id), value: o.id, id: `filter-${name}-${o.id}` });
    box.addEventListener('change', () => {
      const now = [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value as T);
      onChange(now);
    });
    set.append(el('label', {}, box, ` ${o.label}`));
  }
  return set;
}

function filtered(): AuthorityHistory | null {
  if (!data) return null;
  return filterHistory(data.history, { lines: state.lines, statuses: state.statuses });
}

async function render(): Promise<void> {
  if (!data) return;
  const focus = focusPlace();
  for (const v of views) v.finalize();
  views = [];
  const root = document.getElementById('root') as HTMLElement;
  root.replaceChildren();
  const history = filtered() as AuthorityHistory;
  const theme = currentTheme();
  // Room for the row labels on the left and the legends on the right.
  const width = Math.max(360, Math.min(1000, document.body.clientWidth - 560));

  const toolbar = el('div', { className: 'toolbar', role: 'toolbar' });
  toolbar.setAttribute('aria-label', 'History');
  if (data.authorities.length > 1) {
    const select = el('select', { id: 'authority' });
    for (const a of data.authorities) select.append(el('option', { value: a, selected: a === data.authority }, a));
    select.addEventListener('change', () => {
      state = { ...state, authority: select.value };
      save();
      vscode.postMessage({ type: 'authority', authority: select.value });
    });
    toolbar.append(el('label', { htmlFor: 'authority' }, 'Authority '), select);
  }
  for (const format of ['svg', 'png', 'html'] as const) {
    const b = el('button', { type: 'button', id: `export-${format}` }, `Export ${format.toUpperCase()}`);
    b.addEventListener('click', () => void exportAs(format));
    toolbar.append(b);
  }
  root.append(el('h1', {}, `${data.authority}: inspection history`), toolbar);

  const filters = el('div', { className: 'filters' });
  filters.append(
    checkboxGroup('line', 'Judgement', data.lines.filter((l) => data?.history.reports.some((r) => r.grades.some((g) => g.line === l.id)) || data?.history.items.some((i) => i.line === l.id)), state.lines, (lines) => {
      state = { ...state, lines };
      save();
      void render();
    }),
    checkboxGroup('status', 'Status', (['open', 'in-progress', 'resolved'] as AnnotationStatus[]).map((s) => ({ id: s, label: STATUS_LABELS[s] })), state.statuses, (statuses) => {
      state = { ...state, statuses };
      save();
      void render();
    }),
  );
  filters.append(el('p', { className: 'hint' }, 'Nothing ticked shows everything. Click a mark (or Tab to a chart, move with the arrow keys and press Enter), or use Open in a table, to open the report at the paragraph.'));
  root.append(filters);

  const section = el('section', { className: 'history' });
  section.setAttribute('aria-label', 'History');
  const chart = el('div', { className: 'chart', id: 'history-chart' });
  section.append(chart);
  for (const t of historyTables(history)) section.append(renderTable(t));
  const cw = el('details', {}, el('summary', {}, 'How judgements continue across the eras'), renderTable(crosswalkTable()));
  section.append(cw);
  root.append(section);
  views.push(await drawChart(chart, historySpec(history, { theme, width, title: false }), `Inspection history of ${data.authority}`));

  if (data.comparison && data.comparison.authorities.length > 1) {
    const cmp = el('section', { className: 'comparison' }, el('h2', {}, 'Authorities compared'));
    const cchart = el('div', { className: 'chart', id: 'comparison-chart' });
    cmp.append(cchart);
    for (const t of comparisonTables(data.comparison)) cmp.append(renderTable(t));
    root.append(cmp);
    views.push(await drawChart(cchart, comparisonSpec(data.comparison, { theme, width, title: false }), 'Comparison of the authorities in the workspace'));
  }
  restoreFocus(focus);
  if (!restoredScroll) {
    restoredScroll = true;
    window.scrollTo(0, state.scrollY);
  }
  const marks = document.querySelectorAll('#history-chart svg path, #history-chart svg rect, #history-chart svg circle').length;
  vscode.postMessage({
    type: 'rendered',
    authority: data.authority,
    reports: history.reports.length,
    items: history.items.length,
    chains: history.chains.length,
    marks,
    svg: document.querySelector('#history-chart svg') !== null,
    tables: [...document.querySelectorAll('table')].map((t) => ({ id: t.id, rows: t.tBodies[0]?.rows.length ?? 0 })),
    violations,
    theme: theme.name,
    filter: { lines: state.lines, statuses: state.statuses },
    colours: { chart: chartBackground(), editor: asRgb(theme.background) },
    styled: getComputedStyle(document.documentElement).getPropertyValue('--ilacs-history-styles').trim() === '1',
  });
}

/** A CSS colour as the browser computes it (`rgb(r, g, b)`), so colours written differently compare. */
function asRgb(colour: string): string {
  const probe = el('span');
  probe.style.backgroundColor = colour;
  document.body.append(probe);
  const rgb = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return rgb;
}

/** The background the history chart was drawn on (Vega sets it on its SVG element). */
function chartBackground(): string | null {
  const svg = document.querySelector('#history-chart svg');
  return svg ? getComputedStyle(svg).backgroundColor : null;
}

/** Export: drawn again headless in the light theme (for paper), then sent to the extension to save. */
async function exportAs(format: 'svg' | 'png' | 'html'): Promise<void> {
  if (!data) return;
  const history = filtered() as AuthorityHistory;
  // The HTML page has its own heading; an SVG or PNG on its own carries the authority's name as its title.
  const specs = [historySpec(history, { theme: LIGHT_THEME, title: format !== 'html' })];
  if (format === 'html' && data.comparison && data.comparison.authorities.length > 1) specs.push(comparisonSpec(data.comparison, { theme: LIGHT_THEME }));
  const outputs: string[] = [];
  for (const spec of specs) {
    const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec, undefined, { ast: true }), { expr: expressionInterpreter, renderer: 'none' });
    outputs.push(format === 'png' ? await view.toImageURL('png', 2) : await view.toSVG());
    view.finalize();
  }
  vscode.postMessage({ type: 'export', format, authority: data.authority, outputs, filter: { lines: state.lines, statuses: state.statuses } });
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as DataMessage | { type: 'export'; format: 'svg' | 'png' | 'html' } | { type: 'filter'; lines: LineId[]; statuses: AnnotationStatus[] };
  if (message.type === 'data') {
    data = message;
    if (state.authority !== message.authority) {
      state = { ...state, authority: message.authority };
      save();
    }
    void render();
  } else if (message.type === 'export') {
    void exportAs(message.format);
  } else if (message.type === 'filter') {
    // What ticking the filter boxes does, for the command that sets them.
    state = { ...state, lines: message.lines, statuses: message.statuses };
    save();
    void render();
  }
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  if (scrollTimer) clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    state = { ...state, scrollY: window.scrollY };
    save();
  }, 200);
});

new MutationObserver(() => void render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready', authority: state.authority });
