// Shared helpers for the development scripts: where the local code-server lives, starting it on a
// free loopback port with fresh state, building workbench addresses, launching Chromium, stopping.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const http = require('node:http');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const CODE_SERVER_VERSION = '4.100.3';
const VSCODE_VERSION = '1.100.3';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * User settings for the fresh profile: no prompts that cover the editor (the project folders live
 * inside a git checkout) and nothing that waits for the network.
 */
const DEFAULT_SETTINGS = {
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

function installDir() {
  return path.join(PROJECT_ROOT, '.cache', `code-server-${CODE_SERVER_VERSION}`);
}

function codeServerEntry(dir = installDir()) {
  return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Environment for code-server processes: its config file and logs live in `stateDir` instead of
 * the user's home (code-server writes a default config on first start).
 */
function codeServerEnv(stateDir) {
  return {
    ...process.env,
    CODE_SERVER_CONFIG: path.join(stateDir, 'config.yaml'),
    XDG_DATA_HOME: path.join(stateDir, 'data'), // code-server's own log files
  };
}

/** The version line of `code-server --version` ("4.100.3 <commit> with Code 1.100.3"), or undefined. */
function installedVersion(dir = installDir()) {
  const entry = codeServerEntry(dir);
  if (!fs.existsSync(entry)) return undefined;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-code-server-'));
  try {
    const result = spawnSync(process.execPath, [entry, '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: codeServerEnv(stateDir),
    });
    if (result.status !== 0) return undefined;
    return result.stdout.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line));
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(2000, () => req.destroy());
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts code-server on 127.0.0.1 with fresh user-data and extensions folders and resolves once it
 * answers HTTP. `onOutput` receives the server's stdout/stderr lines (default: dropped).
 * `settings` are merged over DEFAULT_SETTINGS into the fresh profile's settings.json.
 * @param {{ port?: number, folder?: string, extensionsDir?: string, settings?: object, onOutput?: (line: string) => void, startTimeoutMs?: number }} options
 */
async function startCodeServer(options = {}) {
  const entry = codeServerEntry();
  if (!fs.existsSync(entry)) {
    throw new Error('code-server is not installed: run `node scripts/install-code-server.js` first');
  }
  const port = options.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ilacs-code-server-'));
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(stateDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2) + '\n',
  );

  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.folder) args.push(options.folder);

  // Own process group, so stop() ends code-server together with the processes it forks.
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: codeServerEnv(stateDir),
  });
  const onOutput = options.onOutput ?? (() => {});
  const output = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        output.push(line);
        if (output.length > 200) output.shift();
        onOutput(line);
      }
    });
  }
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  async function stop() {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const url = `http://${host}/`;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited while starting:\n${output.join('\n')}`);
    }
    if ((await httpStatus(`${url}healthz`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} in time:\n${output.join('\n')}`);
    }
    await sleep(250);
  }
  return { host, port, url, userDataDir, extensionsDir, process: child, stop };
}

/**
 * The workbench address opening `folder`, optionally loading an extension under development and
 * running an extension test entry. HOST must be exactly the host the browser navigates to.
 * @param {string} host
 * `extensionDevelopmentKind: 'web'` runs the extension under development (and its tests) in the web
 * worker extension host, the one vscode.dev has, from its `browser` entry.
 * @param {{ folder?: string, extensionDevelopmentPath?: string, extensionDevelopmentKind?: 'web' | 'workspace', extensionTestsPath?: string }} options
 */
function workbenchUrl(host, options = {}) {
  const params = [];
  if (options.folder) params.push(`folder=${encodeURIComponent(options.folder).replace(/%2F/g, '/')}`);
  const payload = [];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${options.extensionDevelopmentPath}`]);
  }
  if (options.extensionDevelopmentKind) payload.push(['extensionDevelopmentKind', options.extensionDevelopmentKind]);
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', `vscode-remote://${host}${options.extensionTestsPath}`]);
  }
  payload.push(['skipWelcome', 'true']);
  params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://${host}/?${params.join('&')}`;
}

/** Launches Debian's Chromium through playwright-core, with everything that phones home turned off. */
async function launchChromium(options = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`node scripts/install-code-server.js\` (it installs the Debian package) or set CHROMIUM_PATH`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Copies a folder tree (used for throw-away test workspaces). */
function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

module.exports = {
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  PROJECT_ROOT,
  installDir,
  codeServerEntry,
  installedVersion,
  codeServerEnv,
  startCodeServer,
  workbenchUrl,
  launchChromium,
  copyDir,
  sleep,
};
