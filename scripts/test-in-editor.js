#!/usr/bin/env node
// Runs the in-editor test suite (dist/test/suite.js) inside VS Code's extension host, here served by
// the local code-server and driven by Chromium through playwright-core. Exits with the suite's
// result. Build first (`node esbuild.js`) and install code-server (scripts/install-code-server.js).
//
// Usage: node scripts/test-in-editor.js [--web] [--timeout SECONDS] [--grep PATTERN]
//                                       [--extension-path DIR | --vsix FILE] [--workspace DIR] [--verbose]
//   --extension-path  the extension folder to load (default: the project). Pointing it at a folder
//                     without the extension must make the suite fail.
//   --vsix            install this package with code-server and test the installed extension
//   --workspace       folder copied into a temporary workspace (default: test/integration/workspace)
//   --web             run the web-host suite (dist/test/web-suite.js) against the browser build, in the
//                     web worker extension host (as vscode.dev runs extensions) instead
//   --verbose         also print code-server's own output and the browser console
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const { spawnSync } = require('node:child_process');
const {
  PROJECT_ROOT,
  startCodeServer,
  workbenchUrl,
  launchChromium,
  copyDir,
  codeServerEntry,
  codeServerEnv,
} = require('./lib/codeServer');

function parseArgs(argv) {
  const options = {
    timeoutSeconds: 300,
    grep: undefined,
    extensionPath: PROJECT_ROOT,
    vsix: undefined,
    workspace: path.join(PROJECT_ROOT, 'test', 'integration', 'workspace'),
    verbose: false,
    web: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--timeout') options.timeoutSeconds = Number(value());
    else if (arg === '--grep') options.grep = value();
    else if (arg === '--extension-path') options.extensionPath = path.resolve(value());
    else if (arg === '--vsix') options.vsix = path.resolve(value());
    else if (arg === '--workspace') options.workspace = path.resolve(value());
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--web') options.web = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!(options.timeoutSeconds > 0)) throw new Error('--timeout needs a positive number of seconds');
  return options;
}

/** publisher.name from package.json: the id `remote.extensionKind` is keyed by. */
const EXTENSION_ID = (() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  return `${manifest.publisher}.${manifest.name}`;
})();

function log(message) {
  console.log(`[test-in-editor] ${message}`);
}

/** Installs a .vsix into a scratch extensions folder as users would; returns the extension's folder. */
function installVsix(vsix, dir) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  const extensionsDir = path.join(dir, 'extensions');
  const result = spawnSync(
    process.execPath,
    [codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(dir, 'user-data'), '--install-extension', vsix],
    { encoding: 'utf8', env: codeServerEnv(dir) },
  );
  if (result.status !== 0) throw new Error(`code-server could not install ${vsix}:\n${result.stdout}${result.stderr}`);
  const installed = fs.readdirSync(extensionsDir).filter((name) => fs.statSync(path.join(extensionsDir, name)).isDirectory());
  if (installed.length !== 1) throw new Error(`expected one extension folder after installing ${vsix}, found: ${installed.join(', ')}`);
  log(`installed ${path.basename(vsix)} as ${installed[0]}`);
  return path.join(extensionsDir, installed[0]);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const suite = path.join(PROJECT_ROOT, 'dist', 'test', options.web ? 'web-suite.js' : 'suite.js');
  for (const file of [suite, path.join(PROJECT_ROOT, 'dist', options.web ? 'web' : '', 'extension.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(PROJECT_ROOT, file)} is missing: run \`node esbuild.js\` first`);
  }
  if (!fs.existsSync(options.workspace)) throw new Error(`workspace folder ${options.workspace} does not exist`);

  const started = Date.now();
  // A throw-away copy, so tests may write (e.g. .ilacs/) without touching the repository.
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-test-workspace-'));
  const workspace = path.join(tempRoot, 'workspace');
  copyDir(options.workspace, workspace);

  if (options.grep) process.env.ILACS_TEST_GREP = options.grep;
  let server;
  let browser;
  let timer;
  try {
    if (options.vsix) options.extensionPath = installVsix(options.vsix, path.join(tempRoot, 'vsix'));
    server = await startCodeServer({
      // The web-host suite: the extension under development runs in the web worker extension host.
      // (The workbench's `extensionDevelopmentKind` payload entry is not read in code-server 4.100.3's
      // browser workbench, so the extension's kind is configured as users can: `remote.extensionKind`.)
      settings: options.web ? { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } : undefined,
      onOutput: options.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
    });
    log(`code-server answering on ${server.url}`);
    browser = await launchChromium();
    const page = await browser.newPage();

    let finish;
    const finished = new Promise((resolve) => {
      finish = resolve;
    });
    // The workbench reports the extension host's output and the test entry's result through
    // these two functions when it runs extension tests.
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      // The workbench looks for an extension gallery; with no internet that lookup fails, harmlessly.
      if (/ENOTFOUND open-vsx\.org/.test(text) && !options.verbose) return;
      if (type === 'error') console.error(text);
      else console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) }));
    page.on('pageerror', (err) => console.error(`[browser] page error: ${err.message}`));
    if (options.verbose) page.on('console', (msg) => console.log(`[browser ${msg.type()}] ${msg.text()}`));

    const url = workbenchUrl(server.host, {
      folder: workspace,
      extensionDevelopmentPath: options.extensionPath,
      extensionDevelopmentKind: options.web ? 'web' : undefined,
      extensionTestsPath: suite,
    });
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), options.timeoutSeconds * 1000);
    });
    await page.goto(url);
    const outcome = await Promise.race([finished, timedOut]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (outcome.timeout) {
      console.error(`[test-in-editor] no result after ${options.timeoutSeconds} s: giving up`);
      return 1;
    }
    log(`extension host finished with exit code ${outcome.code} after ${seconds} s`);
    return outcome.code === 0 ? 0 : 1;
  } finally {
    clearTimeout(timer);
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[test-in-editor] ${err.message}`);
    process.exit(1);
  },
);
