import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { codebookCommand } from '../../../src/cli/commands/codebook';
import { commands } from '../../../src/cli/commands';
import { CapturedIo as FakeIo } from '../helpers/capturedIo';
import { main } from '../../../src/cli/main';
import { builtinCodebook } from '../../../src/core/codebook';


describe('ilacs codebook', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ilacs-cli-codebook-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeCodebook(text: string): Promise<string> {
    await mkdir(path.join(dir, '.ilacs'), { recursive: true });
    const file = path.join(dir, '.ilacs', 'codebook.json');
    await writeFile(file, text);
    return file;
  }

  it('is registered', () => {
    assert.ok(commands.includes(codebookCommand));
  });

  it('prints the built-in codebook as JSON', async () => {
    const io = new FakeIo(dir);
    assert.equal(await codebookCommand.run(['--json'], io), 0);
    assert.equal(io.stderr, '');
    const json = JSON.parse(io.stdout);
    const builtin = builtinCodebook();
    assert.equal(json.source, 'builtin');
    assert.deepEqual(json.areas.map((a: { id: string }) => a.id), builtin.areas.map((a) => a.id));
    assert.deepEqual(json.areas[0], builtin.areas[0]);
    assert.equal(json.criteria.length, builtin.criteria.length);
    const c = json.criteria.find((x: { id: string }) => x.id === 'cl.pathway-plans');
    assert.deepEqual(Object.keys(c), ['id', 'label', 'area', 'description', 'keywords']);
    assert.equal(c.area, 'care-leavers');
  });

  it('prints a readable table grouped by area', async () => {
    const io = new FakeIo(dir);
    assert.equal(await codebookCommand.run([], io), 0);
    const out = io.stdout;
    assert.match(out, /^Codebook: builtin\n/);
    const hp = out.indexOf('Help and protection (help-and-protection, ');
    const cic = out.indexOf('Children in care (children-in-care, ');
    const cl = out.indexOf('Care leavers (care-leavers, ');
    const lead = out.indexOf('Impact of leaders (impact-of-leaders, ');
    assert.ok(hp >= 0 && hp < cic && cic < cl && cl < lead, 'areas in report order');
    assert.ok(out.indexOf('  hp.front-door ') > hp && out.indexOf('  hp.front-door ') < cic);
    assert.ok(out.indexOf('  lead.supervision ') > lead);
    assert.match(out, /children-in-care-and-care-leavers +Children in care and care leavers -> children-in-care, care-leavers/);
  });

  it('uses the workspace codebook given with --workspace', async () => {
    const file = await writeCodebook('{"criteria": [{"id": "hp.court", "label": "Court work", "area": "help-and-protection", "keywords": ["court"]}], "remove": ["hp.young-carers"]}');
    const io = new FakeIo(tmpdir());
    assert.equal(await codebookCommand.run(['--workspace', dir, '--json'], io), 0);
    const json = JSON.parse(io.stdout);
    assert.equal(json.source, file);
    const ids = json.criteria.map((c: { id: string }) => c.id);
    assert.ok(ids.includes('hp.court'));
    assert.ok(!ids.includes('hp.young-carers'));
  });

  it('prints errors as file:line:column and exits 1 for an invalid codebook', async () => {
    await writeCodebook('{\n  "criteria": [\n    {"id": "hp.x", "label": "X", "area": "nowhere"}\n  ],\n  "mode": "both"\n}\n');
    const io = new FakeIo(dir);
    assert.equal(await codebookCommand.run([], io), 1);
    assert.equal(io.stdout, '');
    const errLines = io.stderr.trimEnd().split('\n');
    const file = path.join('.ilacs', 'codebook.json');
    assert.equal(errLines[0], `${file}:3:42: criteria[0].area: unknown area "nowhere" (not built in and not defined under "areas")`);
    assert.equal(errLines[1], `${file}:5:11: mode: must be one of "extends", "replaces"`);
    assert.match(errLines[2], /2 error\(s\)/);
  });

  it('treats stray arguments and unknown options as usage errors', async () => {
    const io = new FakeIo(dir);
    assert.equal(await main(['codebook', 'extra'], io), 2);
    assert.match(io.stderr, /unexpected argument "extra"/);
    const io2 = new FakeIo(dir);
    assert.equal(await main(['codebook', '--csv'], io2), 2);
    assert.match(io2.stderr, /unknown option --csv/);
  });

  it('runs as a built CLI', async function () {
    this.timeout(60_000);
    const outfile = path.join(dir, 'cli.js');
    await build({ entryPoints: [path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent',
      // As esbuild.js does: jsonc-parser's UMD entry cannot be bundled, its ES module entry can.
      mainFields: ['module', 'main'],
      // As esbuild.js does: Vega's Node canvas module awaits at its top level; its browser build bundles.
      alias: { 'vega-canvas': path.join(__dirname, '..', '..', '..', 'node_modules', 'vega-canvas', 'build', 'vega-canvas.browser.js') },
    });
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [outfile, 'codebook', '--json', '--workspace', dir]);
    assert.equal(JSON.parse(stdout).criteria.length, builtinCodebook().criteria.length);
    await writeCodebook('{"remove": ["hp.nope"]}');
    await assert.rejects(run(process.execPath, [outfile, 'codebook', '--workspace', dir]), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr, /codebook\.json:1:13: remove\[0\]: no built-in criterion "hp.nope" to remove/);
      return true;
    });
  });
});
