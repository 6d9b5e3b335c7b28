#!/usr/bin/env node
// `npm run screenshots`: serves the product as `npm start` does, drives it with Chromium through
// playwright-core and saves one PNG per scene into docs/images/. Look at every picture before
// committing it.
//
// Add a scene to SCENES below: `name` (the PNG's file name), `describe`, an optional
// `available(manifest)` (skip the scene until the feature it shows exists), optional `settings`
// (user settings for the scene's fresh profile, such as a colour theme) and `run(page, ctx)`,
// which leaves the window in the state to capture. Each scene starts from a fresh window.
//
// Usage: node scripts/screenshots.js [--only NAME[,NAME...]] [--no-build] [--out DIR]
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { PROJECT_ROOT, launchChromium, copyDir, sleep } = require('./lib/codeServer');
const { buildAndInstall, startProduct } = require('./lib/product');

const VIEWPORT = { width: 1400, height: 860 };

/** The report the scenes open: the first, by name, with numbered paragraphs (a full inspection). */
function pickReport(folder) {
  const reports = fs.readdirSync(folder).filter((name) => name.endsWith('.txt')).sort();
  if (reports.length === 0) throw new Error(`no .txt report in ${folder}`);
  const numbered = reports.find((name) => /^1\.\s*$/m.test(fs.readFileSync(path.join(folder, name), 'utf8')));
  return numbered ?? reports[0];
}

const contributes = (manifest, key) => manifest.contributes?.[key] ?? [];

