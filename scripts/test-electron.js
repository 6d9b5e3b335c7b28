#!/usr/bin/env node
// Runs the in-editor test suite (dist/test/suite.js) in desktop VS Code through @vscode/test-electron,
// which downloads VS Code into .vscode-test/ on first use: for machines with internet access.
// Without internet, use `npm run test:editor` (code-server and Chromium) instead: same suite.
//
// Usage: node scripts/test-electron.js [--vscode-version VERSION] [--grep PATTERN]
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { PROJECT_ROOT, copyDir } = require('./lib/codeServer');

async function main() {
  const argv = process.argv.slice(2);
  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const version = option('--vscode-version') ?? process.env.VSCODE_VERSION ?? 'stable';
  const grep = option('--grep');

  const suite = path.join(PROJECT_ROOT, 'dist', 'test', 'suite.js');
  if (!fs.existsSync(suite)) throw new Error('dist/test/suite.js is missing: run `node esbuild.js` first');

  // A throw-away copy of the test workspace, as in the code-server launcher.
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-test-workspace-'));
  const workspace = path.join(tempRoot, 'workspace');
  copyDir(path.join(PROJECT_ROOT, 'test', 'integration', 'workspace'), workspace);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: grep ? { ILACS_TEST_GREP: grep } : undefined,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(tempRoot, 'user-data'),
      ],
    });
    return 0;
  } finally {
    fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[test-electron] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
