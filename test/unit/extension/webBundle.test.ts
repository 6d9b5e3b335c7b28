/**
 * The browser build (dist/web/extension.js, for vscode.dev's web worker extension host) must not
 * reach Node: built here as esbuild.js builds it, its metafile must show no Node built-in, no
 * Node adapter (src/node, the Node workspace and file helpers) and no import but `vscode`.
 */
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..', '..');
const NODE_ONLY_SOURCES = /^src\/node\/|^src\/extension\/(desktopHost|mergeDriver)\.ts$/;
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function browserBuild(entry: string): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['worker'],
    external: ['vscode'],
    write: false,
    outfile: 'dist/web/extension.js',
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile;
}

/** What in a browser build is Node's: built-ins imported, Node-only sources bundled, imports left for run time other than `vscode`. */
function nodeParts(meta: esbuild.Metafile): string[] {
  const found: string[] = [];
  for (const [file, input] of Object.entries(meta.inputs)) {
    if (NODE_ONLY_SOURCES.test(file)) found.push(`bundles ${file}`);
    for (const imported of input.imports) if (builtins.has(imported.path)) found.push(`${file} imports ${imported.path}`);
  }
  for (const output of Object.values(meta.outputs)) {
    for (const imported of output.imports) if (imported.path !== 'vscode') found.push(`loads ${imported.path} at run time`);
  }
  return found;
}

describe('the browser build', function () {
  this.timeout(60_000);

  it('bundles src/extension/web.ts without anything of Node', async () => {
    const meta = await browserBuild('src/extension/web.ts');
    assert.ok(Object.keys(meta.inputs).includes('src/extension/activate.ts'), 'the shared activation is not in the browser build');
    assert.ok(Object.keys(meta.inputs).includes('src/extension/annotationService.ts'));
    // PDF import, with pdf.js and its worker's handler bundled (run on the host's thread).
    assert.ok(Object.keys(meta.inputs).includes('src/extension/pdfImport.ts'), 'PDF import is not in the browser build');
    assert.ok(Object.keys(meta.inputs).some((f) => /pdfjs-dist\/legacy\/build\/pdf\.worker\.mjs$/.test(f)), "pdf.js's worker handler is not in the browser build");
    assert.deepEqual(nodeParts(meta), []);
  });

  it('is told apart from a build that reaches Node', async () => {
    // The desktop entry, built for the browser with Node's modules left external, shows its Node parts.
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['src/extension/extension.ts'],
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      mainFields: ['browser', 'module', 'main'],
      external: ['vscode', ...builtins],
      write: false,
      outfile: 'dist/desktop-as-web.js',
      metafile: true,
      logLevel: 'silent',
    });
    const found = nodeParts(result.metafile);
    assert.ok(found.includes('bundles src/extension/desktopHost.ts'), found.join('\n'));
    assert.ok(found.some((f) => /imports node:(fs|os|path|child_process)/.test(f)), found.join('\n'));
  });

  it('fails to build when the core is given a Node built-in', async () => {
    await assert.rejects(
      esbuild.build({
        stdin: { contents: "import { NodeStoreFileSystem } from './src/node/storeFileSystem'; export const x = NodeStoreFileSystem;", resolveDir: ROOT, loader: 'ts' },
        absWorkingDir: ROOT,
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
      /Could not resolve "node:/,
    );
  });
});
