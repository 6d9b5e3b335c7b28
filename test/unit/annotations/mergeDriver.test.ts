import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { CLI_BUNDLE_ALIAS } from '../../fixtures/build/cliBundle';
import { main } from '../../../src/cli/main';
import { parseReportAnnotations, serialiseReportAnnotations, storeFileFor, type Annotation, type ImprovementStatusRecord, type ReportAnnotations } from '../../../src/core/annotations';
import { mergeStoreFiles } from '../../../src/core/annotations/merge';
import { openNodeWorkspace } from '../../../src/node/workspace';
import { MERGE_ATTRIBUTES_LINE, setUpMergeDriver, shellQuote } from '../../../src/node/gitMergeDriver';
import { FakeIo } from '../workspace/helpers';

const REPORT = 'reports/wexcombe.txt';

function tag(id: string, fields: Partial<Annotation> = {}): Annotation {
  return {
    id,
    report: REPORT,
    paragraph: 'p1',
    selectors: { quote: { exact: 'Children wait too long.', prefix: '', suffix: '' }, position: { start: 0, end: 23 } },
    criteria: ['hp.drift-delay'],
    assessment: 'area-for-improvement',
    status: 'open',
    note: '',
    author: 'A. Officer',
    created: '2026-12-01T09:00:00.000Z',
    modified: '2026-12-01T09:00:00.000Z',
    ...fields,
  };
}

function store(...annotations: Annotation[]): string {
  const data: ReportAnnotations = { schemaVersion: 1, report: REPORT, annotations, improvements: [] };
  return serialiseReportAnnotations(data);
}

