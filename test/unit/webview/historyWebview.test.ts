/**
 * The Authority History webview's script (dist/webview/history.js, bundled here with the options
 * esbuild.js uses) in Chromium, in the page the extension gives the webview (its
 * Content-Security-Policy included), with a stand-in for `acquireVsCodeApi` that records what the
 * page posts and saves. It is given the data message the extension sends for the sample reports,
 * then used with the mouse and the keyboard. Skipped, saying so, when Chromium is not installed.
 */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadCodebook } from '../../../src/core/codebook';
import { buildHistoryDocument, filterHistory, historyDataMessage, historyOf, type HistoryDataMessage } from '../../../src/core/history';
import { loadWorkspace } from '../../../src/core/workspace';
import { historyPage } from '../../../src/extension/historyPage';
import { nodeCodebookFileSystem } from '../../../src/node/codebookFiles';
import { openNodeWorkspace } from '../../../src/node/workspace';
import { makeWorkspace, removeWorkspace } from '../workspace/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PROJECT = path.resolve(__dirname, '..', '..', '..');
/** The origin the page and its resources are served from (Playwright answers every request to it). */
const ORIGIN = 'https://webview.ilacs.test';
const NONCE = 'TestNonce0123456789abcdefghijklm';
/** The focus colour the page is given as VS Code's `--vscode-focusBorder`. */
const FOCUS_BORDER = 'rgb(255, 0, 170)';

interface Posted {
  type: string;
  [key: string]: unknown;
}
interface ViewState {
  authority: string | null;
  lines: string[];
  statuses: string[];
  scrollY: number;
}
/** What the stand-in VS Code API recorded in the page. */
interface Recorded {
  posted: Posted[];
  states: ViewState[];
  violations: string[];
}
/** A chart mark as the page draws it: the datum Vega bound to it and its place on screen. */
interface MarkInfo {
  datum: Record<string, unknown>;
  x: number;
  y: number;
  role: string | null;
  label: string | null;
}