const SCENES = [
  {
    name: 'report-open',
    describe: 'a report open in the editor, with the workspace in the Explorer',
    async run(page, ctx) {
      await openFile(page, ctx.report);
    },
  },
  {
    name: 'report-views',
    describe: 'the ILACS views in the side bar next to an open report',
    available: (manifest) => Object.values(manifest.contributes?.views ?? {}).some((views) => views.some((v) => v.id.startsWith('ilacs'))),
    async run(page, ctx) {
      await openFile(page, ctx.report);
      const container = contributes(ctx.manifest, 'viewsContainers');
      const activity = (container.activitybar ?? [])[0];
      if (activity) await page.click(`.activitybar [aria-label^="${activity.title}"]`);
      // Move the pointer off the activity bar so its tooltip does not cover the tree.
      await page.mouse.move(900, 500);
      await sleep(1500);
    },
  },
  {
    name: 'tagged-paragraph',
    describe: 'tagged paragraphs: coloured border, CodeLens with criteria, assessment and status, the status bar count',
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.tagParagraph'),
    async run(page, ctx) {
      await openFile(page, ctx.report);
      const lines = fs.readFileSync(path.join(ctx.folder, ctx.report), 'utf8').split(/\r?\n/);
      const index = lines.findIndex((line) => /^3\.\s*$/.test(line));
      if (index < 0) return 'no paragraph 3 in the report';
      await goToLine(page, index + 12);
      // Park the pointer on the empty tab bar, where it raises no hover over the text.
      await page.mouse.move(1000, 52);
      await sleep(1500);
      return undefined;
    },
  },
  {
    name: 'tag-flow',
    describe: "the first step of the tag flow: criteria suggested from the paragraph's words, first, with their reasons",
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.tagLikeLast'),
    async run(page, ctx) {
      await openFile(page, ctx.report);
      const lines = fs.readFileSync(path.join(ctx.folder, ctx.report), 'utf8').split(/\r?\n/);
      const index = lines.findIndex((line) => /^5\.\s*$/.test(line));
      if (index < 0) return 'no paragraph 5 in the report';
      await goToLine(page, index + 2);
      await runCommand(page, 'ILACS: Tag Paragraph or Selection');
      try {
        await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) .quick-input-list .monaco-list-row', { timeout: 10_000 });
      } catch {
        return 'the tag flow did not open';
      }
      await page.mouse.move(1000, 700);
      await sleep(1200);
      return undefined;
    },
  },
  {
    name: 'paragraph-hover',
    describe: 'the hover on a tagged paragraph: its section and grade, the tag, and the same finding in other reports',
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.openFinding'),
    async run(page, ctx) {
      await openFile(page, ctx.report);
      const lines = fs.readFileSync(path.join(ctx.folder, ctx.report), 'utf8').split(/\r?\n/);
      // Paragraph 3 is tagged by seedTags.
      const index = lines.findIndex((line) => /^3\.\s*$/.test(line));
      if (index < 0) return 'no paragraph 3 in the report';
      await goToLine(page, index + 1);
      const target = page.locator('.view-lines .view-line', { hasText: lines[index + 2]?.slice(0, 30) ?? '' }).first();
      if ((await target.count()) === 0) return 'the paragraph is not visible';
      const hover = '.monaco-hover:not(.hidden) .hover-contents';
      // The first hover starts reading the other reports; hover again once they are read.
      for (let attempt = 0; attempt < 6; attempt++) {
        await page.mouse.move(1300, 80, { steps: 5 });
        await sleep(attempt === 0 ? 300 : 1500);
        // force: an earlier hover may still lie over the line.
        await target.hover({ position: { x: 60, y: 8 }, force: true });
        try {
          await page.waitForSelector(hover, { timeout: 6000 });
        } catch {
          if (attempt > 0) continue;
          if (process.env.ILACS_SCREENSHOT_DEBUG) await page.screenshot({ path: process.env.ILACS_SCREENSHOT_DEBUG });
          return 'no hover appeared';
        }
        const text = await page.locator(hover).first().innerText();
        if (!/Still reading|Reading tags/.test(text)) break;
      }
      await sleep(500);
      return undefined;
    },
  },
  {
    name: 'recurrence-peek',
    describe: 'Find All Recurrences on a paragraph: the same finding in other reports, in the references peek',
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.findRecurrences'),
    async run(page, ctx) {
      await openFile(page, ctx.report);
      const lines = fs.readFileSync(path.join(ctx.folder, ctx.report), 'utf8').split(/\r?\n/);
      const index = lines.findIndex((line) => /^3\.\s*$/.test(line));
      if (index < 0) return 'no paragraph 3 in the report';
      // The paragraph's first line of text (a blank line may stand between the number and the text).
      const text = lines.findIndex((line, i) => i > index && line.trim() !== '');
      await goToLine(page, text + 1);
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
      await page.keyboard.type('ILACS: Find All Recurrences');
      await sleep(700);
      await page.keyboard.press('Enter');
      try {
        await page.waitForSelector('.peekview-widget', { timeout: 20_000 });
      } catch {
        return 'no references peek appeared';
      }
      await page.mouse.move(1000, 52);
      await sleep(1500);
      return undefined;
    },
  },
  {
    name: 'authority-history',
    describe: "the Authority History view of Wexcombe: its reports, judgements across the eras, findings and recurring findings (light theme)",
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.showAuthorityHistory'),
    run: (page) => showAuthorityHistory(page, 'Wexcombe'),
  },
  {
    name: 'authority-history-dark',
    describe: 'the Authority History view in a dark theme',
    available: (manifest) => contributes(manifest, 'commands').some((c) => c.command === 'ilacs.showAuthorityHistory'),
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    run: (page) => showAuthorityHistory(page, 'Wexcombe'),
  },
];

/** Runs a command from the command palette by its title (F1 again when a busy window missed it). */
async function runCommand(page, title) {
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 10_000 });
      break;
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
  await page.keyboard.type(title);
  await sleep(700);
  await page.keyboard.press('Enter');
}

/** Opens ILACS: Show Authority History for an authority and waits for its charts. */
async function showAuthorityHistory(page, authority) {
  // The side bar closed, so the view has the window's width.
  await page.keyboard.press('Control+B');
  await sleep(500);
  await runCommand(page, 'ILACS: Show Authority History');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await sleep(1500);
  await page.keyboard.type(authority);
  await sleep(500);
  await page.keyboard.press('Enter');
  // The webview's page sits in nested frames; wait until one of them holds the drawn chart.
  const until = Date.now() + 60_000;
  for (;;) {
    const frames = page.frames();
    let drawn = false;
    for (const frame of frames) {
      drawn = (await frame.locator('#history-chart svg').count().catch(() => 0)) > 0;
      if (drawn) break;
    }
    if (drawn) break;
    if (Date.now() > until) return 'the history chart did not appear';
    await sleep(500);
  }
  await page.mouse.move(1000, 52);
  await sleep(1500);
  return undefined;
}