describe('merging store files', () => {
  describe('three-way merge', () => {
    it('merges tags by id field by field: each side keeps the fields it changed, new tags from both', () => {
      const base = store(tag('t1'), tag('t2'));
      const ours = store(tag('t1', { status: 'resolved', modified: '2026-12-02T09:00:00.000Z' }), tag('t2'), tag('t3', { author: 'A. Officer' }));
      const theirs = store(tag('t1', { note: 'seen at the front door', modified: '2026-12-03T09:00:00.000Z' }), tag('t4', { author: 'B. Officer' }));
      const merged = mergeStoreFiles({ name: 'x.json', base, ours, theirs });
      assert.ok(merged.ok);
      assert.deepEqual(merged.conflicts, []);
      const byId = new Map(merged.data.annotations.map((a) => [a.id, a]));
      // t2 removed by theirs and unchanged here: removed.
      assert.deepEqual([...byId.keys()].sort(), ['t1', 't3', 't4']);
      const t1 = byId.get('t1')!;
      assert.equal(t1.status, 'resolved');
      assert.equal(t1.note, 'seen at the front door');
      assert.equal(t1.modified, '2026-12-03T09:00:00.000Z');
      assert.ok(parseReportAnnotations('x.json', merged.text).ok);
    });

    it('a field both sides changed takes the later change and keeps the other version beside it, listed', () => {
      const base = store(tag('t1'));
      const ours = store(tag('t1', { criteria: ['hp.front-door'], modified: '2026-12-04T09:00:00.000Z' }));
      const theirs = store(tag('t1', { criteria: ['lead.recruitment-retention'], status: 'in-progress', modified: '2026-12-02T09:00:00.000Z' }));
      const merged = mergeStoreFiles({ name: 'x.json', base, ours, theirs });
      assert.ok(merged.ok);
      assert.equal(merged.conflicts.length, 1);
      assert.match(merged.conflicts[0].message, /both sides changed criteria \(ours: hp\.front-door; theirs: lead\.recruitment-retention\).*later change \(ours\).*t1~theirs/);
      const byId = new Map(merged.data.annotations.map((a) => [a.id, a]));
      assert.deepEqual(byId.get('t1')!.criteria, ['hp.front-door']);
      // The status only theirs changed is merged in.
      assert.equal(byId.get('t1')!.status, 'in-progress');
      assert.deepEqual(byId.get('t1~theirs')!.criteria, ['lead.recruitment-retention']);
    });

    it('keeps a tag changed on one side and removed on the other, and lists it', () => {
      const base = store(tag('t1'));
      const merged = mergeStoreFiles({ name: 'x.json', base, ours: store(), theirs: store(tag('t1', { note: 'checked', modified: '2026-12-05T09:00:00.000Z' })) });
      assert.ok(merged.ok);
      assert.deepEqual(merged.data.annotations.map((a) => a.note), ['checked']);
      assert.match(merged.conflicts[0].message, /removed in our version and changed in theirs/);
    });

    it('the anchor never conflicts: the later side wins', () => {
      const base = store(tag('t1'));
      const moved = (start: number, modified: string): Annotation => tag('t1', { selectors: { quote: { exact: 'Children wait too long.', prefix: 'x', suffix: '' }, position: { start, end: start + 23 } }, modified });
      const merged = mergeStoreFiles({ name: 'x.json', base, ours: store(moved(10, '2026-12-02T00:00:00.000Z')), theirs: store(moved(20, '2026-12-03T00:00:00.000Z')) });
      assert.ok(merged.ok);
      assert.deepEqual(merged.conflicts, []);
      assert.equal(merged.data.annotations[0].selectors.position.start, 20);
    });

    it('merges improvement statuses by item: one side\'s change taken, a change on both the later one, listed', () => {
      const status = (improvement: string, fields: Partial<ImprovementStatusRecord> = {}): ImprovementStatusRecord => ({
        report: REPORT,
        improvement,
        quote: `Item ${improvement}.`,
        status: 'open',
        note: '',
        author: 'A. Officer',
        modified: '2026-12-01T09:00:00.000Z',
        ...fields,
      });
      const file = (...improvements: ImprovementStatusRecord[]): string => serialiseReportAnnotations({ schemaVersion: 1, report: REPORT, annotations: [], improvements });
      const merged = mergeStoreFiles({
        name: 'x.json',
        base: file(status('ia1'), status('ia2')),
        ours: file(status('ia1', { status: 'in-progress', modified: '2026-12-02T09:00:00.000Z' }), status('ia2', { status: 'resolved', modified: '2026-12-02T09:00:00.000Z' })),
        theirs: file(status('ia1'), status('ia2', { status: 'in-progress', author: 'B. Officer', modified: '2026-12-03T09:00:00.000Z' }), status('ia3')),
      });
      assert.ok(merged.ok);
      assert.deepEqual(merged.data.improvements.map((r) => [r.improvement, r.status, r.author]), [
        ['ia1', 'in-progress', 'A. Officer'],
        ['ia2', 'in-progress', 'B. Officer'],
        ['ia3', 'open', 'A. Officer'],
      ]);
      assert.equal(merged.conflicts.length, 1);
      assert.match(merged.conflicts[0].message, /^improvement ia2: both sides changed status \(ours: resolved; theirs: in-progress\).*later change \(theirs\)/);
    });

    it('refuses a version that is not a store file, naming the problem', () => {
      const merged = mergeStoreFiles({ name: '.ilacs/annotations/a.txt.json', base: store(), ours: '<<<<<<< HEAD\n', theirs: store() });
      assert.equal(merged.ok, false);
      assert.match((merged as { problems: string[] }).problems[0], /^our version: \.ilacs\/annotations\/a\.txt\.json:1:1: not valid JSON/);
    });
  });

  describe('the command', () => {
    let tmp: string;
    beforeEach(async () => {
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-driver-'));
    });
    afterEach(async () => {
      await fs.rm(tmp, { recursive: true, force: true });
    });

    it('writes the merge to OURS, and leaves OURS as it was when a version is not a store file', async () => {
      const write = async (name: string, text: string): Promise<string> => {
        await fs.writeFile(path.join(tmp, name), text);
        return name;
      };
      await write('base', store(tag('t1')));
      await write('ours', store(tag('t1'), tag('t2')));
      await write('theirs', store(tag('t1'), tag('t3')));
      const io = new FakeIo(tmp);
      assert.equal(await main(['merge-driver', 'base', 'ours', 'theirs', '.ilacs/annotations/r.txt.json'], io), 0, io.stderr);
      const merged = parseReportAnnotations('ours', await fs.readFile(path.join(tmp, 'ours'), 'utf8'));
      assert.ok(merged.ok);
      assert.deepEqual(merged.data.annotations.map((a) => a.id).sort(), ['t1', 't2', 't3']);

      const broken = '{"schemaVersion": 1, "report": ';
      await write('ours', broken);
      const bad = new FakeIo(tmp);
      assert.equal(await main(['merge-driver', 'base', 'ours', 'theirs', '.ilacs/annotations/r.txt.json'], bad), 2);
      assert.match(bad.stderr, /\.ilacs\/annotations\/r\.txt\.json cannot be merged as a tag store.*\n\s+our version: \.ilacs\/annotations\/r\.txt\.json:1:\d+: not valid JSON/);
      assert.equal(await fs.readFile(path.join(tmp, 'ours'), 'utf8'), broken);
      const usage = new FakeIo(tmp);
      assert.equal(await main(['merge-driver', 'base', 'ours'], usage), 2);
    });

    it('set-up refuses a folder outside git, naming it, and keeps an existing .gitattributes as it is', async () => {
      await assert.rejects(setUpMergeDriver(tmp, ['ilacs']), (err: Error) => err.message.startsWith(`${tmp} is not inside a git repository`));
      await new Promise<void>((resolve, reject) => execFile('git', ['init', '-q'], { cwd: tmp }, (err) => (err ? reject(err) : resolve())));
      await fs.writeFile(path.join(tmp, '.gitattributes'), '*.txt text\r\n*.pdf binary');
      const setup = await setUpMergeDriver(tmp, ['/opt/my tools/node', 'cli.js']);
      assert.equal(setup.driver, "'/opt/my tools/node' cli.js merge-driver %O %A %B %P");
      assert.equal(await fs.readFile(path.join(tmp, '.gitattributes'), 'utf8'), `*.txt text\r\n*.pdf binary\r\n${MERGE_ATTRIBUTES_LINE}\r\n`);
      assert.equal(shellQuote("it's"), `'it'\\''s'`);
    });
  });

  describe('with real git', function () {
    this.timeout(120_000);
    let dir: string;
    let cli: string;
    const git = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      new Promise((resolve) => {
        execFile('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' } }, (err, stdout, stderr) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
        });
      });
    const ok = async (...args: string[]): Promise<string> => {
      const r = await git(...args);
      assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    let clock = Date.parse('2026-12-01T09:00:00.000Z');
    const ws = (): ReturnType<typeof openNodeWorkspace> => openNodeWorkspace(dir, { now: () => new Date((clock += 60_000)) });
    const storeFile = (): string => path.join(dir, ...storeFileFor(REPORT).split('/'));
    const readStore = async (): Promise<ReportAnnotations> => {
      const text = await fs.readFile(storeFile(), 'utf8');
      assert.doesNotMatch(text, /^(<<<<<<<|=======|>>>>>>>)/m);
      const parsed = parseReportAnnotations('store', text);
      assert.ok(parsed.ok, 'the merged store is a valid store file');
      return parsed.data;
    };
    const selectors = { quote: { exact: 'Children wait too long.', prefix: '', suffix: '' }, position: { start: 0, end: 23 } };

    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ilacs-merge-'));
      cli = path.join(dir, '..', `${path.basename(dir)}-cli.js`);
      await build({ entryPoints: [path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'silent', mainFields: ['module', 'main'], alias: CLI_BUNDLE_ALIAS });
      await ok('init', '-q', '-b', 'main');
      const io = new FakeIo(dir);
      assert.equal(await main(['merge-driver', '--setup', '.', '--command', `${process.execPath} ${cli}`], io), 0, io.stderr);
      assert.match(io.stdout, /Added to \.gitattributes/);
      const again = new FakeIo(dir);
      assert.equal(await main(['merge-driver', '--setup', '.', '--command', `${process.execPath} ${cli}`], again), 0);
      assert.match(again.stdout, /Already in \.gitattributes/);
      assert.equal((await fs.readFile(path.join(dir, '.gitattributes'), 'utf8')).split(MERGE_ATTRIBUTES_LINE).length, 2, 'the line is added once');
      assert.match(await ok('config', 'merge.ilacs-store.driver'), /merge-driver %O %A %B %P\n$/);
      await fs.mkdir(path.join(dir, 'reports'));
      await fs.writeFile(path.join(dir, REPORT), 'Children wait too long.\n');
    });
    after(async () => {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(cli, { force: true });
    });

    it('merges two officers\' branches without conflict markers', async () => {
      const first = await ws().store.add(REPORT, { paragraph: 'p1', selectors, criteria: ['hp.drift-delay'], author: 'A. Officer' });
      const gone = await ws().store.add(REPORT, { paragraph: 'p1', selectors, criteria: ['hp.front-door'], author: 'A. Officer' });
      await ok('add', '-A');
      await ok('commit', '-qm', 'base');
      await ok('checkout', '-qb', 'officer-b');
      await ws().store.add(REPORT, { paragraph: 'p1', selectors, criteria: ['lead.recruitment-retention'], author: 'B. Officer' });
      await ws().store.update(REPORT, first.id, { note: 'B agrees' });
      await ok('commit', '-qam', 'B tags');
      await ok('checkout', '-q', 'main');
      await ws().store.update(REPORT, first.id, { status: 'resolved' });
      await ws().store.remove(REPORT, gone.id);
      await ws().store.add(REPORT, { paragraph: 'p1', selectors, criteria: ['cic.stability'], author: 'A. Officer' });
      await ok('commit', '-qam', 'A tags');
      const merge = await git('merge', '--no-edit', 'officer-b');
      assert.equal(merge.code, 0, merge.stderr + merge.stdout);
      const data = await readStore();
      assert.deepEqual(data.annotations.map((a) => a.criteria[0]).sort(), ['cic.stability', 'hp.drift-delay', 'lead.recruitment-retention']);
      const merged = data.annotations.find((a) => a.id === first.id)!;
      assert.equal(merged.status, 'resolved');
      assert.equal(merged.note, 'B agrees');
      assert.equal(await ok('status', '--porcelain'), '');
    });

    it('keeps both versions of a real conflict, lists it, and git stops for review', async () => {
      const [first] = (await ws().store.list(REPORT)).filter((a) => a.criteria[0] === 'hp.drift-delay');
      await ok('checkout', '-qb', 'officer-b2');
      await ws().store.update(REPORT, first.id, { criteria: ['hp.front-door'] });
      await ok('commit', '-qam', 'B changes criteria');
      await ok('checkout', '-q', 'main');
      await ws().store.update(REPORT, first.id, { criteria: ['hp.assessment-quality'] });
      await ok('commit', '-qam', 'A changes criteria');
      const merge = await git('merge', '--no-edit', 'officer-b2');
      assert.notEqual(merge.code, 0, 'git reports the conflict');
      assert.match(merge.stderr + merge.stdout, new RegExp(`tag ${first.id}: both sides changed criteria`));
      const data = await readStore();
      const versions = data.annotations.filter((a) => a.id === first.id || a.id.startsWith(`${first.id}~`));
      // A's change was made after B's (the clock only moves forward), so it stays under the id; B's is kept beside it.
      assert.deepEqual(versions.map((a) => [a.id, a.criteria[0]]).sort(), [
        [first.id, 'hp.assessment-quality'],
        [`${first.id}~theirs`, 'hp.front-door'],
      ]);
      assert.match(await ok('status', '--porcelain'), /^UU /m);
    });
  });
});
