/**
 * **ILACS: Show Authority History**: a webview of one local authority's inspection history (the
 * core's `buildHistoryDocument`, drawn by dist/webview/history.js with Vega). Opened from the
 * Reports view (on an authority or a report), the command palette (the active report's authority,
 * else a pick) and a report's context menu. One panel, reused; it follows every change to reports,
 * tags and statuses while open. Exports (SVG, PNG, HTML) are drawn by the webview and saved here.
 */
import * as vscode from 'vscode';
import { historyPage } from './historyPage';
import { SUMMARY_SCHEME } from './reportSummary';
import { buildHistoryDocument, comparisonTables, crosswalkTable, filterHistory, historyHtml, historyOf, historyDataMessage, historyTables, readOpenMessage, reportFindingsOf, type HistoryDocument, type HistoryFilter } from '../core/history';
import type { ReportFindings } from '../core/recurrence/criteria';
import { revealInReport } from './reveal';
import type { Services } from './services';
import type { ImprovementModel } from './views/improvementModel';
import type { ReportNode } from './views/reportTree';

export const SHOW_AUTHORITY_HISTORY = 'ilacs.showAuthorityHistory';

/** What the webview last reported about its drawing (for the in-editor tests). */
export interface RenderedReport {
  authority: string;
  reports: number;
  items: number;
  chains: number;
  marks: number;
  svg: boolean;
  tables: { id: string; rows: number }[];
  violations: string[];
  theme: string;
  filter: { lines: string[]; statuses: string[] };
  /** The chart's background as drawn, and the editor background of the theme it was drawn for. */
  colours: { chart: string | null; editor: string };
  /** Whether the page's stylesheet applied (it is blocked if the policy is wrong). */
  styled: boolean;
}

