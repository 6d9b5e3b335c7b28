#!/usr/bin/env node
// `npm start`: builds the extension, installs code-server when needed, and serves VS Code on
// 127.0.0.1 with the extension loaded and samples/ open. Runs until Ctrl-C.
//
// Usage: node scripts/start.js [--port N] [--folder DIR] [--dev] [--no-build] [--verbose]
//   --dev  load the checkout as the extension under development instead of as an installed one
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { PROJECT_ROOT } = require('./lib/codeServer');
const { buildAndInstall, startProduct } = require('./lib/product');

function parseArgs(argv) {
  const options = { port: undefined, folder: path.join(PROJECT_ROOT, 'samples'), build: true, verbose: false, dev: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--folder') options.folder = path.resolve(argv[++i] ?? '');
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--dev') options.dev = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (options.port === undefined && process.env.PORT) options.port = Number(process.env.PORT);
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)) {
    throw new Error('the port must be a whole number between 1 and 65535');
  }
  if (!fs.existsSync(options.folder)) throw new Error(`folder ${options.folder} does not exist`);
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) buildAndInstall();
  const product = await startProduct({
    port: options.port,
    folder: options.folder,
    mode: options.dev ? 'development' : 'installed',
    onOutput: options.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server...');
    await product.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log('');
  console.log(`VS Code with ILACS Annotator is running, workspace ${path.relative(PROJECT_ROOT, options.folder) || '.'}.`);
  console.log('Open this address in a browser (the extension runs from this checkout\'s dist/):');
  console.log('');
  console.log(`  ${product.url}`);
  console.log('');
  console.log('After `npm run build` (or with `npm run watch` running), reload the browser window to pick up changes.');
  console.log('Press Ctrl-C to stop.');
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