/**
 * Tags two paragraphs of the photographed copy with the product's own CLI, so the pictures show
 * tags as a user would have them.
 */
function seedTags(folder, report) {
  const { execFileSync } = require('node:child_process');
  const cli = path.join(PROJECT_ROOT, 'dist', 'cli.js');
  const tag = (args) => execFileSync(process.execPath, [cli, 'tag', path.join(folder, report), '--workspace', folder, '--author', 'Sample Officer', ...args], { stdio: 'pipe' });
  try {
    tag(['--paragraph', '3', '--criterion', 'hp.assessments', '--criterion', 'hp.drift-delay', '--assessment', 'area-for-improvement', '--status', 'in-progress']);
    tag(['--paragraph', '5', '--criterion', 'lead.supervision', '--assessment', 'serious-weakness']);
  } catch (err) {
    console.log(`[screenshots] could not seed tags: ${String(err.stderr || err.message).trim()}`);
  }
}

/** Opens a workspace file through Quick Open, as a user would. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(name);
  await sleep(700);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label^="${name}"]`, { timeout: 10_000 });
  await sleep(1000);
}

/** Moves the cursor to a 1-based line with Go to Line, which also scrolls it into view. */
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await sleep(500);
}

async function waitForWorkbench(page) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  // The extension is active once its command is in the palette; give the host time to settle.
  await page.waitForSelector('.statusbar', { timeout: 30_000 });
  await sleep(2500);
}

function parseArgs(argv) {
  const options = { only: undefined, build: true, out: path.join(PROJECT_ROOT, 'docs', 'images') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') options.only = (argv[++i] ?? '').split(',');
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--out') options.out = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const unknown = (options.only ?? []).filter((name) => !SCENES.some((scene) => scene.name === name));
  if (unknown.length) throw new Error(`unknown scene(s) ${unknown.join(', ')}; known: ${SCENES.map((s) => s.name).join(', ')}`);
  if (options.build) buildAndInstall();

  // A copy of samples/ (or of the test workspace while samples/ has no report), so nothing the
  // extension writes while being photographed lands in the repository.
  const samples = path.join(PROJECT_ROOT, 'samples');
  const hasSamples = fs.existsSync(samples) && fs.readdirSync(samples).some((name) => name.endsWith('.txt'));
  const source = hasSamples ? samples : path.join(PROJECT_ROOT, 'test', 'integration', 'workspace');
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-screenshots-'));
  const folder = path.join(tempRoot, 'samples');
  copyDir(source, folder);
  const ctx = { manifest, folder, report: pickReport(folder) };
  seedTags(folder, ctx.report);

  fs.mkdirSync(options.out, { recursive: true });
  const browser = await launchChromium();
  let failures = 0;
  try {
    for (const scene of SCENES) {
      if (options.only && !options.only.includes(scene.name)) continue;
      if (scene.available && !scene.available(manifest)) {
        console.log(`[screenshots] skip ${scene.name}: the feature is not in the extension yet`);
        continue;
      }
      // A fresh server per scene: a fresh profile, so no editor state carries over between scenes.
      const product = await startProduct({ folder, settings: scene.settings });
      const page = await browser.newPage({ viewport: VIEWPORT });
      try {
        await page.goto(product.url);
        await waitForWorkbench(page);
        const skipped = await scene.run(page, ctx);
        if (skipped) {
          console.log(`[screenshots] skip ${scene.name}: ${skipped}`);
          continue;
        }
        const file = path.join(options.out, `${scene.name}.png`);
        await page.screenshot({ path: file });
        console.log(`[screenshots] ${path.relative(PROJECT_ROOT, file)}: ${scene.describe}`);
      } catch (err) {
        failures++;
        console.error(`[screenshots] scene ${scene.name} failed: ${err.message}`);
      } finally {
        await page.close();
        await product.stop();
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[screenshots] ${err.message}`);
    process.exit(1);
  },
);
