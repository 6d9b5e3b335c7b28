#!/usr/bin/env node
// Draws the Marketplace icon (media/icon.png, 128x128) from the activity-bar glyph media/ilacs.svg:
// the glyph in white on a rounded tile, rendered by Chromium so the PNG matches the SVG exactly.
//
// Usage: node scripts/icon.js
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PROJECT_ROOT, launchChromium } = require('./lib/codeServer');

const SIZE = 128;
const TILE = '#1f5f8b';

async function main() {
  const glyph = fs.readFileSync(path.join(PROJECT_ROOT, 'media', 'ilacs.svg'), 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"');
  const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:24px;background:${TILE};display:flex;align-items:center;justify-content:center">
${glyph.replace('width="24" height="24"', 'width="96" height="96"')}
</div></body></html>`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(html);
    const out = path.join(PROJECT_ROOT, 'media', 'icon.png');
    await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    console.log(`wrote ${path.relative(PROJECT_ROOT, out)}`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
