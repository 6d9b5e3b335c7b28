#!/usr/bin/env node
// Installs the pinned code-server (VS Code's server and web workbench) into
// .cache/code-server-<version>/ without downloading anything outside the npm registry
// and the Debian archive, so the extension can run in a real VS Code on machines with
// no general internet access. Later runs reuse the installation when it still works.
//
// Usage: node scripts/install-code-server.js [--force]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  installDir,
  codeServerEntry,
  installedVersion,
} = require('./lib/codeServer');

/** Debian packages code-server and the browser tests need, with the reason for each. */
const DEBIAN_PACKAGES = [
  { name: 'libkrb5-dev', why: 'headers for the `kerberos` native module' },
  { name: 'ripgrep', why: 'search inside the workbench (replaces the binary @vscode/ripgrep would download)' },
  { name: 'pkg-config', why: 'used by native module builds' },
  { name: 'chromium', why: 'the browser Playwright drives' },
];

class InstallError extends Error {}

function log(message) {
  console.log(`[code-server] ${message}`);
}

/** Runs a command, streaming its output; throws InstallError when it fails. */
function run(command, args, options = {}) {
  const where = options.cwd ? ` (in ${path.relative(process.cwd(), options.cwd) || '.'})` : '';
  log(`$ ${command} ${args.join(' ')}${where}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new InstallError(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new InstallError(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
  }
}

function which(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function missingDebianPackages() {
  if (!which('dpkg-query')) return undefined; // not a Debian system
  return DEBIAN_PACKAGES.filter(({ name }) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || !result.stdout.includes('install ok installed');
  });
}

function ensureSystemPackages() {
  const missing = missingDebianPackages();
  if (missing === undefined) {
    if (!which('rg')) {
      throw new InstallError(
        'this is not a Debian-based system and `rg` (ripgrep) is not on PATH. Install ripgrep, the ' +
          'Kerberos development headers, pkg-config and Chromium with your package manager, then run this again.',
      );
    }
    log('not a Debian-based system: assuming the Kerberos headers, pkg-config and Chromium are installed');
    return;
  }
  if (missing.length === 0) {
    log(`Debian packages present: ${DEBIAN_PACKAGES.map((p) => p.name).join(', ')}`);
    return;
  }
  const names = missing.map((p) => p.name);
  for (const p of missing) log(`missing Debian package ${p.name}: ${p.why}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new InstallError(
      'missing Debian packages and not running as root. Run this, then run the install again:\n\n' +
        `    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${names.join(' ')}\n`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...names], { env });
}

function npm(args, cwd, extraEnv = {}) {
  run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=warn'], {
    cwd,
    env: { ...process.env, ...extraEnv },
  });
}

/** The installation steps, done in `staging` so a failed run never leaves a half-working cache. */
function installInto(staging) {
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(
    path.join(staging, 'package.json'),
    JSON.stringify({ name: 'code-server-cache', private: true, description: 'Local code-server for ILACS Annotator development' }, null, 2) + '\n',
  );

  // 1. code-server itself; its postinstall would download ripgrep from GitHub, so it is skipped
  //    and its steps are done below.
  npm(['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], staging);

  const packageDir = path.join(staging, 'node_modules', 'code-server');
  const vscodeDir = path.join(packageDir, 'lib', 'vscode');

  // 2. VS Code's own runtime dependencies.
  npm(['install', '--omit=dev', '--ignore-scripts'], vscodeDir);

  // 3. Debian's ripgrep in place of the download (@vscode/ripgrep's postinstall skips when bin/ exists).
  const rg = which('rg');
  if (!rg) throw new InstallError('`rg` is not on PATH although ripgrep should be installed');
  const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgBin, { recursive: true });
  fs.rmSync(path.join(rgBin, 'rg'), { force: true });
  fs.symlinkSync(rg, path.join(rgBin, 'rg'));

  // 4. Build the native modules (node-pty, kerberos, spdlog...). node-pty's build step calls
  //    `npx node-gyp`, which must be allowed to fetch node-gyp from the registry.
  npm(['rebuild'], vscodeDir, { npm_config_yes: 'true' });

  // 5. What code-server's postinstall does after that.
  const asar = path.join(vscodeDir, 'node_modules.asar');
  fs.rmSync(asar, { force: true, recursive: true });
  fs.symlinkSync('node_modules', asar);
  npm(['install', '--omit=dev', '--ignore-scripts'], path.join(vscodeDir, 'extensions'));
  npm(['rebuild', 'argon2'], staging, { npm_config_yes: 'true' });
}

function main() {
  const force = process.argv.includes('--force');
  const target = installDir();
  const started = Date.now();

  const [major] = process.versions.node.split('.');
  if (major !== '20') {
    throw new InstallError(`code-server ${CODE_SERVER_VERSION} needs Node 20; this is Node ${process.versions.node}`);
  }

  if (!force && fs.existsSync(target)) {
    const version = installedVersion(target);
    if (version && version.includes(CODE_SERVER_VERSION)) {
      log(`reusing ${path.relative(process.cwd(), target)}: ${version}`);
      ensureSystemPackages();
      return;
    }
    log(`${path.relative(process.cwd(), target)} exists but does not work (${version ?? 'no version'}); reinstalling`);
  }

  ensureSystemPackages();

  const staging = `${target}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}); this takes a few minutes`);
  installInto(staging);

  const version = installedVersion(staging);
  if (!version || !version.includes(CODE_SERVER_VERSION) || !version.includes(VSCODE_VERSION)) {
    throw new InstallError(
      `the installed code-server does not start: \`${codeServerEntry(staging)} --version\` printed ${JSON.stringify(version ?? '')}`,
    );
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`installed ${version} into ${path.relative(process.cwd(), target)} in ${seconds} s`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`[code-server] install failed: ${err instanceof InstallError ? err.message : err.stack}`);
    process.exit(1);
  }
}