/** The bundle's options from esbuild.js, built in memory. */
async function buildWebviewScript(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { builds } = require('../../../esbuild.js') as { builds: Record<string, unknown>[] };
  const options = builds.find((b) => b.outfile === 'dist/webview/history.js');
  assert.ok(options, 'esbuild.js has no build of dist/webview/history.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = await esbuild.build({ ...options, absWorkingDir: PROJECT, write: false, logLevel: 'silent' } as import('esbuild').BuildOptions);
  const out = result.outputFiles?.find((f) => f.path.endsWith('history.js'));
  assert.ok(out);
  return out.text;
}

/** The data message the extension sends for one authority of a workspace folder. */
async function dataMessage(root: string, authority: string): Promise<HistoryDataMessage> {
  const codebook = await loadCodebook(root, nodeCodebookFileSystem);
  assert.ok(codebook.ok);
  const ws = openNodeWorkspace(root);
  const doc = buildHistoryDocument(await loadWorkspace(ws.fs, ws.store), codebook.codebook);
  const history = historyOf(doc, authority);
  assert.ok(history, `no history of ${authority}`);
  return historyDataMessage(doc, history);
}

/**
 * Runs in the page before its script (given as source: the test runner's compiler would add
 * helpers to a function that the page does not have): the webview's API, recording what the page
 * posts and saves, and the theme as VS Code gives it, a class on <body> and colours as variables.
 */
function fakeVsCode(saved: ViewState | null): string {
  return `(() => {
  const recorded = { posted: [], states: [], violations: [] };
  window.recorded = recorded;
  let state = ${JSON.stringify(saved)} ?? undefined;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => recorded.posted.push(JSON.parse(JSON.stringify(m))),
      getState: () => state,
      setState: (s) => { state = s; recorded.states.push(JSON.parse(JSON.stringify(s))); },
    };
  };
  document.addEventListener('securitypolicyviolation', (e) => recorded.violations.push(e.violatedDirective + ' ' + e.blockedURI));
  document.addEventListener('DOMContentLoaded', () => {
    const vars = {
      '--vscode-editor-foreground': '#1f1f1f',
      '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#616161',
      '--vscode-focusBorder': '#ff00aa',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-font-family': 'sans-serif',
      '--vscode-font-size': '13px',
    };
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    document.body.classList.add('vscode-light');
  });
})();`;
}

(existsSync(CHROMIUM) ? describe : describe.skip)(`Authority History webview in Chromium${existsSync(CHROMIUM) ? '' : ` (skipped: no Chromium at ${CHROMIUM}; install it with node scripts/install-code-server.js or set CHROMIUM_PATH)`}`, function () {
  this.timeout(120_000);
  let root: string;
  let script: string;
  let style: string;
  let data: HistoryDataMessage;
  let browser: Browser;

  before(async () => {
    root = await makeWorkspace();
    [script, style, data] = await Promise.all([buildWebviewScript(), fs.readFile(path.join(PROJECT, 'media', 'history.css'), 'utf8'), dataMessage(root, 'Ashcombe')]);
    assert.ok(data.history.items.length >= 2 && data.history.reports.some((r) => r.grades.some((g) => g.line && g.range)), 'the sample reports have items and graded judgements');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { launchChromium } = require('../../../scripts/lib/codeServer.js') as { launchChromium: () => Promise<Browser> };
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (root) await removeWorkspace(root);
  });

  /** Problems the page logged (errors, CSP reports), per page. */
  const problems = new WeakMap<Page, string[]>();

  /** Opens the view's page as the webview shows it, with `saved` as the state VS Code kept for it. */
  async function openPage(saved: ViewState | null = null): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const logged: string[] = [];
    problems.set(page, logged);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning' || /Content.Security.Policy/i.test(m.text())) logged.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => logged.push(`page error: ${e.message}`));
    const html = historyPage({ nonce: NONCE, cspSource: ORIGIN, script: `${ORIGIN}/dist/webview/history.js`, style: `${ORIGIN}/media/history.css` });
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/index.html') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: html });
      if (url.pathname === '/dist/webview/history.js') return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: script });
      if (url.pathname === '/media/history.css') return route.fulfill({ contentType: 'text/css; charset=utf-8', body: style });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.addInitScript({ content: fakeVsCode(saved) });
    await page.goto(`${ORIGIN}/index.html`);
    await until(page, 'ready', (r) => r.posted.some((m) => m.type === 'ready'));
    return page;
  }

  /**
   * Waits until `check` holds for what the page recorded. (Playwright's waitForFunction evaluates
   * its predicate with eval, which the page's policy rightly refuses.)
   */
  async function until(page: Page, what: string, check: (r: Recorded) => boolean, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    for (;;) {
      const r = await recorded(page);
      if (check(r)) return;
      if (Date.now() > end) throw new Error(`the page did not post ${what} within ${ms} ms; it posted ${JSON.stringify(r.posted.map((m) => m.type))}, logged ${JSON.stringify(problems.get(page))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const recorded = (page: Page): Promise<Recorded> => page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);
  const posted = async (page: Page, type: string): Promise<Posted[]> => (await recorded(page)).posted.filter((m) => m.type === type);

  /** Sends the page the extension's data message and waits until it has drawn (the `rendered` message). */
  async function sendData(page: Page, message: HistoryDataMessage = data): Promise<Posted> {
    const before = (await posted(page, 'rendered')).length;
    await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
    return waitForRendered(page, before);
  }

  async function waitForRendered(page: Page, before: number): Promise<Posted> {
    await until(page, 'rendered', (r) => r.posted.filter((m) => m.type === 'rendered').length > before);
    // Let a second redraw queued behind the first (a theme class, a filter) settle.
    await page.waitForTimeout(150);
    const rendered = await posted(page, 'rendered');
    return rendered[rendered.length - 1];
  }

  /** The history chart's marks that open a place, in drawing order. */
  function marks(page: Page): Promise<MarkInfo[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll('#history-chart svg path')].flatMap((node) => {
        const item = (node as unknown as { __data__?: { datum?: Record<string, unknown>; mark?: { marktype?: string } } }).__data__;
        if (!item?.datum || typeof item.datum.file !== 'string' || item.mark?.marktype === 'line') return [];
        const box = node.getBoundingClientRect();
        return [{ datum: item.datum, x: box.x + box.width / 2, y: box.y + box.height / 2, role: node.getAttribute('role'), label: node.getAttribute('aria-label') }];
      }),
    );
  }

  /** The zero-based place a grade or an item of the data opens at, from the model (not the chart). */
  function expectedPlace(datum: Record<string, unknown>): { line: number | null; character: number | null } {
    const report = data.history.reports.find((r) => r.file === datum.file);
    assert.ok(report, String(datum.file));
    let range = null;
    // A judgement's grade is given in one paragraph, whichever lines of the crosswalk it is drawn on.
    if (datum.mark === 'grade') range = report.grades.find((g) => g.line !== null && g.areaLabel === datum.judgement)?.range ?? null;
    else if (datum.mark === 'item') range = data.history.items.find((i) => i.report === datum.file && i.text.startsWith(String(datum.text).replace(/…$/, '')))?.range ?? null;
    else if (datum.mark === 'report') range = null;
    return { line: range ? range.start.line : null, character: range ? range.start.character : null };
  }

  /** What the active element is: a chart mark (its index among `marks`), or an element by id, tag and table. */
  function focused(page: Page): Promise<{ tag: string; id: string; mark: number; chart: string | null; table: string | null; checked: boolean | null; outline: string; outlineColor: string }> {
    return page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const chart = a.closest('.chart');
      const all = chart ? [...chart.querySelectorAll('svg path')].filter((n) => n.getAttribute('role') === 'button') : [];
      const css = getComputedStyle(a);
      return {
        tag: a.tagName.toLowerCase(),
        id: a.id,
        mark: all.indexOf(a),
        chart: chart?.id ?? null,
        table: a.closest('table')?.id ?? null,
        checked: a instanceof HTMLInputElement ? a.checked : null,
        outline: css.outlineStyle,
        outlineColor: css.outlineColor,
      };
    });
  }

  /** Presses Tab until `accept` holds for the focused element (at most `max` times); returns it. */
  async function tabTo(page: Page, what: string, accept: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 120): Promise<Awaited<ReturnType<typeof focused>>> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (accept(f)) return f;
    }
    throw new Error(`Tab never reached ${what}`);
  }

  async function assertClean(page: Page): Promise<void> {
    const r = await recorded(page);
    assert.deepEqual(r.violations, [], 'the page broke its Content-Security-Policy');
    assert.deepEqual(problems.get(page), [], 'the page logged problems');
    const rendered = (await posted(page, 'rendered')).at(-1);
    assert.deepEqual(rendered?.violations, []);
  }

  it("draws under the extension's Content-Security-Policy, styled, with nothing blocked", async () => {
    const page = await openPage();
    try {
      assert.deepEqual((await posted(page, 'ready'))[0], { type: 'ready', authority: null });
      const rendered = await sendData(page);
      assert.equal(rendered.authority, 'Ashcombe');
      assert.equal(rendered.svg, true);
      assert.equal(rendered.styled, true, "the page's stylesheet did not apply");
      assert.equal(rendered.items, data.history.items.length);
      const m = await marks(page);
      assert.ok(m.length >= data.history.reports.length + data.history.items.length, `${m.length} marks`);
      assert.ok(m.every((x) => x.role === 'button' && x.label), 'every mark is a named button');
      const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
      assert.equal(csp, `default-src 'none'; script-src 'nonce-${NONCE}'; style-src ${ORIGIN}; img-src ${ORIGIN} data:; font-src ${ORIGIN}`);
      await assertClean(page);
    } finally {
      await page.close();
    }
  });

  it("opens the report at the paragraph when a chart mark is clicked (a grade, an improvement area, a report)", async () => {
    const page = await openPage();
    try {
      await sendData(page);
      const all = await marks(page);
      for (const kind of ['grade', 'item', 'report']) {
        const mark = all.find((x) => x.datum.mark === kind);
        assert.ok(mark, `no ${kind} mark`);
        const before = (await posted(page, 'open')).length;
        await page.mouse.click(mark.x, mark.y);
        await until(page, 'open', (r) => r.posted.filter((p) => p.type === 'open').length > before);
        const opened = (await posted(page, 'open')).at(-1);
        const place = expectedPlace(mark.datum);
        if (kind !== 'report') assert.equal(typeof place.line, 'number', `the ${kind} has a paragraph to open`);
        assert.deepEqual(opened, { type: 'open', file: mark.datum.file, ...place }, `a click on a ${kind} mark`);
      }
      await assertClean(page);
    } finally {
      await page.close();
    }
  });

  it('reaches the marks with Tab (one stop per chart), moves with the arrow keys and opens with Enter and Space, showing the focus', async () => {
    const page = await openPage();
    try {
      await sendData(page);
      const all = await marks(page);
      const first = await tabTo(page, 'a mark of the history chart', (f) => f.chart === 'history-chart' && f.mark >= 0);
      assert.equal(first.mark, 0, 'Tab enters the chart at its first mark');
      assert.equal(first.outline, 'solid', 'the focused mark is outlined');
      assert.equal(first.outlineColor, FOCUS_BORDER, "in the theme's focus colour");

      await page.keyboard.press('ArrowRight');
      assert.equal((await focused(page)).mark, 1);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      assert.equal((await focused(page)).mark, all.length - 1, 'ArrowLeft from the first wraps to the last');
      await page.keyboard.press('Home');
      assert.equal((await focused(page)).mark, 0);
      await page.keyboard.press('End');
      assert.equal((await focused(page)).mark, all.length - 1);

      // Enter on a grade, Space on an improvement area.
      const grade = all.findIndex((x) => x.datum.mark === 'grade');
      const item = all.findIndex((x) => x.datum.mark === 'item');
      assert.ok(grade >= 0 && item >= 0);
      await page.keyboard.press('Home');
      for (let i = 0; i < grade; i++) await page.keyboard.press('ArrowDown');
      assert.equal((await focused(page)).mark, grade);
      await page.keyboard.press('Enter');
      for (let i = grade; i < item; i++) await page.keyboard.press('ArrowRight');
      assert.equal((await focused(page)).mark, item);
      await page.keyboard.press(' ');
      const opened = await posted(page, 'open');
      assert.deepEqual(opened, [
        { type: 'open', file: all[grade].datum.file, ...expectedPlace(all[grade].datum) },
        { type: 'open', file: all[item].datum.file, ...expectedPlace(all[item].datum) },
      ]);
      assert.equal(typeof opened[0].line, 'number');

      // The chart is one Tab stop: the next Tab leaves it, and Shift+Tab comes back to the mark last focused.
      await page.keyboard.press('Tab');
      const after = await focused(page);
      assert.ok(after.chart !== 'history-chart', `Tab stayed in the chart: ${JSON.stringify(after)}`);
      await page.keyboard.press('Shift+Tab');
      assert.equal((await focused(page)).mark, item);
      await assertClean(page);
    } finally {
      await page.close();
    }
  });

  it("opens a table row's paragraph with Enter or Space on its Open button", async () => {
    const page = await openPage();
    try {
      await sendData(page);
      const first = await tabTo(page, "the items table's first Open button", (f) => f.table === 'table-items' && f.tag === 'button');
      assert.equal(first.outline, 'solid', 'the focused button is outlined');
      assert.equal(first.outlineColor, FOCUS_BORDER);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page)).table, 'table-items');
      await page.keyboard.press(' ');
      const place = (i: number) => {
        const r = data.history.items[i].range;
        return { type: 'open', file: data.history.items[i].report, line: r ? r.start.line : null, character: r ? r.start.character : null };
      };
      assert.deepEqual(await posted(page, 'open'), [place(0), place(1)]);
      await assertClean(page);
    } finally {
      await page.close();
    }
  });

  it('filters by keyboard, keeping the focus on the box, saves the filters, and a rebuilt page (hidden, then shown) restores them', async () => {
    const page = await openPage();
    let saved: ViewState;
    let narrowed: Posted;
    try {
      await sendData(page);
      const box = await tabTo(page, 'a judgement filter box', (f) => f.id.startsWith('filter-line-'));
      const line = box.id.slice('filter-line-'.length);
      const count = (await posted(page, 'rendered')).length;
      await page.keyboard.press(' ');
      narrowed = await waitForRendered(page, count);
      assert.deepEqual(narrowed.filter, { lines: [line], statuses: [] });
      assert.equal(narrowed.items, filterHistory(data.history, { lines: [line as never] }).items.length);
      const back = await focused(page);
      assert.equal(back.id, box.id, 'the focus stays on the box after the view is redrawn');
      assert.equal(back.checked, true);

      const status = await tabTo(page, 'the Open status box', (f) => f.id === 'filter-status-open');
      assert.equal(status.checked, false);
      const again = (await posted(page, 'rendered')).length;
      await page.keyboard.press(' ');
      narrowed = await waitForRendered(page, again);
      assert.deepEqual(narrowed.filter, { lines: [line], statuses: ['open'] });
      assert.equal((await focused(page)).id, 'filter-status-open');

      const states = (await recorded(page)).states;
      saved = states[states.length - 1];
      assert.deepEqual({ ...saved, scrollY: 0 }, { authority: 'Ashcombe', lines: [line], statuses: ['open'], scrollY: 0 });

      // The authority, by keyboard: the select's next option.
      await page.focus('#authority');
      await page.keyboard.press('ArrowDown');
      await until(page, 'authority', (r) => r.posted.some((m) => m.type === 'authority'));
      assert.deepEqual(await posted(page, 'authority'), [{ type: 'authority', authority: 'Brindlesham' }]);
      const last = (await recorded(page)).states.at(-1);
      assert.equal(last?.authority, 'Brindlesham');
      await assertClean(page);
    } finally {
      await page.close();
    }

    // Hidden without retainContextWhenHidden, the page is dropped; shown again it starts from the state VS Code kept.
    const rebuilt = await openPage(saved);
    try {
      assert.deepEqual((await posted(rebuilt, 'ready'))[0], { type: 'ready', authority: 'Ashcombe' }, 'it asks for the authority it was showing');
      const redrawn = await sendData(rebuilt);
      assert.deepEqual(redrawn.filter, { lines: saved.lines, statuses: ['open'] });
      assert.equal(redrawn.items, narrowed.items);
      const ticked = await rebuilt.evaluate(() => [...document.querySelectorAll<HTMLInputElement>('.filters input:checked')].map((b) => b.id));
      assert.deepEqual(ticked, [`filter-line-${saved.lines[0]}`, 'filter-status-open']);
      await assertClean(rebuilt);
    } finally {
      await rebuilt.close();
    }
  });
});
