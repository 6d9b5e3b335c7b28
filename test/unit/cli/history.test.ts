import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { commandWorkspace, FakeIo, INSPECTION, readText } from '../workspace/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface HistoryJson {
  schemaVersion: number;
  authority: string;
  reports: { file: string; kind: string; era: string | null; date: { value: string; precision: string; source: string } | null; grades: { line: string | null; area: string; grade: string }[] }[];
  items: { report: string; source: string; status: string; line: string | null; range: unknown }[];
  chains: { criterion: string; firstRaised: number | null; occurrences: { report: string }[]; latestStillRaises: boolean }[];
  crosswalk: { line: string; from: string; to: string; relation: string }[];
  comparison: { authorities: { authority: string }[] } | null;
}

describe('ilacs history', () => {
  const ws = commandWorkspace('history');
  const run = ws.run;

  it('asks which authority when the folder holds several, naming them', async () => {
    const { code, io } = await run('.');
    assert.equal(code, 2);
    assert.match(io.stderr, /choose one with --authority \(Ashcombe, Brindlesham\)/);
    const unknown = await run('.', '--authority', 'Nowhere');
    assert.equal(unknown.code, 2);
    assert.match(unknown.io.stderr, /--authority Nowhere: no report in \. is about it/);
  });

  it('goes on with the built-in codebook while the workspace codebook has errors, names them and exits 1', async () => {
    const good = await run('.', '--authority', 'ashcombe', '--json');
    assert.equal(good.code, 0, good.io.stderr);
    await fs.writeFile(path.join(ws.root, '.ilacs', 'codebook.json'), '{"criteria": [}');
    const { code, io } = await run('.', '--authority', 'ashcombe', '--json');
    assert.equal(code, 1);
    assert.match(io.stderr, /^\.ilacs\/codebook\.json:1:\d+: invalid JSON/);
    assert.match(io.stderr, /ilacs history: the workspace codebook has errors; using the last valid codebook \(the built-in one\) until they are fixed\n/);
    assert.equal(io.stdout, good.io.stdout, 'the same history, made with the built-in codebook');
  });

  it('prints the history as JSON: reports with dates, eras and grades, items with status, chains, the crosswalk and the comparison', async () => {
    const tagged = new FakeIo(ws.root);
    assert.equal(await main(['tag', INSPECTION, '--paragraph', '5', '--criterion', 'cic.permanence', '--assessment', 'area-for-improvement', '--status', 'in-progress'], tagged), 0, tagged.stderr);
    const { code, io } = await run('.', '--authority', 'ashcombe', '--json');
    assert.equal(code, 0, io.stderr);
    const json = JSON.parse(io.stdout) as HistoryJson;
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.authority, 'Ashcombe');
    assert.deepEqual(
      json.reports.map((r) => r.file),
      ['ashcombe__09-november-2022.txt', 'ashcombe__14-march-2024.txt'],
    );
    const inspection = json.reports[1];
    assert.equal(inspection.era, 'ilacs-2023');
    assert.ok(inspection.date && /^\d{4}-\d{2}-\d{2}$/.test(inspection.date.value));
    assert.ok(inspection.grades.some((g) => g.line === 'children-in-care' && g.area === 'children-in-care'));
    const tag = json.items.find((i) => i.source === 'tagged');
    assert.equal(tag?.status, 'in-progress');
    assert.equal(tag?.line, 'children-in-care');
    assert.ok(json.items.some((i) => i.source === 'printed' && i.status === 'open'));
    assert.ok(json.crosswalk.some((c) => c.line === 'care-leavers' && c.from === 'ilacs-2018' && c.relation === 'splits'));
    assert.deepEqual(
      json.comparison?.authorities.map((a) => a.authority),
      ['Ashcombe', 'Brindlesham'],
    );
    for (const c of json.chains) assert.ok(c.occurrences.length >= 2);
  });

  it('writes the chart as SVG and as a self-contained HTML page, and replaces only such files', async () => {
    assert.equal((await run('.', '--authority', 'Ashcombe', '-o', 'history.svg')).code, 0);
    const svg = await readText(ws.root, 'history.svg');
    assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    assert.match(svg, /Ashcombe: inspection history/);
    const { code, io } = await run('.', '--authority', 'Ashcombe', '-o', 'history.html');
    assert.equal(code, 0, io.stderr);
    assert.match(io.stderr, /Wrote the history of Ashcombe \(2 report\(s\)\) to history\.html/);
    const html = await readText(ws.root, 'history.html');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(html, /<script|<link|src="http/);
    assert.match(html, /<table id="table-reports">/);
    assert.match(html, /<table id="table-comparison-grades">/);
    assert.equal((html.match(/<svg /g) ?? []).length, 2, 'the history and the comparison');
    assert.match(html, /<h1>Ashcombe: inspection history<\/h1>/);

    const before = await readText(ws.root, INSPECTION);
    const refused = await run('.', '--authority', 'Ashcombe', '-o', INSPECTION);
    assert.equal(refused.code, 2);
    assert.match(refused.io.stderr, /give a file ending in \.svg or \.html/);
    assert.equal(await readText(ws.root, INSPECTION), before);
  });

  (existsSync(CHROMIUM) ? it : it.skip)('writes SVG and HTML that open in Chromium (skipped without Chromium)', async function () {
    this.timeout(120_000);
    assert.equal((await run('.', '--authority', 'Ashcombe', '-o', 'history.svg')).code, 0);
    assert.equal((await run('.', '--authority', 'Ashcombe', '-o', 'history.html')).code, 0);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { launchChromium } = require('../../../scripts/lib/codeServer.js') as { launchChromium: () => Promise<import('playwright-core').Browser> };
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`file://${path.join(ws.root, 'history.svg')}`);
      const svg = await page.evaluate(() => {
        const el = document.documentElement as unknown as SVGSVGElement;
        const box = el.getBBox();
        return { name: el.nodeName, width: box.width, height: box.height, texts: el.querySelectorAll('text').length, title: [...el.querySelectorAll('text')].some((t) => t.textContent === 'Ashcombe: inspection history') };
      });
      assert.equal(svg.name, 'svg');
      assert.ok(svg.width > 400 && svg.height > 200, JSON.stringify(svg));
      assert.ok(svg.texts > 10 && svg.title);

      await page.addInitScript(() => {
        const w = window as unknown as { violations: string[] };
        w.violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.violations.push(e.violatedDirective));
      });
      await page.goto(`file://${path.join(ws.root, 'history.html')}`);
      const html = await page.evaluate(() => {
        const charts = [...document.querySelectorAll('figure.chart svg')].map((s) => (s as SVGSVGElement).getBoundingClientRect().width);
        return {
          charts,
          reports: document.querySelectorAll('#table-reports tbody tr').length,
          violations: (window as unknown as { violations: string[] }).violations,
          title: document.title,
        };
      });
      assert.equal(html.title, 'Ashcombe: inspection history');
      assert.equal(html.charts.length, 2);
      assert.ok(html.charts.every((w) => w > 200), JSON.stringify(html.charts));
      assert.equal(html.reports, 2);
      assert.deepEqual(html.violations, []);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
    await fs.rm(path.join(ws.root, 'history.svg'));
  });
});
