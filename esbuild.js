// Bundles the extension (dist/extension.js, and dist/web/extension.js for the browser), the CLI (dist/cli.js) and the in-editor
// test suite (dist/test/suite.js). `--watch` rebuilds on change, `--production` minifies.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the shape the `$esbuild-watch` problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * Provides the module `moduleName`: every `*.spec.ts` under `folder`, each loaded on demand, so a
 * suite picks up new spec files without a hand-kept list: `ilacs-integration-specs` (the in-editor
 * suite, test/integration) and `ilacs-web-specs` (the web-host suite, test/web).
 */
function specList(moduleName, folder) {
  return {
    name: `spec-list-${moduleName}`,
    setup(build) {
      const dir = path.join(__dirname, ...folder.split('/'));
      const filter = new RegExp(`^${moduleName}$`);
      build.onResolve({ filter }, () => ({ path: 'specs', namespace: moduleName }));
      build.onLoad({ filter: /.*/, namespace: moduleName }, () => {
        const files = fs
          .readdirSync(dir, { recursive: true })
          .map((file) => file.split(path.sep).join('/'))
          .filter((file) => file.endsWith('.spec.ts') && !file.startsWith('workspace/'))
          .sort();
        const entries = files.map(
          (file) => `{ file: ${JSON.stringify(`${folder}/${file}`)}, load: () => require(${JSON.stringify(`./${file}`)}) }`,
        );
        return {
          contents: `export const specs = [\n${entries.join(',\n')}\n];\n`,
          resolveDir: dir,
          loader: 'js',
          watchDirs: [dir, ...files.map((file) => path.dirname(path.join(dir, file)))],
        };
      });
    },
  };
}
const integrationSpecs = specList('ilacs-integration-specs', 'test/integration');

/**
 * Provides the module `ilacs-web-shared-report` to the web-host suite: one real report from
 * `../shared/reports` (beside the project), its PDF and its pdftotext output, bundled as they are,
 * or null when that folder is not there (the spec then skips, saying so). The worker the suite
 * runs in has no disk to read them from.
 */
const SHARED_REPORT = 'torbay__18-may-2022';
const webSharedReport = {
  name: 'web-shared-report',
  setup(build) {
    const shared = path.join(__dirname, '..', 'shared', 'reports');
    build.onResolve({ filter: /^ilacs-web-shared-report$/ }, () => ({ path: 'report', namespace: 'ilacs-web-shared-report' }));
    build.onLoad({ filter: /.*/, namespace: 'ilacs-web-shared-report' }, () => {
      const pdf = path.join(shared, 'pdf', `${SHARED_REPORT}.pdf`);
      const text = path.join(shared, 'sample', `${SHARED_REPORT}.txt`);
      if (!fs.existsSync(pdf) || !fs.existsSync(text)) return { contents: 'export default null;\n', loader: 'js' };
      const bytes = fs.readFileSync(pdf).toString('base64');
      const contents =
        `const bytes = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));\n` +
        `export default { name: ${JSON.stringify(`${SHARED_REPORT}.pdf`)}, pdf: bytes, text: ${JSON.stringify(fs.readFileSync(text, 'utf8'))} };\n`;
      return { contents, loader: 'js', watchFiles: [pdf, text] };
    });
  },
};

/**
 * Mocha's browser build (mocha/mocha.js, for the web-host suite) is a UMD script in an ES module
 * package: bundled as it is, its `module.exports = ...` would reach the web worker host's own
 * `module` and replace the suite's exports. Given a `module` of its own, it hands back the `mocha`
 * instance as its default export.
 */
const browserMocha = {
  name: 'browser-mocha',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: `const module = { exports: {} };\nconst exports = module.exports;\n${source}\nexport default module.exports;\n`, loader: 'js' };
    });
  },
};

/**
 * pdf.js (bundled for the PDF import) warns on the console while it loads that it cannot find a
 * canvas package for drawing, which the import never does. Its message level starts at
 * "warnings" until a document is opened (the import then asks for errors only); starting it at
 * "errors" keeps those load-time warnings out of the CLI's output and the extension host's log.
 * The build fails if the line is not there, so a new pdf.js cannot undo this unnoticed.
 */
const quietPdfJs = {
  name: 'quiet-pdfjs',
  setup(build) {
    build.onLoad({ filter: /[\\/]pdfjs-dist[\\/]legacy[\\/]build[\\/]pdf\.mjs$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const from = 'let verbosity = VerbosityLevel.WARNINGS;';
      if (!source.includes(from)) return { errors: [{ text: `pdf.js: "${from}" not found in ${args.path}; check the quiet-pdfjs plugin in esbuild.js` }] };
      return { contents: source.replace(from, 'let verbosity = VerbosityLevel.ERRORS;'), loader: 'js' };
    });
  },
};

