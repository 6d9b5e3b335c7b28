// Builds the extension, makes sure code-server is installed and serves the product: VS Code on
// 127.0.0.1 with the extension loaded and a workspace folder open. Used by `npm start` and
// `npm run screenshots`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { PROJECT_ROOT, startCodeServer, workbenchUrl } = require('./codeServer');

function runNodeScript(script, args = []) {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`node ${script} ${args.join(' ')} failed${result.status === null ? '' : ` with exit code ${result.status}`}`);
  }
}

/** `node esbuild.js`, then the code-server installer (which reuses an existing installation). */
function buildAndInstall() {
  runNodeScript('esbuild.js');
  runNodeScript('scripts/install-code-server.js');
}

/**
 * Serves the product with `folder` open and the extension loaded from this checkout's dist/.
 * mode 'installed' (default): the checkout is linked into the fresh extensions folder, so VS Code
 * loads it like an installed extension and the plain server address works.
 * mode 'development': the checkout is the extension under development (the window title says
 * "Extension Development Host"); the address carries that in its query.
 * @param {{ folder: string, port?: number, mode?: 'installed' | 'development', settings?: object, onOutput?: (line: string) => void }} options
 */
async function startProduct(options) {
  const mode = options.mode ?? 'installed';
  const server = await startCodeServer({ port: options.port, folder: options.folder, settings: options.settings, onOutput: options.onOutput });
  try {
    if (mode === 'installed') {
      const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
      const id = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
      fs.symlinkSync(PROJECT_ROOT, path.join(server.extensionsDir, id), 'dir');
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  const url =
    mode === 'installed'
      ? `${server.url}?folder=${encodeURIComponent(options.folder).replace(/%2F/g, '/')}`
      : workbenchUrl(server.host, { folder: options.folder, extensionDevelopmentPath: PROJECT_ROOT });
  return { server, url, stop: () => server.stop() };
}

module.exports = { buildAndInstall, startProduct };
