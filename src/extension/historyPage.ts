/**
 * The Authority History webview's page: its Content-Security-Policy and markup. Kept free of the
 * `vscode` module, so the browser test of the webview script loads it in the very page the
 * extension gives the webview.
 */
export interface HistoryPageOptions {
  /** A fresh random nonce: the only script the page runs carries it. */
  nonce: string;
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  /** Addresses of dist/webview/history.js and media/history.css as the webview loads them. */
  script: string;
  style: string;
}

/** `default-src 'none'`; the one nonce script; styles, images and fonts from the extension only (images also as data: URLs, for the PNG export). */
export function historyCsp(o: Pick<HistoryPageOptions, 'nonce' | 'cspSource'>): string {
  return [`default-src 'none'`, `script-src 'nonce-${o.nonce}'`, `style-src ${o.cspSource}`, `img-src ${o.cspSource} data:`, `font-src ${o.cspSource}`].join('; ');
}

export function historyPage(o: HistoryPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${historyCsp(o)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${o.style}">
<title>Authority history</title>
</head>
<body>
<main id="root" aria-live="polite"><p>Reading the reports…</p></main>
<script nonce="${o.nonce}" src="${o.script}"></script>
</body>
</html>`;
}
