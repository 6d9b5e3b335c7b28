import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Annotation } from '../../src/core/annotations';
import { gradeRows, itemRows, openMessageOf, type HistoryDataMessage } from '../../src/core/history';
import type { HistoryPanel, RenderedReport } from '../../src/extension/history';
import { api, folder, waitFor } from './helpers';

/** The authority with the most reports in the workspace, with its report files. */
async function busiestAuthority(): Promise<{ authority: string; files: string[] }> {
  const { services } = await api();
  await services.index.ensureBuilt();
  const by = new Map<string, string[]>();
  for (const r of services.index.all()) {
    const la = r.report.localAuthority;
    if (la) by.set(la, [...(by.get(la) ?? []), r.report.file]);
  }
  const [authority, files] = [...by.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  return { authority, files };
}

/** The next drawing the view reports that passes `accept`. */
function nextRender(panel: HistoryPanel, accept: (r: RenderedReport) => boolean, ms = 30_000): Promise<RenderedReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the history view did not draw as expected within ${ms} ms; last: ${JSON.stringify(panel.lastRendered)}`));
    }, ms);
    const sub = panel.onDidRender((r) => {
      if (!accept(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

describe('Authority History view', function () {
  this.timeout(120_000);
  let panel: HistoryPanel;
  let authority: string;
  let files: string[];
  let first: RenderedReport;

  before(async () => {
    ({ authority, files } = await busiestAuthority());
    assert.ok(files.length >= 2, 'the test workspace should hold an authority with two reports or more');
    const { history } = await api();
    const drawn = nextRender(history, (r) => r.authority === authority);
    const returned = await vscode.commands.executeCommand<HistoryPanel>('ilacs.showAuthorityHistory', authority);
    assert.equal(returned, history);
    panel = history;
    first = await drawn;
  });

  after(() => {
    panel?.webviewPanel?.dispose();
  });

  it('draws every report of the authority, its improvement areas and the tables beside the charts', async () => {
    const { services } = await api();
    assert.equal(first.svg, true, 'no chart was drawn');
    assert.ok(first.marks > files.length, `only ${first.marks} marks`);
    assert.equal(first.reports, files.length);
    const printed = services.index.all().filter((r) => r.report.localAuthority === authority).reduce((n, r) => n + r.report.improvementAreas.length, 0);
    assert.ok(printed > 0);
    assert.equal(first.items, printed, 'every printed improvement area is shown (no tags yet)');
    const rows = new Map(first.tables.map((t) => [t.id, t.rows]));
    assert.equal(rows.get('table-reports'), files.length);
    assert.equal(rows.get('table-items'), printed);
    assert.equal(rows.get('table-chains'), first.chains);
    assert.ok((rows.get('table-crosswalk') ?? 0) > 10, 'the crosswalk table');
    assert.ok(rows.has('table-comparison-grades'), 'several authorities: the comparison');
  });

  it("runs under a strict Content-Security-Policy: nonce scripts from the extension only, no eval, nothing blocked", () => {
    const html = panel.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'no CSP meta');
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    const script = directives.get('script-src') ?? [];
    assert.equal(script.length, 1);
    assert.match(script[0], /^'nonce-[A-Za-z0-9]{32}'$/);
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
    const nonce = script[0].slice(7, -1);
    const tags = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(tags.length, 1);
    for (const [, attrs, body] of tags) {
      assert.ok(attrs.includes(`nonce="${nonce}"`));
      assert.match(attrs, /src="[^"]*\/dist\/webview\/history\.js"/);
      assert.equal(body.trim(), '', 'no inline script');
    }
    assert.equal(first.styled, true, "the page's stylesheet was blocked");
    assert.deepEqual(first.violations, []);
    assert.deepEqual(panel.violations, []);
  });

  it('opens from the Reports view (an authority or a report) and from the report summary, for that authority', async () => {
    const { views, services } = await api();
    const roots = await views.reports.getChildren();
    for (const node of roots) {
      if (node.kind !== 'authority') continue;
      const drawn = nextRender(panel, (r) => r.authority === node.label);
      await vscode.commands.executeCommand('ilacs.showAuthorityHistory', node);
      await drawn;
      const reportNode = node.reports[0];
      const again = nextRender(panel, (r) => r.authority === node.label);
      await vscode.commands.executeCommand('ilacs.showAuthorityHistory', reportNode);
      await again;
    }
    const other = roots.find((n) => n.kind === 'authority' && n.label !== authority);
    assert.ok(other && other.kind === 'authority');
    const report = services.index.all().find((r) => r.report.localAuthority === authority);
    assert.ok(report);
    await vscode.commands.executeCommand('ilacs.showAuthorityHistory', other);
    await vscode.commands.executeCommand('ilacs.showReportSummary', report.uri);
    const summary = await waitFor('the summary', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ilacs-summary' && d.getText().includes('Show Authority History')));
    const back = nextRender(panel, (r) => r.authority === authority);
    // As its title bar button does: the command gets the summary's URI.
    await vscode.commands.executeCommand('ilacs.showAuthorityHistory', summary.uri);
    await back;
  });

  it('opens the report at the paragraph of a mark', async () => {
    const { services } = await api();
    const report = services.index.all().find((r) => r.report.localAuthority === authority && r.report.improvementAreas.length > 0);
    assert.ok(report);
    const ia = report.report.improvementAreas[0];
    await panel.openTarget(report.report.file, ia.range.start.line, ia.range.start.character);
    const editor = await waitFor('the report opened', () => (vscode.window.activeTextEditor?.document.uri.toString() === report.uri.toString() ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, ia.range.start.line);
  });

  it("opens the report at the paragraph from the view's open message for a chart mark (a grade, an improvement area)", async () => {
    const { services } = await api();
    await panel.show(authority);
    const data = panel.lastData as HistoryDataMessage;
    assert.equal(data.authority, authority);
    // The marks' data as the chart draws them, and the message the view posts for a click, Enter or Space on one.
    const grade = gradeRows(data.history).find((d) => typeof d.line === 'number' && d.line > 0);
    const item = itemRows(data.history).find((d) => typeof d.line === 'number' && d.line > 0 && (d.file !== grade?.file || d.line !== grade?.line));
    for (const [kind, datum] of [['grade', grade], ['item', item]] as const) {
      assert.ok(datum, `no ${kind} mark with a paragraph`);
      const message = openMessageOf(datum);
      assert.ok(message && typeof message.line === 'number', JSON.stringify(datum));
      const uri = services.index.all().find((r) => r.report.file === message.file)?.uri;
      assert.ok(uri, message.file);
      await panel.receive(JSON.parse(JSON.stringify(message)) as Record<string, unknown>);
      const editor = await waitFor(`the report of the ${kind} mark opened`, () => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined));
      assert.equal(editor.selection.active.line, message.line, `the ${kind}'s paragraph`);
      assert.equal(editor.selection.active.character, message.character ?? 0);
      assert.ok(editor.selection.isEmpty);
      await waitFor(`the ${kind}'s paragraph scrolled into view`, () => (editor.visibleRanges.some((r) => r.contains(editor.selection.active)) ? true : undefined));
    }
  });

  it('follows a new tag and a status change without reopening', async () => {
    const { services } = await api();
    await panel.show(authority);
    const report = services.index.all().find((r) => r.report.localAuthority === authority && r.report.paragraphs.some((p) => p.number !== null));
    assert.ok(report);
    const paragraph = report.report.paragraphs.find((p) => p.number !== null);
    assert.ok(paragraph);
    const before = panel.lastRendered?.items ?? 0;
    const tagged = nextRender(panel, (r) => r.items === before + 1);
    const tag = await vscode.commands.executeCommand<Annotation | undefined>('ilacs.tagParagraph', { uri: report.uri, paragraphId: paragraph.id, criteria: ['hp.assessments'], assessment: 'area-for-improvement' });
    assert.ok(tag);
    try {
      await tagged;
      const data = panel.lastData as { history: { items: { key: string; status: string }[] } };
      const key = `tagged:${report.report.file}#${tag.id}`;
      assert.equal(data.history.items.find((i) => i.key === key)?.status, 'open');
      const resolved = nextRender(panel, () => (panel.lastData as typeof data).history.items.find((i) => i.key === key)?.status === 'resolved');
      await vscode.commands.executeCommand('ilacs.setStatus', { uri: report.uri, id: tag.id, status: 'resolved' });
      await resolved;
    } finally {
      const removed = nextRender(panel, (r) => r.items === before);
      await vscode.commands.executeCommand('ilacs.removeTag', { uri: report.uri, id: tag.id });
      await removed;
    }
  });

  it('keeps its filters when hidden and shown again (the page is rebuilt from its saved state)', async () => {
    await panel.show(authority);
    const filtered = nextRender(panel, (r) => r.filter.lines.join() === 'help-and-protection');
    panel.setFilter({ lines: ['help-and-protection'], statuses: [] });
    const narrowed = await filtered;
    assert.ok(narrowed.items <= first.items);
    // Another editor in the panel's group hides it; without retainContextWhenHidden its page is dropped.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder().uri, files[0]));
    await vscode.window.showTextDocument(doc, { viewColumn: panel.webviewPanel?.viewColumn, preview: false });
    await waitFor('the panel hidden', () => (panel.webviewPanel?.visible === false ? true : undefined));
    const redrawn = nextRender(panel, () => true);
    panel.webviewPanel?.reveal(undefined, false);
    const again = await redrawn;
    assert.deepEqual(again.filter, { lines: ['help-and-protection'], statuses: [] });
    assert.equal(again.items, narrowed.items);
    panel.setFilter({ lines: [], statuses: [] });
    await nextRender(panel, (r) => r.filter.lines.length === 0);
  });

  it("follows the colour theme: dark, high contrast and back, redrawing in the theme's colours", async () => {
    await panel.show(authority);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const original = workbench.inspect<string>('colorTheme')?.globalValue;
    const backgrounds = new Set<string | null>();
    try {
      for (const [theme, expected] of [
        ['Default Dark Modern', 'dark'],
        ['Default High Contrast', 'high-contrast'],
        ['Default Light Modern', 'light'],
      ] as const) {
        const drawn = nextRender(panel, (r) => r.theme === expected);
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        const r = await drawn;
        assert.equal(r.svg, true);
        assert.deepEqual(r.violations, []);
        assert.equal(r.colours.chart, r.colours.editor, "the chart is drawn on the theme's editor background");
        backgrounds.add(r.colours.chart);
      }
      assert.equal(backgrounds.size, 3, 'each theme has its own background');
    } finally {
      await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
    }
  });

  it('exports SVG, PNG and a self-contained HTML page', async () => {
    await panel.show(authority);
    for (const format of ['svg', 'png', 'html'] as const) {
      const target = vscode.Uri.joinPath(folder().uri, `history-export.${format}`);
      panel.exportTarget = target;
      const done = new Promise<vscode.Uri>((resolve) => {
        const sub = panel.onDidExport((u) => {
          sub.dispose();
          resolve(u);
        });
      });
      panel.requestExport(format);
      assert.equal((await done).toString(), target.toString());
      const bytes = await vscode.workspace.fs.readFile(target);
      const text = Buffer.from(bytes).toString('utf8');
      if (format === 'svg') assert.match(text, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      if (format === 'png') assert.deepEqual([...bytes.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      if (format === 'html') {
        assert.match(text, /^<!DOCTYPE html>/);
        assert.match(text, /<svg /);
        assert.match(text, /<table id="table-reports">/);
        assert.doesNotMatch(text, /<script/);
      }
      await vscode.workspace.fs.delete(target);
    }
  });
});