export class HistoryPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private authority: string | null = null;
  private doc: HistoryDocument | undefined;
  private uris = new Map<string, vscode.Uri>();
  /** Each report's findings, kept while its entry is unchanged (the model makes a new entry when the report or its tags change). */
  private readonly findings = new WeakMap<object, ReportFindings>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedReport>();
  /** Fires each time the webview has drawn the history. */
  readonly onDidRender = this.renderedEmitter.event;
  lastRendered: RenderedReport | undefined;
  /** CSP violations the webview reported since it was opened. */
  readonly violations: string[] = [];
  /** The page the webview was given (for the in-editor tests). */
  html = '';
  /** The last data sent to the webview. */
  lastData: unknown;

  constructor(
    private readonly services: Services,
    private readonly model: ImprovementModel,
  ) {
    this.disposables.push(this.renderedEmitter, model.onDidChange(() => this.scheduleUpdate()));
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  private scheduleUpdate(): void {
    if (!this.panel) return;
    this.doc = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), 250);
  }

  /** The history document of the workspace as it is now (built once per change). */
  async document(): Promise<HistoryDocument> {
    if (this.doc) return this.doc;
    const entries = await this.model.reports();
    const codebook = await this.model.codebook();
    this.uris = new Map(entries.map((e) => [e.indexed.report.file, e.indexed.uri]));
    const inputs = entries.map((e) => {
      const input = { file: e.indexed.report.file, report: e.indexed.report, annotations: e.resolved, improvementStatuses: [], items: e.items };
      let findings = this.findings.get(e);
      if (!findings) this.findings.set(e, (findings = reportFindingsOf(input, codebook)));
      return { ...input, findings };
    });
    this.doc = buildHistoryDocument(inputs, codebook);
    return this.doc;
  }

  async show(authority: string): Promise<void> {
    this.authority = authority;
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      const extensionUri = this.services.context.extensionUri;
      const panel = vscode.window.createWebviewPanel('ilacs.authorityHistory', `History: ${authority}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        // Not retained when hidden: the page keeps its filters with setState and asks for the data again.
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
      });
      this.panel = panel;
      this.violations.length = 0;
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'ilacs.svg');
      panel.webview.html = this.html = this.page(panel.webview);
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.lastRendered = undefined;
      }, undefined, this.disposables);
      panel.webview.onDidReceiveMessage((m: Record<string, unknown>) => void this.receive(m), undefined, this.disposables);
    }
    this.panel.title = `History: ${authority}`;
    await this.send();
  }

  private page(webview: vscode.Webview): string {
    const extensionUri = this.services.context.extensionUri;
    return historyPage({
      nonce: makeNonce(),
      cspSource: webview.cspSource,
      script: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'history.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'history.css')).toString(),
    });
  }

  private async send(): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.authority) return;
    const doc = await this.document();
    const history = historyOf(doc, this.authority);
    if (!history) {
      void vscode.window.showWarningMessage(`No reports about ${this.authority} are left in the workspace.`);
      return;
    }
    this.authority = history.authority;
    const data = historyDataMessage(doc, history);
    this.lastData = data;
    await panel.webview.postMessage(data);
  }

  /** Handles a message from the webview (the in-editor tests give it the messages the page posts). */
  async receive(m: Record<string, unknown>): Promise<void> {
    switch (m.type) {
      case 'ready':
        // A rebuilt page (after being hidden) asks again, for the authority it was showing.
        if (typeof m.authority === 'string' && m.authority) this.authority = m.authority;
        await this.send();
        break;
      case 'authority':
        if (typeof m.authority === 'string') {
          this.authority = m.authority;
          if (this.panel) this.panel.title = `History: ${m.authority}`;
          await this.send();
        }
        break;
      case 'open': {
        const open = readOpenMessage(m);
        if (open) await this.openTarget(open.file, open.line, open.character);
        break;
      }
      case 'export':
        await this.saveExport(m as unknown as ExportMessage);
        break;
      case 'rendered':
        this.lastRendered = m as unknown as RenderedReport;
        this.renderedEmitter.fire(this.lastRendered);
        break;
      case 'csp-violation':
        this.violations.push(`${String(m.directive)} ${String(m.blocked)}`);
        this.services.log.warn(`Authority history: the page's Content-Security-Policy blocked ${String(m.blocked) || 'an inline resource'} (${String(m.directive)})`);
        break;
    }
  }

  /** Opens a report at a place, as a click on a mark or a table's Open button does. */
  async openTarget(file: string, line: number | null, character: number | null): Promise<void> {
    const uri = this.uris.get(file);
    if (!uri) {
      void vscode.window.showWarningMessage(`${file} is no longer in the workspace.`);
      return;
    }
    const at = line === null ? null : new vscode.Position(line, character ?? 0);
    await revealInReport(uri, at ? new vscode.Range(at, at) : null, { cursorOnly: true, preview: false });
  }

  /** Sets the view's filters, as ticking its boxes does (empty: everything). */
  setFilter(filter: { lines: string[]; statuses: string[] }): void {
    void this.panel?.webview.postMessage({ type: 'filter', ...filter });
  }

  /** Asks the webview to export (as the Export buttons do); for the in-editor tests and the command. */
  requestExport(format: 'svg' | 'png' | 'html'): void {
    void this.panel?.webview.postMessage({ type: 'export', format });
  }

  /** Where the next export is written instead of asking (for the in-editor tests). */
  exportTarget: vscode.Uri | undefined;
  private readonly exportedEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidExport = this.exportedEmitter.event;

  private async saveExport(m: ExportMessage): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${m.authority.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-history.${m.format}`;
    const target =
      this.exportTarget ??
      (await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: { [m.format.toUpperCase()]: [m.format] },
        title: `Export the history of ${m.authority}`,
      }));
    this.exportTarget = undefined;
    if (!target) return;
    let bytes: Uint8Array;
    if (m.format === 'png') {
      const base64 = (m.outputs[0] ?? '').replace(/^data:image\/png;base64,/, '');
      bytes = Buffer.from(base64, 'base64');
    } else if (m.format === 'svg') {
      bytes = Buffer.from(m.outputs[0] ?? '', 'utf8');
    } else {
      const doc = await this.document();
      const history = historyOf(doc, m.authority);
      if (!history) return;
      const shown = filterHistory(history, m.filter ?? {});
      const tables = [...historyTables(shown), crosswalkTable(), ...(doc.histories.length > 1 ? comparisonTables(doc.comparison) : [])];
      bytes = Buffer.from(historyHtml({ title: `${history.authority}: inspection history`, svgs: m.outputs, tables, subtitle: `Made with ILACS Annotator on ${new Date().toISOString().slice(0, 10)}` }), 'utf8');
    }
    await vscode.workspace.fs.writeFile(target, bytes);
    this.exportedEmitter.fire(target);
    void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target)}`, 'Reveal').then((choice) => {
      if (choice === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', target);
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    this.exportedEmitter.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

interface ExportMessage {
  format: 'svg' | 'png' | 'html';
  authority: string;
  outputs: string[];
  filter?: HistoryFilter;
}

function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => chars[b % chars.length]).join('');
}

/** The authority a command argument names: a Reports view node, a report's URI, or the active report. */
async function authorityFor(services: Services, model: ImprovementModel, arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim()) return arg;
  const node = arg as ReportNode | undefined;
  if (node && typeof node === 'object' && 'kind' in node) {
    if (node.kind === 'authority') return node.label;
    if (node.kind === 'report' && node.entry.indexed.report.localAuthority) return node.entry.indexed.report.localAuthority;
  }
  const given = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  // A report summary (scheme ilacs-summary) carries the URI of the report it summarises.
  const uri = given && given.scheme === SUMMARY_SCHEME && given.query ? vscode.Uri.parse(given.query) : given;
  if (uri) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (uri.scheme === 'file' ? await vscode.workspace.openTextDocument(uri).then((d) => d, () => undefined) : undefined);
    const report = open ? services.reports.get(open) : undefined;
    if (report?.localAuthority) return report.localAuthority;
    await services.index.ensureBuilt();
    const indexed = services.index.get(uri);
    if (indexed?.report.localAuthority) return indexed.report.localAuthority;
  }
  const entries = await model.reports();
  const names = [...new Set(entries.flatMap((e) => (e.indexed.report.localAuthority ? [e.indexed.report.localAuthority.trim()] : [])))].sort((a, b) => a.localeCompare(b));
  if (names.length === 0) {
    void vscode.window.showInformationMessage('No report in this workspace names its local authority, so there is no history to show.');
    return undefined;
  }
  if (names.length === 1) return names[0];
  return vscode.window.showQuickPick(names, { title: 'Show Authority History', placeHolder: 'Local authority' });
}


export function registerAuthorityHistory(services: Services, model: ImprovementModel): vscode.Disposable & { panel: HistoryPanel } {
  const panel = new HistoryPanel(services, model);
  const command = vscode.commands.registerCommand(SHOW_AUTHORITY_HISTORY, async (arg?: unknown) => {
    const authority = await authorityFor(services, model, arg);
    if (!authority) return undefined;
    await panel.show(authority);
    return panel;
  });
  const d = vscode.Disposable.from(panel, command) as vscode.Disposable & { panel: HistoryPanel };
  d.panel = panel;
  return d;
}