/**
 * The extension and the CLI load pdf.js only when a PDF is imported: in their bundles both pdf.js
 * modules resolve to `./pdfjs.js`, a separate bundle beside them (built from
 * src/core/pdf/pdfjsBundle.ts), so activation and other commands do not parse its 1.7 MB.
 */
const pdfJsBeside = {
  name: 'pdfjs-beside',
  setup(build) {
    build.onResolve({ filter: /^pdfjs-dist\/legacy\/build\/pdf(?:\.worker)?\.mjs$/ }, () => ({ path: './pdfjs.js', external: true }));
  },
};
/**
 * Vega's canvas module for Node awaits an optional \`canvas\` package at its top level, which a
 * CommonJS bundle cannot hold; the bundles take its browser build, which finds no canvas in Node
 * (SVG output needs none; text is measured by estimate).
 */
const vegaCanvasBrowser = {
  name: 'vega-canvas-browser',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(__dirname, 'node_modules', 'vega-canvas', 'build', 'vega-canvas.browser.js') }));
  },
};

/** Options for a bundle that loads `./pdfjs.js`: `import()` becomes `require()`, which finds it beside the bundle. */
const withPdfJsBeside = { plugins: [problemMatcher, pdfJsBeside, vegaCanvasBrowser], supported: { 'dynamic-import': false } };

/** Writes the browser build's metafile beside it (dist/web/meta.json), for the Node-free check. */
const webMetafile = {
  name: 'web-metafile',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.metafile) await fs.promises.writeFile(path.join(__dirname, 'dist', 'web', 'meta.json'), JSON.stringify(result.metafile));
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's default entry is a UMD build esbuild cannot follow; its ES module build bundles.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'silent',
  plugins: [problemMatcher],
};

const builds = [
  { ...common, ...withPdfJsBeside, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { __VERSION__: JSON.stringify(require('./package.json').version) },
    ...withPdfJsBeside,
  },
  // The worker thread that reads paragraphs' features for the recurrence index, the CLI's and the desktop extension's (src/node/featureThread.ts).
  { ...common, entryPoints: ['src/node/featureWorker.ts'], outfile: 'dist/featureWorker.js' },
  { ...common, entryPoints: ['src/core/pdf/pdfjsBundle.ts'], outfile: 'dist/pdfjs.js', sourcemap: false, plugins: [problemMatcher, quietPdfJs] },
  // The Authority History webview's script: Vega, Vega-Lite and the history spec, for the browser.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    entryPoints: ['src/webview/history/main.ts'],
    outfile: 'dist/webview/history.js',
    sourcemap: false,
    minify: true,
  },
];
// The browser build (package.json's `browser`, for vscode.dev's web worker extension host): no
// Node built-in may be reached from src/extension/web.ts (scripts/lib/webBundle.js checks the
// metafile, and test/unit/webBundle.test.ts runs that check).
builds.push({
  ...common,
  entryPoints: ['src/extension/web.ts'],
  outfile: 'dist/web/extension.js',
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  // Extensions run in a web worker: no DOM (decode-named-character-reference's "browser" build needs one).
  conditions: ['worker'],
  external: ['vscode'],
  metafile: true,
  // pdf.js is bundled here (a web worker extension host cannot load a file beside the bundle): it
  // is evaluated only when a PDF is imported, and runs on the host's thread (core/pdf/extract.ts).
  plugins: [problemMatcher, quietPdfJs, webMetafile],
});
if (!production) {
  builds.push({
    ...common,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'dist/test/suite.js',
    external: ['vscode', 'mocha'],
    plugins: [problemMatcher, quietPdfJs, integrationSpecs],
  });
  // The web-host suite, run by scripts/test-in-web.js in the web worker extension host.
  builds.push({
    ...common,
    entryPoints: ['test/web/index.ts'],
    outfile: 'dist/test/web-suite.js',
    platform: 'browser',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['worker'],
    external: ['vscode'],
    // The web-host specs take their PDF fixtures as bytes bundled with them (no disk to read them from).
    loader: { '.pdf': 'binary' },
    plugins: [problemMatcher, quietPdfJs, browserMocha, webSharedReport, specList('ilacs-web-specs', 'test/web')],
  });
}

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  let failed = false;
  for (const ctx of contexts) {
    try {
      await ctx.rebuild();
    } catch {
      failed = true;
    }
    await ctx.dispose();
  }
  if (failed) process.exit(1);
}

// The options of each bundle, for tests that build one themselves (the webview's browser test).
module.exports = { builds };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
